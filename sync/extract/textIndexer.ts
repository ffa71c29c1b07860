// Gets the text of synced documents into the search index. The engine asks for a body as
// soon as it is placed, so extraction runs beside the downloads; before a sync finishes it
// waits for everything asked (plus anything an earlier run missed), so when `sync`
// returns every synced document is searchable or marked "ingen sökbar text". Texts are
// cached by sha256: new metadata on the same body extracts nothing.
import type { Catalog } from '../catalog/catalog.js';
import type { ContentStore } from '../store/contentStore.js';
import type { Logger } from '../log/logger.js';
import { silentLogger } from '../log/logger.js';
import { errorMessage } from '../errors.js';
import { documentsAwaitingText, hasCurrentText, markTextComplete, storeDocumentText, textKnownComplete } from '../search/documentText.js';
import { kindFor, unsupportedReason } from './documentKind.js';
import type { ExtractionOutcome } from './extractText.js';
import { ExtractorPool, type ExtractionLimits } from './extractorPool.js';

/** Bump when extraction improves: bodies read by an older version are read again. */
export const EXTRACTOR_VERSION = 2;

export interface TextRequest {
  sha256: string;
  fileName: string;
  contentType: string | null;
  title?: string;
}

export interface TextIndexerOptions {
  /** Number of worker threads (default: one per core, at most four). */
  poolSize?: number;
  limits?: Partial<ExtractionLimits>;
  log?: Logger;
  now?: () => Date;
}

export class TextIndexer {
  private readonly inflight = new Map<string, Promise<void>>();
  /** Bodies whose text could not be read or stored this time (retried next sync). */
  private missed = 0;
  private missedAtPrepare = 0;
  /** Called whenever a body is done, and resolved when none is left (catchUp waits on these). */
  private onSettled: (() => void) | undefined;
  private drained: (() => void)[] = [];
  private pool: ExtractorPool | null = null;
  private closed = false;
  private readonly log: Logger;
  private readonly now: () => Date;

  constructor(
    private readonly catalog: Catalog,
    private readonly store: ContentStore,
    private readonly opts: TextIndexerOptions = {},
  ) {
    this.log = opts.log ?? silentLogger;
    this.now = opts.now ?? (() => new Date());
  }

  /**
   * Called when a sync found changes, before it plans them. Answers whether the library's
   * text is complete now (then only the bodies this run asks for can lack text, and catchUp
   * may be told so), and starts a worker so that loading the parsers overlaps the planning
   * instead of delaying the first body.
   */
  prepare(libraryId: string): boolean {
    if (this.closed) return false;
    this.workers().warmUp();
    this.missedAtPrepare = this.missed;
    return textKnownComplete(this.catalog.db, libraryId, EXTRACTOR_VERSION);
  }

  /** Queues a body for extraction unless its text is already known. Returns at once. */
  request(asked: TextRequest): void {
    if (this.closed || this.inflight.has(asked.sha256)) return;
    // Only these fields wait in the queue, not the caller's whole record: on a first sync
    // thousands of bodies can wait at once.
    const doc: TextRequest = { sha256: asked.sha256, fileName: asked.fileName, contentType: asked.contentType, title: asked.title };
    if (hasCurrentText(this.catalog.db, doc.sha256, EXTRACTOR_VERSION)) return;
    if (kindFor(doc.fileName, doc.contentType) === 'unsupported') {
      this.save(doc, { status: 'none', reason: unsupportedReason(doc.fileName, doc.contentType) });
      return;
    }
    const job = { file: this.store.blobPath(doc.sha256), fileName: doc.fileName, contentType: doc.contentType };
    const done = this.workers()
      .extract(job)
      .then((outcome) => this.save(doc, outcome))
      .finally(() => {
        this.inflight.delete(doc.sha256);
        this.onSettled?.();
        if (this.inflight.size === 0) for (const resolve of this.drained.splice(0)) resolve();
      });
    this.inflight.set(doc.sha256, done);
  }

  /**
   * Asks for every active document of the library still without current text, then waits
   * until all asked bodies are done (or the signal aborts; the rest follows next sync).
   */
  async catchUp(
    libraryId: string,
    opts: {
      signal?: AbortSignal;
      onProgress?: (done: number, total: number) => void;
      /** What prepare() answered, when this sync called it: then misses count from there. */
      prepared?: { textWasComplete: boolean };
    } = {},
  ): Promise<void> {
    const db = this.catalog.db;
    if (this.inflight.size === 0 && textKnownComplete(db, libraryId, EXTRACTOR_VERSION)) return;
    const missedBefore = opts.prepared ? this.missedAtPrepare : this.missed;
    if (!opts.prepared?.textWasComplete) for (const doc of documentsAwaitingText(db, libraryId, EXTRACTOR_VERSION)) this.request(doc);
    const total = this.inflight.size;
    const report = () => opts.onProgress?.(total - this.inflight.size, total);
    report();
    // One waiter for the whole queue: racing every pending body again after each one that
    // finished cost memory and time quadratic in the queue (thousands on a first sync).
    this.onSettled = report;
    try {
      await new Promise<void>((resolve) => {
        if (this.inflight.size === 0 || opts.signal?.aborted) return resolve();
        this.drained.push(resolve);
        opts.signal?.addEventListener('abort', () => resolve(), { once: true });
      });
    } finally {
      this.onSettled = undefined;
    }
    report();
    if (this.inflight.size === 0 && this.missed === missedBefore && !this.closed && !opts.signal?.aborted) markTextComplete(db, libraryId, EXTRACTOR_VERSION);
  }

  /** The pool, started on first use: a sync that extracts nothing starts no worker. */
  private workers(): ExtractorPool {
    this.pool ??= new ExtractorPool({ size: this.opts.poolSize, limits: this.opts.limits, log: this.log });
    return this.pool;
  }

  /** Stops the workers; unfinished bodies are extracted by a later sync. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.pool?.close();
  }

  private save(doc: TextRequest, outcome: ExtractionOutcome): void {
    if (outcome.status === 'failed') {
      this.missed++;
      this.log.warn('text not extracted; will retry next sync', { file: doc.fileName, reason: outcome.reason });
      return;
    }
    if (this.closed) {
      this.missed++;
      return;
    }
    if (outcome.status === 'none') this.log.info('no searchable text', { title: doc.title ?? doc.fileName, reason: outcome.reason });
    try {
      storeDocumentText(this.catalog.db, doc.sha256, outcome, EXTRACTOR_VERSION, this.now().toISOString());
    } catch (err) {
      this.missed++;
      this.log.warn('could not store extracted text; will retry next sync', { file: doc.fileName, error: errorMessage(err) });
    }
  }
}
