// `daemon`: keeps the mirror current without anyone logged in. Syncs on the schedule,
// retries sooner (with growing pauses) while sources are unreachable, syncs a folder
// library shortly after its files change, and stops cleanly on SIGINT/SIGTERM.
import type { Config } from '../config/loadConfig.js';
import type { Logger } from '../log/logger.js';
import { acquireLock, LockedError, waitForLock } from '../engine/syncLock.js';
import { runSync, type SyncRunOptions, type SyncRunResult } from '../engine/runSync.js';
import { createSource } from '../sources/createSource.js';
import { defaultRetryPolicy } from '../net/retry.js';
import { userAgent } from '../version.js';
import { errorMessage, UserError } from '../errors.js';
import { watchMirror } from './mirrorWatch.js';
import { writeNextSync } from '../fleet/schedule.js';
import { publishStatusReport } from '../fleet/publishReport.js';
import { Catalog } from '../catalog/catalog.js';

export interface DaemonOptions {
  log: Logger;
  signal: AbortSignal;
  /** First pause after a failed run; doubles up to the schedule interval. */
  retryBaseMs?: number;
  /** Overrides schedule.intervalMinutes (tests and troubleshooting only). */
  intervalMs?: number;
  /** Wait for another daemon on the same data folder to stop, instead of exiting. */
  waitForOtherDaemon?: boolean;
  onRun?: (result: SyncRunResult | Error) => void;
  syncOptions?: Partial<SyncRunOptions>;
}

export function nextDelayMs(intervalMs: number, consecutiveFailures: number, retryBaseMs: number): number {
  if (consecutiveFailures === 0) return intervalMs;
  return Math.min(intervalMs, retryBaseMs * 2 ** (consecutiveFailures - 1));
}

export async function runDaemon(config: Config, opts: DaemonOptions): Promise<void> {
  const { log, signal } = opts;
  const release = await takeDaemonLock(config, opts);
  if (!release) return;
  const intervalMs = opts.intervalMs ?? config.schedule.intervalMinutes * 60_000;
  const retryBaseMs = opts.retryBaseMs ?? 60_000;
  let wake: (() => void) | undefined;
  const pending = new Set<string>();
  const stopWatchers = startWatchers(config, log, (libraryId) => {
    pending.add(libraryId);
    wake?.();
  });
  // Syncs and mirror repairs never overlap inside the daemon.
  let chain: Promise<unknown> = Promise.resolve();
  const exclusive = <T>(fn: () => Promise<T>): Promise<T> => {
    const next = chain.then(fn, fn);
    chain = next.catch(() => undefined);
    return next;
  };
  let stopMirrorWatch: (() => Promise<void>) | undefined;
  log.info('daemon started', { libraries: config.libraries.map((l) => l.id), intervalSeconds: intervalMs / 1000 });
  let failures = 0;
  let libraryIds: string[] | undefined;
  try {
    while (!signal.aborted) {
      const releaseSync = await waitForLock(config.dataDir, 'daemon-sync', signal).catch(() => null);
      if (!releaseSync) break;
      releaseSync(); // runSync takes the lock itself; waiting here only avoids failing while a manual sync runs
      try {
        const result = await exclusive(() => runSync(config, {
          trigger: libraryIds ? 'watch' : 'schedule',
          signal,
          log,
          ...(libraryIds ? { libraryIds } : {}),
          publishReport: false,
          ...opts.syncOptions,
        }));
        failures = result.outcomes.some((o) => o.result === 'failed') ? failures + 1 : 0;
        opts.onRun?.(result);
      } catch (err) {
        failures++;
        log.error('sync run failed', { error: errorMessage(err) });
        opts.onRun?.(err as Error);
      }
      const delay = nextDelayMs(intervalMs, failures, retryBaseMs);
      log.info('next sync scheduled', { inMs: delay, consecutiveFailures: failures });
      await reportWithSchedule(config, log, new Date(Date.now() + delay));
      // Watch the mirror once the first sync has laid it out, so the watcher sees the whole tree.
      stopMirrorWatch ??= watchMirror(config, log, exclusive);
      libraryIds = await pause(delay, signal, (w) => (wake = w), pending);
    }
  } finally {
    await stopWatchers();
    await stopMirrorWatch?.();
    await chain;
    release();
    log.info('daemon stopped');
  }
}

/** One daemon per data folder. Resolves to null when stopped while waiting. */
async function takeDaemonLock(config: Config, opts: DaemonOptions): Promise<(() => void) | null> {
  try {
    return acquireLock(config.dataDir, 'daemon', 'daemon.lock');
  } catch (err) {
    if (!(err instanceof LockedError)) throw err;
    if (!opts.waitForOtherDaemon) {
      throw new UserError(
        `Tjänsten (lita-reserv daemon) körs redan för datamappen ${config.dataDir} ` +
          `(pid ${err.holder.pid} på ${err.holder.hostname}, sedan ${err.holder.since}). ` +
          `Två tjänster på samma datamapp behövs inte; stoppa den andra först, eller starta med --wait för att ta över när den slutar.`,
        1,
      );
    }
    opts.log.info('another daemon holds the lock; waiting', { holderPid: err.holder.pid });
    return waitForLock(config.dataDir, 'daemon', opts.signal, 1000, 'daemon.lock').catch((waitErr: unknown) => {
      if (opts.signal.aborted) return null;
      throw waitErr;
    });
  }
}

/** Notes the next sync time and publishes the status report with it. */
async function reportWithSchedule(config: Config, log: Logger, next: Date): Promise<void> {
  try {
    writeNextSync(config.dataDir, next);
    if (!config.statusReport) return;
    const catalog = Catalog.open(config.dataDir);
    try {
      await publishStatusReport(config, catalog, { now: new Date(), log, nextSyncAt: next.toISOString() });
    } finally {
      catalog.close();
    }
  } catch (err) {
    log.warn('could not record the schedule', { error: errorMessage(err) });
  }
}

/** Waits `ms`, or until a watcher reports changes (then returns the libraries to sync). */
function pause(ms: number, signal: AbortSignal, setWake: (w: () => void) => void, pending: Set<string>): Promise<string[] | undefined> {
  return new Promise((resolve) => {
    // A stop requested while a sync ran must not wait out the whole pause.
    if (signal.aborted) return resolve(undefined);
    const finish = (ids: string[] | undefined) => {
      clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
      resolve(ids);
    };
    const takePending = () => {
      const ids = [...pending];
      pending.clear();
      finish(ids);
    };
    const onAbort = () => finish(undefined);
    const timer = setTimeout(() => {
      pending.clear();
      finish(undefined);
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
    if (pending.size > 0) takePending();
    else setWake(takePending);
  });
}

function startWatchers(config: Config, log: Logger, onChange: (libraryId: string) => void): () => Promise<void> {
  const stops: (() => Promise<void>)[] = [];
  for (const lib of config.libraries) {
    const source = createSource(lib.source, {
      libraryId: lib.id,
      log: log.child({ library: lib.id }),
      timeoutMs: config.network.timeoutSeconds * 1000,
      retry: defaultRetryPolicy,
      userAgent,
      state: { get: () => undefined, set: () => undefined },
    });
    if (source.watch) {
      stops.push(source.watch(() => onChange(lib.id)));
      log.info('watching folder source', { library: lib.id });
    }
  }
  return async () => {
    await Promise.all(stops.map((s) => s().catch(() => undefined)));
  };
}
