// A whole sync: take the data folder's lock, sync each library, collect the content
// store's garbage after the grace period, and rewrite LÄS MIG.txt.
import fs from 'node:fs';
import path from 'node:path';
import { isCorruptionError, quarantineDatabase } from '../catalog/recovery.js';
import type { Config } from '../config/loadConfig.js';
import type { LibraryConfig } from '../config/schema.js';
import { Catalog } from '../catalog/catalog.js';
import { ContentStore } from '../store/contentStore.js';
import { MirrorWriter } from '../mirror/mirrorWriter.js';
import { readmeText } from '../mirror/readme.js';
import { indexDocumentsJson, indexPageParts, type IndexDocumentsJson } from '../mirror/indexPage.js';
import { indexPageList } from '../catalog/indexPageList.js';
import { writeFileAtomicSync } from '../store/durableFile.js';
import { mirrorUpdatedAt } from '../i18n/time.js';
import { publishStatusReport } from '../fleet/publishReport.js';
import { silentLogger, type Logger } from '../log/logger.js';
import { defaultRetryPolicy, type RetryPolicy } from '../net/retry.js';
import type { Source, SourceContext } from '../sources/types.js';
import { userAgent } from '../version.js';
import { errorMessage, type ExitCode } from '../errors.js';
import { acquireLock } from './syncLock.js';
import { syncLibrary, type LibraryOutcome } from './syncLibrary.js';
import type { ProgressListener } from './progress.js';
import { TextIndexer, type TextIndexerOptions } from '../extract/textIndexer.js';
import { PhaseClock, type PhaseTimings } from './timings.js';

/** Removed documents and replaced versions stay in the store this long (restorable). */
export const GRACE_DAYS = 30;
const PARTIAL_MAX_AGE_MS = 7 * 24 * 3_600_000;

export interface SyncRunOptions {
  trigger: string;
  approveDeletions?: boolean;
  libraryIds?: readonly string[];
  signal?: AbortSignal;
  onProgress?: ProgressListener;
  log?: Logger;
  now?: () => Date;
  retry?: RetryPolicy;
  createSource?: (lib: LibraryConfig, ctx: SourceContext) => Source;
  /** The daemon publishes the status report itself, once it knows the next sync time. */
  publishReport?: boolean;
  /** Text extraction for search: worker count and limits, or false to index titles and metadata only. */
  textExtraction?: TextIndexerOptions | false;
}

export interface SyncRunResult {
  outcomes: LibraryOutcome[];
  exitCode: ExitCode;
  /** Why the status report could not be published (it never fails the sync). */
  reportError: string | null;
  /** The whole run: openMs (catalog), librariesMs, garbageMs, readmeMs (LÄS MIG.txt and
   *  index.html), reportMs (status report), totalMs. */
  timings: PhaseTimings;
}

export interface EngineState {
  catalog: Catalog;
  store: ContentStore;
  mirror: MirrorWriter;
  close(): void;
}

export function openEngineState(config: Config): EngineState {
  const catalog = Catalog.open(config.dataDir);
  return {
    catalog,
    store: new ContentStore(config.dataDir),
    mirror: new MirrorWriter(config.mirrorDir),
    close: () => catalog.close(),
  };
}

export async function runSync(config: Config, opts: SyncRunOptions): Promise<SyncRunResult> {
  const release = acquireLock(config.dataDir, opts.trigger);
  const log = opts.log ?? silentLogger;
  try {
    try {
      return await syncAll(config, opts, log);
    } catch (err) {
      if (!isCorruptionError(err)) throw err;
      // The catalog broke under us: keep it for inspection and rebuild from the store.
      const movedTo = quarantineDatabase(path.join(config.dataDir, 'catalog.sqlite'));
      log.error('catalog damaged during sync; rebuilding', { movedTo, error: errorMessage(err) });
      return await syncAll(config, opts, log);
    }
  } finally {
    release();
  }
}

async function syncAll(config: Config, opts: SyncRunOptions, log: Logger): Promise<SyncRunResult> {
  const clock = new PhaseClock();
  const now = opts.now ?? (() => new Date());
  let state: EngineState | undefined;
  let text: TextIndexer | undefined;
  try {
    state = openEngineState(config);
    if (state.catalog.recoveredFrom) {
      log.error('catalog was damaged; moved aside and rebuilt', { movedTo: state.catalog.recoveredFrom });
    }
    if (opts.textExtraction !== false) text = new TextIndexer(state.catalog, state.store, { log, now, ...opts.textExtraction });
    fs.mkdirSync(config.mirrorDir, { recursive: true });
    const retry = opts.retry ?? { ...defaultRetryPolicy, retries: config.network.retries };
    const libraries = config.libraries.filter((l) => !opts.libraryIds || opts.libraryIds.includes(l.id));
    const outcomes: LibraryOutcome[] = [];
    clock.lap('open');
    for (const lib of libraries) {
      outcomes.push(
        await syncLibrary(
          {
            config,
            catalog: state.catalog,
            store: state.store,
            mirror: state.mirror,
            log,
            now,
            userAgent,
            retry,
            signal: opts.signal,
            onProgress: opts.onProgress,
            createSource: opts.createSource,
            text,
          },
          lib,
          { trigger: opts.trigger, approveDeletions: opts.approveDeletions ?? false },
        ),
      );
    }
    clock.lap('libraries');
    // Every library waited for its text: the workers (~50 MB each) are not kept through the rest.
    await text?.close();
    await collectGarbage(state, now(), log);
    clock.lap('garbage');
    await writeReadme(config, state, now()).catch((err: unknown) => log.warn('could not write LÄS MIG.txt', { error: errorMessage(err) }));
    await writeIndexPage(config, state).catch((err: unknown) => log.warn('could not write index.html', { error: errorMessage(err) }));
    clock.lap('readme');
    const reportError = opts.publishReport === false ? null : await publishStatusReport(config, state.catalog, { now: now(), log });
    clock.lap('report');
    return { outcomes, exitCode: exitCodeFor(outcomes), reportError, timings: clock.timings };
  } finally {
    await text?.close();
    state?.close();
  }
}

export function exitCodeFor(outcomes: readonly LibraryOutcome[]): ExitCode {
  if (outcomes.length > 0 && outcomes.every((o) => o.result === 'failed')) return 1;
  if (outcomes.some((o) => o.result !== 'ok')) return 3;
  return 0;
}

async function collectGarbage(state: EngineState, now: Date, log: Logger): Promise<void> {
  state.catalog.releaseUnusedBlobs(now.toISOString());
  const cutoff = new Date(now.getTime() - GRACE_DAYS * 86_400_000).toISOString();
  const expired = state.catalog.blobsReleasedBefore(cutoff);
  for (const sha of expired) {
    await state.store.removeBlob(sha);
    state.catalog.forgetBlob(sha);
  }
  if (expired.length > 0) log.info('content store: removed expired blobs', { count: expired.length });
  await state.store.prunePartials(PARTIAL_MAX_AGE_MS, now.getTime());
}

export async function writeIndexPage(config: Config, state: EngineState): Promise<void> {
  const updatedAt = mirrorUpdatedAt(config.libraries.map((l) => ({ lastSuccessAt: state.catalog.getLibrary(l.id)?.lastSuccessAt ?? null })));
  const key = indexCacheKey(config, state);
  const cached = readIndexCache(config, key);
  const documents = cached ?? buildIndexDocuments(config, state);
  const parts = indexPageParts({ documents, updatedAt, staleAfterHours: config.staleAfterHours });
  const size = parts.reduce((n, p) => n + p.length, 0);
  // The page holds no clock of its own: when neither its documents nor its time changed
  // (a run that failed) and the file is still whole, it is not rewritten. The time sits in
  // the head, so only the head is read back.
  if (cached && sameStart(state.mirror.resolve('index.html'), size, parts[0])) return;
  await state.mirror.writeTopLevelFile('index.html', parts);
  if (!cached) {
    const header = Buffer.from(`${JSON.stringify({ key, count: documents.count, length: documents.json.length })}\n`);
    writeFileAtomicSync(indexCacheFile(config), [header, documents.json]);
    fs.rmSync(path.join(config.dataDir, 'index-page.json'), { force: true }); // the cache's earlier form
  }
}

/** Whether `file` has `size` bytes and begins with `start`. */
function sameStart(file: string, size: number, start: Buffer): boolean {
  let fd: number;
  try {
    fd = fs.openSync(file, 'r');
  } catch {
    return false;
  }
  try {
    if (fs.fstatSync(fd).size !== size) return false;
    const read = Buffer.alloc(start.length);
    return fs.readSync(fd, read, 0, start.length, 0) === start.length && read.equals(start);
  } finally {
    fs.closeSync(fd);
  }
}

const indexCacheFile = (config: Config) => path.join(config.dataDir, 'index-page.cache');

/**
 * What the page's document list was built from: every sync rewrites the page (its "last
 * updated" time moves), and at 50 000 documents building the list is the expensive part,
 * so it is rebuilt only when a library's documents changed.
 */
function indexCacheKey(config: Config, state: EngineState): string {
  return JSON.stringify([config.mirrorDir, ...config.libraries.map((l) => [l.id, l.title, state.catalog.contentVersion(l.id)])]);
}

/**
 * The cached document list when it was built from the same documents: a header line (key
 * and count), then the list exactly as the page embeds it, so reading it back parses
 * nothing of its 15 MB at 50 000 documents.
 */
function readIndexCache(config: Config, key: string): IndexDocumentsJson | null {
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(indexCacheFile(config));
  } catch {
    return null; // no cache yet: build the list
  }
  const newline = bytes.indexOf(0x0a);
  try {
    const header = JSON.parse(bytes.subarray(0, newline).toString('utf8')) as { key?: unknown; count?: unknown; length?: unknown };
    const json = bytes.subarray(newline + 1);
    if (newline < 0 || header.key !== key || typeof header.count !== 'number' || header.length !== json.length) return null;
    return { json, count: header.count };
  } catch {
    return null; // damaged: build the list again
  }
}

function buildIndexDocuments(config: Config, state: EngineState): IndexDocumentsJson {
  return indexDocumentsJson(config.libraries.map((lib) => ({ title: lib.title, ...indexPageList(state.catalog.db, lib.id) })));
}

export async function writeReadme(config: Config, state: EngineState, now: Date): Promise<void> {
  const libraries = config.libraries.map((lib) => {
    const row = state.catalog.getLibrary(lib.id);
    return {
      title: lib.title,
      documents: row ? state.catalog.countActive(lib.id) : 0,
      lastSuccessAt: row?.lastSuccessAt ?? null,
      lastResult: row?.lastResult ?? 'never',
    };
  });
  await state.mirror.writeTopLevelFile('LÄS MIG.txt', readmeText(libraries, now));
}
