// Drill mode ("Övningsläge") for the whole app: whether a drill runs, its progress (from
// drillSteps' rules), and the one `report` function the views call with what the person
// did. A completed drill is recorded at once (recordDrill); a cancelled one is recorded as
// not completed. `recorded` moves on after each save so the status page reloads its history.
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import type { DrillTargetView } from '../../../sync/api/contract.js';
import { useApi } from '../api/ApiProvider';
import { applyDrillEvent, drillRecord, elapsedSeconds, isDrillComplete, startDrill, type DrillEvent, type DrillProgress } from './drillSteps';

export type SaveState = { state: 'saving' } | { state: 'saved' } | { state: 'failed'; message: string };

export interface Drill {
  /** The running or just finished drill; null outside drill mode. */
  progress: DrillProgress | null;
  /** Set once every step is done: how long it took and whether it is recorded. */
  finished: { seconds: number; save: SaveState } | null;
  /** Counts recorded drills, so views showing the history know to reload it. */
  recorded: number;
  start(target: DrillTargetView): void;
  cancel(): void;
  /** Leaves drill mode after a finished drill. */
  close(): void;
  report(event: DrillEvent): void;
}

const DrillContext = createContext<Drill | null>(null);

export function DrillProvider({ children }: { children: ReactNode }) {
  const api = useApi();
  const [progress, setProgress] = useState<DrillProgress | null>(null);
  const [finished, setFinished] = useState<Drill['finished']>(null);
  const [recorded, setRecorded] = useState(0);
  const saving = useRef<DrillProgress | null>(null);
  const current = useRef<DrillProgress | null>(null);
  current.current = progress;

  const save = useCallback(
    async (p: DrillProgress, endedAtMs: number): Promise<SaveState> => {
      const r = await api.recordDrill(drillRecord(p, endedAtMs));
      setRecorded((n) => n + 1);
      return r.ok ? { state: 'saved' } : { state: 'failed', message: r.error.message };
    },
    [api],
  );

  // The moment the last step is done: stop the clock and record the drill, once.
  useEffect(() => {
    if (!progress || !isDrillComplete(progress) || saving.current === progress) return;
    saving.current = progress;
    const ended = Date.now();
    setFinished({ seconds: elapsedSeconds(progress, ended), save: { state: 'saving' } });
    void save(progress, ended).then((s) => setFinished((f) => (f ? { ...f, save: s } : f)));
  }, [progress, save]);

  const start = useCallback((target: DrillTargetView) => {
    setFinished(null);
    saving.current = null;
    setProgress(startDrill(target, Date.now()));
  }, []);

  const cancel = useCallback(() => {
    const p = current.current;
    if (p && !isDrillComplete(p)) void save(p, Date.now());
    setProgress(null);
    setFinished(null);
  }, [save]);

  const close = useCallback(() => {
    setProgress(null);
    setFinished(null);
  }, []);

  const report = useCallback((event: DrillEvent) => {
    setProgress((p) => (p && !isDrillComplete(p) ? applyDrillEvent(p, event) : p));
  }, []);

  const value = useMemo(() => ({ progress, finished, recorded, start, cancel, close, report }), [progress, finished, recorded, start, cancel, close, report]);
  return <DrillContext.Provider value={value}>{children}</DrillContext.Provider>;
}

export function useDrill(): Drill {
  const ctx = useContext(DrillContext);
  if (!ctx) throw new Error('useDrill outside DrillProvider');
  return ctx;
}
