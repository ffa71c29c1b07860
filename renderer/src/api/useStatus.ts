// The status report every view shares (so every place shows the same freshness), kept
// current by sync events and a slow poll, plus a clock that ticks each minute so "för 3
// timmar sedan" moves on its own.
import { useCallback, useEffect, useState } from 'react';
import type { StatusView, SyncEvent, SyncProgressView } from '../../../sync/api/contract.js';
import { useApi } from './ApiProvider';

const POLL_MS = 60_000;

export interface LiveStatus {
  status: StatusView | null;
  error: string | null;
  progress: SyncProgressView | null;
  syncing: boolean;
  lastEvent: SyncEvent | null;
  now: Date;
  refresh(): void;
}

export function useStatus(): LiveStatus {
  const api = useApi();
  const [status, setStatus] = useState<StatusView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [progress, setProgress] = useState<SyncProgressView | null>(null);
  const [syncing, setSyncing] = useState(false);
  const [lastEvent, setLastEvent] = useState<SyncEvent | null>(null);
  const [now, setNow] = useState(() => new Date());

  const refresh = useCallback(() => {
    void api.status().then((r) => {
      setNow(new Date());
      if (r.ok) {
        setStatus(r.value);
        setError(null);
        setSyncing(r.value.sync.running);
        setProgress(r.value.sync.progress);
      } else setError(r.error.message);
    });
  }, [api]);

  useEffect(() => {
    refresh();
    const poll = setInterval(refresh, POLL_MS);
    const tick = setInterval(() => setNow(new Date()), 30_000);
    const stop = api.onSyncEvent((e) => {
      setLastEvent(e);
      if (e.type === 'started') setSyncing(true);
      if (e.type === 'progress') {
        setSyncing(true);
        setProgress(e.progress);
      }
      if (e.type === 'finished' || e.type === 'failed') {
        setSyncing(false);
        setProgress(null);
        refresh();
      }
    });
    return () => {
      clearInterval(poll);
      clearInterval(tick);
      stop();
    };
  }, [api, refresh]);

  return { status, error, progress, syncing, lastEvent, now, refresh };
}
