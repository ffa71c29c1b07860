// Runs "Synka nu" (and the desktop app's scheduled sync) without blocking the process
// that serves the UI: the engine's runSync runs in a worker thread and its progress comes
// back as SyncEvents. One run at a time here; the data folder's lock keeps other
// processes (the CLI, the service) out, and a held lock is a clear message, not a crash.
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Config } from '../config/loadConfig.js';
import { acquireLock, LockedError } from '../engine/syncLock.js';
import { runSync, type SyncRunResult } from '../engine/runSync.js';
import type { SyncProgress } from '../engine/progress.js';
import { errorMessage } from '../errors.js';
import type { LibraryOutcomeView, SyncEvent, SyncProgressView } from './contract.js';
import { ApiFailure } from './apiFailure.js';

export interface SyncRequest {
  trigger: string;
  approveDeletions?: boolean;
  libraryIds?: string[];
}

/** What the worker posts back. */
export type WorkerMessage =
  | { type: 'progress'; progress: SyncProgress }
  | { type: 'finished'; exitCode: number; libraries: LibraryOutcomeView[] }
  | { type: 'failed'; message: string };

export interface WorkerInput {
  config: Config;
  request: SyncRequest;
  nativeBinding: string | undefined;
}

export interface SyncRunnerOptions {
  /** better-sqlite3 binding for the worker (the Electron build), if any. */
  nativeBinding?: string | undefined;
  /** 'worker' (default when the compiled worker exists) or 'inline' (same thread). */
  mode?: 'worker' | 'inline';
  now?: () => Date;
}

const WORKER_FILE = fileURLToPath(new URL('./syncWorker.js', import.meta.url));

export class SyncRunner {
  private running = false;
  private progress: SyncProgressView | null = null;
  private readonly listeners = new Set<(e: SyncEvent) => void>();
  private readonly mode: 'worker' | 'inline';
  private readonly now: () => Date;

  constructor(
    private readonly config: Config,
    private readonly options: SyncRunnerOptions = {},
  ) {
    // Under the TypeScript test runner there is no compiled worker beside this file.
    this.mode = options.mode ?? (fs.existsSync(WORKER_FILE) ? 'worker' : 'inline');
    this.now = options.now ?? (() => new Date());
  }

  get state(): { running: boolean; progress: SyncProgressView | null } {
    return { running: this.running, progress: this.running ? this.progress : null };
  }

  subscribe(listener: (e: SyncEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Starts a run and returns once it has started; its end arrives as an event. Refuses
   * (busy) when a run is going here or another process holds the data folder's lock.
   */
  start(request: SyncRequest): Promise<SyncRunResultSummary> {
    if (this.running) throw new ApiFailure('busy', 'En synk pågår redan. Vänta tills den är klar.');
    this.probeLock();
    this.running = true;
    this.progress = null;
    this.emit({ type: 'started', trigger: request.trigger, at: this.now().toISOString() });
    const done = (this.mode === 'worker' ? this.runInWorker(request) : this.runInline(request)).then(
      (msg) => this.finish(msg),
      (err: unknown) => this.finish({ type: 'failed', message: errorMessage(err) }),
    );
    return done;
  }

  private probeLock(): void {
    try {
      acquireLock(this.config.dataDir, 'ui-probe')();
    } catch (err) {
      if (err instanceof LockedError) throw new ApiFailure('busy', err.message);
      throw err;
    }
  }

  private finish(msg: Exclude<WorkerMessage, { type: 'progress' }>): SyncRunResultSummary {
    this.running = false;
    this.progress = null;
    const at = this.now().toISOString();
    if (msg.type === 'finished') {
      this.emit({ type: 'finished', at, exitCode: msg.exitCode, libraries: msg.libraries });
      return { ok: true, exitCode: msg.exitCode, libraries: msg.libraries };
    }
    this.emit({ type: 'failed', at, message: msg.message });
    return { ok: false, message: msg.message };
  }

  private onProgress = (p: SyncProgress): void => {
    this.progress = { ...p };
    this.emit({ type: 'progress', progress: this.progress });
  };

  private emit(e: SyncEvent): void {
    for (const l of this.listeners) {
      try {
        l(e);
      } catch (err) {
        // One broken listener (a closed page) must not stop the others or the sync.
        console.error(`sync event listener failed: ${errorMessage(err)}`);
      }
    }
  }

  private async runInline(request: SyncRequest): Promise<Exclude<WorkerMessage, { type: 'progress' }>> {
    const result = await runSync(this.config, { ...request, onProgress: throttleProgress(this.onProgress) });
    return summarize(result);
  }

  private runInWorker(request: SyncRequest): Promise<Exclude<WorkerMessage, { type: 'progress' }>> {
    const input: WorkerInput = { config: this.config, request, nativeBinding: this.options.nativeBinding };
    return new Promise((resolve) => {
      const worker = new Worker(WORKER_FILE, { workerData: input });
      let settled = false;
      const settle = (m: Exclude<WorkerMessage, { type: 'progress' }>) => {
        if (settled) return;
        settled = true;
        resolve(m);
      };
      worker.on('message', (m: WorkerMessage) => {
        if (m.type === 'progress') this.onProgress(m.progress);
        else settle(m);
      });
      worker.on('error', (err) => settle({ type: 'failed', message: `Synken avbröts: ${errorMessage(err)}` }));
      worker.on('exit', (code) => settle({ type: 'failed', message: `Synken avbröts (kod ${code}).` }));
    });
  }
}

export type SyncRunResultSummary =
  | { ok: true; exitCode: number; libraries: LibraryOutcomeView[] }
  | { ok: false; message: string };

export function summarize(result: SyncRunResult): { type: 'finished'; exitCode: number; libraries: LibraryOutcomeView[] } {
  return {
    type: 'finished',
    exitCode: result.exitCode,
    libraries: result.outcomes.map((o) => ({
      id: o.libraryId,
      title: o.title,
      result: o.result,
      error: o.error,
      added: o.counts.added,
      updated: o.counts.updated,
      removed: o.counts.removed,
      failed: o.counts.failed,
      held: o.counts.held,
    })),
  };
}

/** At most one event per interval, but every phase change and the last one of a phase. */
export function throttleProgress(listener: (p: SyncProgress) => void, intervalMs = 100): (p: SyncProgress) => void {
  let last = 0;
  let lastPhase = '';
  return (p) => {
    const now = Date.now();
    const key = `${p.libraryId}:${p.phase}`;
    if (key === lastPhase && now - last < intervalMs && p.done < p.total) return;
    last = now;
    lastPhase = key;
    listener(p);
  };
}
