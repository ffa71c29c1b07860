// A small pool of extraction worker threads. Each job runs in a worker with a memory
// limit (Worker resourceLimits) and a time limit: a worker that overruns is terminated and
// the job answered "no searchable text" with the reason; a worker that crashes or runs out
// of memory is replaced. Nothing a document contains can stall or crash the sync.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker, type ResourceLimits } from 'node:worker_threads';
import type { Logger } from '../log/logger.js';
import { silentLogger } from '../log/logger.js';
import type { ExtractionJob, ExtractionOutcome, TextLimits } from './extractText.js';
import type { WorkerOptions, WorkerReply, WorkerRequest } from './extractWorker.js';

export interface ExtractionLimits extends TextLimits {
  /** A job taking longer is stopped (its worker terminated). */
  timeoutMs: number;
  /** V8 heap limit of a worker, in MB; PDFium's WebAssembly heap is bounded to the same size. */
  maxMemoryMb: number;
}

export const DEFAULT_LIMITS: ExtractionLimits = {
  timeoutMs: 60_000,
  maxMemoryMb: 512,
  maxChars: 1_000_000,
  maxInputBytes: 200 * 1024 * 1024,
};

/** A worker is replaced after this many jobs, so memory a parser leaks cannot pile up. */
const JOBS_PER_WORKER = 200;
const STARTUP_TIMEOUT_MS = 60_000;

function formatSeconds(ms: number): string {
  return ms >= 1000 ? `${Math.round(ms / 1000)} s` : `${ms} ms`;
}

/**
 * One worker per core, at most four. Extraction is the slowest part of a first sync (a
 * PDF page costs a few milliseconds, a library has tens of thousands), and the sync's own
 * thread mostly waits for the network and the disk: on two cores two workers finished a
 * first sync of 200 PDFs in 6.4 s where one took 9.1 s. Later syncs extract only what
 * changed.
 */
export function defaultPoolSize(): number {
  return Math.max(1, Math.min(4, os.availableParallelism()));
}

interface Pending {
  id: number;
  job: ExtractionJob;
  resolve(outcome: ExtractionOutcome): void;
}

interface Slot {
  worker: Worker;
  ready: boolean;
  current: Pending | null;
  timer: NodeJS.Timeout | null;
  jobs: number;
}

export class ExtractorPool {
  readonly size: number;
  readonly limits: ExtractionLimits;
  private readonly log: Logger;
  private readonly queue: Pending[] = [];
  private readonly slots = new Set<Slot>();
  private nextId = 1;
  private closed = false;

  constructor(opts: { size?: number; limits?: Partial<ExtractionLimits>; log?: Logger } = {}) {
    this.size = Math.max(1, opts.size ?? defaultPoolSize());
    this.limits = { ...DEFAULT_LIMITS, ...opts.limits };
    this.log = opts.log ?? silentLogger;
  }

  /** Extracts one body. Never rejects: problems come back as outcomes with a reason. */
  extract(job: ExtractionJob): Promise<ExtractionOutcome> {
    if (this.closed) return Promise.resolve({ status: 'failed', reason: 'textutdraget är avstängt' });
    return new Promise((resolve) => {
      this.queue.push({ id: this.nextId++, job, resolve });
      this.pump();
    });
  }

  /** Starts a worker ahead of the first job, so that loading its parsers overlaps other work. */
  warmUp(): void {
    if (!this.closed && this.slots.size === 0) this.spawn();
  }

  /** Jobs waiting or running. */
  get pending(): number {
    let running = 0;
    for (const s of this.slots) if (s.current) running++;
    return this.queue.length + running;
  }

  /** Stops every worker; jobs not finished come back as 'failed' (they are retried next sync). */
  async close(): Promise<void> {
    this.closed = true;
    for (const p of this.queue.splice(0)) p.resolve({ status: 'failed', reason: 'synken avslutades innan texten lästes ut' });
    await Promise.all([...this.slots].map((s) => this.retire(s, { status: 'failed', reason: 'synken avslutades innan texten lästes ut' })));
  }

  private pump(): void {
    while (this.queue.length > 0 && !this.closed) {
      const slot = [...this.slots].find((s) => !s.current) ?? (this.slots.size < this.size ? this.spawn() : null);
      if (!slot) return;
      this.assign(slot, this.queue.shift()!);
    }
  }

  private assign(slot: Slot, job: Pending): void {
    slot.current = job;
    slot.worker.ref();
    if (slot.ready) this.startTimer(slot);
    else {
      // Starting a worker is not the document's time; a worker that never starts is not the document's fault.
      slot.timer = setTimeout(() => {
        this.log.error('text extraction worker did not start', { timeoutMs: STARTUP_TIMEOUT_MS });
        void this.retire(slot, { status: 'failed', reason: 'textutdraget kunde inte starta i tid' });
      }, STARTUP_TIMEOUT_MS);
    }
    const request: WorkerRequest = { id: job.id, job: job.job, limits: { maxChars: this.limits.maxChars, maxInputBytes: this.limits.maxInputBytes } };
    slot.worker.postMessage(request);
  }

  private startTimer(slot: Slot): void {
    const job = slot.current;
    if (slot.timer) clearTimeout(slot.timer);
    if (!job) return;
    slot.timer = setTimeout(() => {
      this.log.warn('text extraction timed out', { file: job.job.fileName, timeoutMs: this.limits.timeoutMs });
      void this.retire(slot, { status: 'none', reason: `textutdraget tog för lång tid (gränsen är ${formatSeconds(this.limits.timeoutMs)})` });
    }, this.limits.timeoutMs);
  }

  private spawn(): Slot {
    const resourceLimits: ResourceLimits = {
      maxOldGenerationSizeMb: this.limits.maxMemoryMb,
      maxYoungGenerationSizeMb: Math.min(64, Math.max(8, Math.round(this.limits.maxMemoryMb / 8))),
      stackSizeMb: 4,
    };
    const worker = startWorker(resourceLimits, { maxMemoryMb: this.limits.maxMemoryMb });
    const slot: Slot = { worker, ready: false, current: null, timer: null, jobs: 0 };
    this.slots.add(slot);
    // The worker's console (pdf.js warnings) must never reach stdout: `--json` output lives there.
    worker.stdout.on('data', (d: Buffer) => this.log.debug('extraction worker output', { text: d.toString().slice(0, 500) }));
    worker.stderr.on('data', (d: Buffer) => this.log.debug('extraction worker output', { text: d.toString().slice(0, 500) }));
    worker.on('message', (reply: WorkerReply) => this.finish(slot, reply));
    worker.on('error', (err: Error & { code?: string }) => {
      const file = slot.current?.job.fileName;
      if (!slot.ready) {
        // Not the document's fault: keep it queued for the next sync rather than marking it.
        this.log.error('text extraction worker could not start', { error: err.message, code: err.code });
        void this.retire(slot, { status: 'failed', reason: `textutdraget kunde inte starta (${err.message.slice(0, 200)})` });
        return;
      }
      this.log.warn('text extraction worker failed', { file, error: err.message, code: err.code });
      const reason =
        err.code === 'ERR_WORKER_OUT_OF_MEMORY'
          ? `textutdraget behövde mer minne än gränsen (${this.limits.maxMemoryMb} MB)`
          : `textutdraget avbröts av ett fel (${err.message.slice(0, 200)})`;
      void this.retire(slot, { status: 'none', reason });
    });
    worker.on('exit', () => {
      if (this.slots.has(slot)) void this.retire(slot, { status: 'none', reason: 'textutdraget avbröts oväntat' });
    });
    worker.unref();
    return slot;
  }

  private finish(slot: Slot, reply: WorkerReply): void {
    if ('ready' in reply) {
      slot.ready = true;
      this.startTimer(slot);
      return;
    }
    const job = slot.current;
    if (!job || job.id !== reply.id) return;
    this.release(slot);
    job.resolve(reply.outcome);
    // A worker whose parser failed in a way that may have left it unusable is not given another job.
    if (++slot.jobs >= JOBS_PER_WORKER || reply.retire) void this.retire(slot, null);
    this.pump();
  }

  private release(slot: Slot): void {
    if (slot.timer) clearTimeout(slot.timer);
    slot.timer = null;
    slot.current = null;
    slot.worker.unref();
  }

  /** Takes a worker out of the pool (answering its job, if any, with `outcome`) and stops it. */
  private async retire(slot: Slot, outcome: ExtractionOutcome | null): Promise<void> {
    if (!this.slots.delete(slot)) return;
    const job = slot.current;
    this.release(slot);
    if (job && outcome) job.resolve(outcome);
    const stopped = slot.worker.terminate();
    this.pump();
    await stopped;
  }
}

/**
 * Starts extractWorker beside this module: compiled .js from dist/, or the .ts source
 * (under vitest or tsx) through tsx's loader, registered inside the worker first.
 */
function startWorker(resourceLimits: ResourceLimits, workerData: WorkerOptions): Worker {
  const options = { resourceLimits, workerData, stdout: true, stderr: true } as const;
  if (!import.meta.url.endsWith('.ts')) return new Worker(new URL('./extractWorker.js', import.meta.url), options);
  const entry = new URL('./extractWorker.ts', import.meta.url).href;
  const boot = `import(${JSON.stringify(tsxEsmApi())}).then((m) => { m.register(); return import(${JSON.stringify(entry)}); });`;
  return new Worker(boot, { ...options, eval: true });
}

/** The ESM entry of tsx's API, from its package exports (the CommonJS one cannot register ESM hooks). */
function tsxEsmApi(): string {
  const pkgFile = createRequire(import.meta.url).resolve('tsx/package.json');
  const pkg = JSON.parse(fs.readFileSync(pkgFile, 'utf8')) as { exports: Record<string, { import?: { default?: string } }> };
  const rel = pkg.exports['./esm/api']?.import?.default;
  if (!rel) throw new Error('tsx has no ./esm/api export; cannot run the extraction worker from TypeScript sources');
  return pathToFileURL(path.join(path.dirname(pkgFile), rel)).href;
}
