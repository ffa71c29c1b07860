// One sync of one library: list the source, plan against the catalog, fetch and verify
// what changed, place it in the mirror, and apply deletions only when the safety guard
// allows. A document that fails keeps its old good copy; the run goes on.
import fs from 'node:fs';
import type { Config } from '../config/loadConfig.js';
import type { LibraryConfig } from '../config/schema.js';
import type { Catalog, FailureRow, HeldDeletionRow, RunCounts } from '../catalog/catalog.js';
import type { DocumentRecord, RemoteDocument, RunResult } from '../model.js';
import type { ContentStore } from '../store/contentStore.js';
import { ContentMismatchError } from '../store/contentStore.js';
import type { MirrorWriter } from '../mirror/mirrorWriter.js';
import { layoutKey, libraryFolderName } from '../mirror/mirrorLayout.js';
import { caseKey } from '../mirror/names.js';
import type { Logger } from '../log/logger.js';
import { classifyHttpError } from '../net/http.js';
import { withRetry, type RetryPolicy } from '../net/retry.js';
import { createSource, sourceKey } from '../sources/createSource.js';
import type { Listing, Source, SourceContext } from '../sources/types.js';
import { errorMessage } from '../errors.js';
import { catalogItemStore } from '../catalog/sourceItems.js';
import { shownDocuments } from '../catalog/shownDocuments.js';
import { formatLocalTime } from '../i18n/time.js';
import { failpoint } from '../failpoints.js';
import { failureKey, placeWanted, planChanges, wantedDocuments, type Plan, type PlannedDocument } from './plan.js';
import { decideDeletions } from './safety.js';
import { forEachLimited } from './pool.js';
import type { ProgressListener } from './progress.js';
import type { TextIndexer } from '../extract/textIndexer.js';
import { PhaseClock, type PhaseTimings } from './timings.js';
import { SaveBatch, type DocumentSave } from './saveBatch.js';

export interface EngineContext {
  config: Config;
  catalog: Catalog;
  store: ContentStore;
  mirror: MirrorWriter;
  log: Logger;
  now: () => Date;
  userAgent: string;
  retry: RetryPolicy;
  signal?: AbortSignal | undefined;
  onProgress?: ProgressListener | undefined;
  /** Extracts the text of placed documents for search; without it only titles and metadata are indexed. */
  text?: TextIndexer | undefined;
  /** Replaces the built-in adapters (tests, and sources registered by later modules). */
  createSource?: ((lib: LibraryConfig, ctx: SourceContext) => Source) | undefined;
}

export interface LibraryOutcome {
  libraryId: string;
  title: string;
  result: RunResult;
  error: string | null;
  counts: RunCounts;
  unchanged: number;
  failures: { id: string; title: string; reason: string }[];
  held: { id: string; title: string; reason: string }[];
  /** Where the run's time went (listMs, planMs, transferMs, removeMs, finishMs, totalMs). */
  timings: PhaseTimings;
}

export interface SyncLibraryOptions {
  trigger: string;
  approveDeletions?: boolean;
}

export async function syncLibrary(env: EngineContext, lib: LibraryConfig, opts: SyncLibraryOptions): Promise<LibraryOutcome> {
  const { catalog, log } = env;
  const clock = new PhaseClock();
  const iso = () => env.now().toISOString();
  const row = catalog.ensureLibrary({ id: lib.id, title: lib.title, sourceType: lib.source.type, sourceKey: sourceKey(lib.source) });
  const crashedBefore = catalog.closeAbandonedRuns(lib.id, iso()) > 0;
  const runId = catalog.startRun(lib.id, opts.trigger, iso());
  const counts: RunCounts = { added: 0, updated: 0, metadataUpdated: 0, removed: 0, failed: 0, held: 0, bytesDownloaded: 0 };
  const outcome: LibraryOutcome = { libraryId: lib.id, title: lib.title, result: 'ok', error: null, counts, unchanged: 0, failures: [], held: [], timings: clock.timings };
  const llog = log.child({ library: lib.id, run: runId });
  const progress = (phase: 'listing' | 'transferring' | 'removing' | 'finishing' | 'done', done = 0, total = 0, current?: string) =>
    env.onProgress?.({ libraryId: lib.id, libraryTitle: lib.title, phase, done, total, bytesDone: counts.bytesDownloaded, ...(current ? { current } : {}) });

  const ctx: SourceContext = {
    libraryId: lib.id,
    signal: env.signal,
    log: llog,
    timeoutMs: env.config.network.timeoutSeconds * 1000,
    retry: env.retry,
    userAgent: env.userAgent,
    state: { get: (k) => catalog.getSourceState(lib.id, k), set: (k, v) => catalog.setSourceState(lib.id, k, v) },
    items: catalogItemStore(catalog, lib.id),
  };
  const source = (env.createSource ?? ((l, c) => createSource(l.source, c)))(lib, ctx);

  const folder = libraryFolderName(lib.title, lib.id);
  const placedBy = layoutKey(env.mirror.root, lib.title, lib.id);
  const relayout = row.layoutKey !== placedBy;

  progress('listing');
  let listing: Listing | null;
  try {
    // Only a run that crashed or failed part-way leaves temp files; walking the whole
    // mirror for them on every run would cost more than the rest of an unchanged sync.
    if (crashedBefore || row.lastResult !== 'ok') await env.mirror.removeLeftoverTemps(folder).catch(() => 0);
    listing = await source.list(row.cursor);
    failpoint('listed');
  } catch (err) {
    const reason = errorMessage(err);
    const where = reason.includes(source.location) ? reason : `${source.location}: ${reason}`;
    const message = `${where}; ${row.lastSuccessAt ? `visar kopian från ${formatLocalTime(row.lastSuccessAt)}` : 'ingen kopia finns ännu'}`;
    llog.warn('listing failed', { error: errorMessage(err) });
    clock.lap('list');
    catalog.finishRun(runId, lib.id, 'failed', counts, message, iso());
    return { ...outcome, result: 'failed', error: message };
  }
  clock.lap('list');

  const failuresBefore = catalog.failures(lib.id);
  const heldBefore = catalog.heldDeletions(lib.id);
  // A fresher cursor that means the same (Graph delta links age) is kept even when nothing changed.
  if (listing.kind === 'unchanged' && listing.cursor !== undefined) catalog.setCursor(lib.id, listing.cursor);
  if (listing.kind === 'unchanged' && failuresBefore.length === 0 && heldBefore.length === 0 && !relayout) {
    // Nothing to plan: a count from the index is enough (loading every row takes seconds at
    // 50 000). Damage in rows this run does not read is found by the next run that reads
    // them, by `verify` and by `doctor`.
    outcome.unchanged = catalog.countActive(lib.id);
    await env.text?.catchUp(lib.id, { signal: env.signal, onProgress: (d, t) => progress('finishing', d, t) });
    catalog.finishRun(runId, lib.id, 'ok', counts, null, iso());
    clock.lap('finish');
    progress('done');
    return outcome;
  }

  const textWasComplete = env.text?.prepare(lib.id) ?? false;
  const plan = planRun(env, lib, listing, { failuresBefore, heldBefore, relayout });
  // From here the documents live only in `plan.work`, which lets each go once it is done:
  // at 50 000 a first sync no longer carries every description to its end.
  const invalid = listing.kind === 'unchanged' ? [] : listing.invalid;
  const nextCursor = listing.kind === 'unchanged' ? undefined : listing.cursor;
  listing = null;
  outcome.unchanged = plan.unchanged;
  const claimed = plan.claimed;

  const fail = (id: string, title: string, reason: string, wantedDoc: RemoteDocument | null) => {
    catalog.recordFailure(lib.id, id, title || id, reason, wantedDoc, iso());
    outcome.failures.push({ id, title: title || id, reason });
    counts.failed++;
  };
  const invalidKeys = new Set<string>();
  invalid.forEach((entry, i) => {
    const key = failureKey(entry, i);
    invalidKeys.add(key);
    fail(key, entry.title, entry.reason, null);
  });
  for (const u of plan.unplaceable) fail(u.doc.id, u.doc.title, u.reason, u.doc);
  clock.lap('plan');

  // ── transfers ──
  const { work, contentChanged } = plan;
  const total = work.length;
  const failDocument = (item: PlannedDocument, err: unknown) => {
    llog.warn('document failed', { document: item.doc.id, error: errorMessage(err) });
    fail(item.doc.id, item.doc.title, errorMessage(err), item.doc);
  };
  const saves = new SaveBatch<PlannedDocument>(catalog, {
    saved: (item, record) => {
      failpoint('catalog-saved');
      env.text?.request(record);
      if (!item.previous) counts.added++;
      else if (contentChanged.has(item)) counts.updated++;
      else counts.metadataUpdated++;
    },
    failed: failDocument,
  });
  let done = 0;
  progress('transferring', 0, total);
  await forEachLimited(
    work,
    env.config.network.concurrency,
    async (item, index) => {
      if (!item) return;
      try {
        saves.add(await applyDocument(env, source, lib.id, item, claimed, counts, iso()), item);
      } catch (err) {
        failDocument(item, err);
      }
      work[index] = undefined; // done: its description need not stay in memory
      progress('transferring', ++done, total, item.doc.title);
    },
    env.signal,
  );
  saves.flush();
  clock.lap('transfer');
  if (env.signal?.aborted) {
    const message = 'Synken avbröts; det som hann hämtas är sparat.';
    catalog.finishRun(runId, lib.id, 'failed', counts, message, iso());
    return { ...outcome, result: 'failed', error: message };
  }

  // ── deletions ──
  progress('removing', 0, plan.remove.length);
  const approvedIds = new Set(opts.approveDeletions ? heldBefore.map((h) => h.documentId) : []);
  const decision = decideDeletions({
    removals: plan.remove.length,
    approved: plan.remove.filter((d) => approvedIds.has(d.id)).length,
    shownCount: plan.shownCount,
    wantedCount: plan.wantedIds.size,
    hadErrors: counts.failed > 0,
    limits: env.config.safety,
  });
  const held: Omit<HeldDeletionRow, 'libraryId'>[] = [];
  for (const doc of plan.remove) {
    const apply = decision.apply === 'all' || (decision.apply === 'approved-only' && approvedIds.has(doc.id));
    if (!apply) {
      const reason = 'hold' in decision ? decision.hold : 'limit';
      held.push({ documentId: doc.id, title: doc.title, mirrorPath: doc.mirrorPath, reason, heldAt: iso() });
      continue;
    }
    try {
      failpoint('before-remove');
      if (!claimed(doc.mirrorPath)) await env.mirror.remove(doc.mirrorPath);
      catalog.markRemoved(lib.id, doc.id, iso());
      counts.removed++;
    } catch (err) {
      fail(doc.id, doc.title, `Kunde inte ta bort: ${errorMessage(err)}`, null);
    }
  }
  catalog.replaceHeldDeletions(lib.id, held);
  counts.held = held.length;
  outcome.held = held.map((h) => ({ id: h.documentId, title: h.title, reason: h.reason }));
  if (held.length > 0) llog.warn('deletions held back', { count: held.length, reason: held[0]!.reason });
  clock.lap('remove');

  // ── bookkeeping ──
  progress('finishing');
  // Extraction ran beside the transfers; what is left is waited for, so that when the sync
  // returns every document it placed is searchable (or marked as having no text).
  // When every document had its text before this run, only those it placed can lack it.
  await env.text?.catchUp(lib.id, { signal: env.signal, onProgress: (d, t) => progress('finishing', d, t), prepared: { textWasComplete } });
  const keep = plan.wantedIds;
  for (const key of invalidKeys) keep.add(key);
  catalog.clearFailuresNotIn(lib.id, keep);
  if (nextCursor !== undefined) catalog.setCursor(lib.id, nextCursor);
  catalog.setLayoutKey(lib.id, placedBy);
  outcome.result = counts.failed > 0 || held.length > 0 ? 'partial' : 'ok';
  outcome.error = summarizeProblems(outcome);
  catalog.finishRun(runId, lib.id, outcome.result, counts, outcome.error, iso());
  clock.lap('finish');
  llog.info('library synced', { result: outcome.result, ...counts, unchanged: plan.unchanged, ...clock.timings });
  progress('done');
  return outcome;
}

interface RunPlan {
  /** Fetches first, then rewrites (same bytes, new name or metadata); a slot is emptied once its document is done. */
  work: (PlannedDocument | undefined)[];
  /** The work that needs new content. */
  contentChanged: WeakSet<PlannedDocument>;
  remove: DocumentRecord[];
  unplaceable: Plan['unplaceable'];
  unchanged: number;
  shownCount: number;
  wantedIds: Set<string>;
  /** Whether a path (case-folded) is taken by a document this run places. */
  claimed: (mirrorPath: string) => boolean;
}

/**
 * What this run will do, as little as it needs: the rows shown, the documents wanted and
 * their layout are dropped when this returns, so only the documents still to be fetched
 * or rewritten stay in memory.
 */
function planRun(
  env: EngineContext,
  lib: LibraryConfig,
  listing: Listing,
  before: { failuresBefore: readonly FailureRow[]; heldBefore: readonly HeldDeletionRow[]; relayout: boolean },
): RunPlan {
  // A full listing describes every document: rows it describes the same way need not be read whole.
  const shown = listing.kind === 'full' ? shownDocuments(env.catalog.db, lib.id, listing.documents) : env.catalog.activeDocuments(lib.id);
  const wanted = wantedDocuments(listing, shown, before.failuresBefore, before.heldBefore);
  const shownById = new Map(shown.map((d) => [d.id, d]));
  const layout = placeWanted(wanted, shownById, { rootLength: env.mirror.root.length, libraryTitle: lib.title, libraryId: lib.id, full: before.relayout });
  const plan = planChanges(shown, wanted, layout);
  const work = [...plan.fetch, ...plan.rewrite];
  // Only a document that moves or goes asks which paths are taken: collected only then.
  const moves = plan.remove.length > 0 || work.some((w) => w.previous !== undefined && w.previous.mirrorPath !== w.mirrorPath);
  const taken = moves ? new Set([...layout.values()].flatMap((r) => (r.ok ? [caseKey(r.path)] : []))) : null;
  return {
    work,
    contentChanged: new WeakSet(plan.fetch),
    remove: plan.remove,
    unplaceable: plan.unplaceable,
    unchanged: plan.unchanged,
    shownCount: shown.length,
    wantedIds: new Set(wanted.map((d) => d.id)),
    claimed: (mirrorPath) => {
      if (!taken) throw new Error('Internt fel: ingen flytt eller borttagning planerades, men en sökväg efterfrågades');
      return taken.has(caseKey(mirrorPath));
    },
  };
}

async function applyDocument(
  env: EngineContext,
  source: Source,
  libraryId: string,
  item: PlannedDocument,
  claimed: (mirrorPath: string) => boolean,
  counts: RunCounts,
  now: string,
): Promise<DocumentSave> {
  const { doc, previous, mirrorPath } = item;
  const blob = await ensureBlob(env, source, libraryId, doc, previous, counts);
  failpoint('blob-stored');
  // Metadata-only changes leave the file alone; verify repairs a file edited by hand.
  const sameFile = previous?.sha256 === blob.sha256 && previous.mirrorPath === mirrorPath && env.mirror.exists(mirrorPath);
  if (!sameFile) await env.mirror.place(mirrorPath, env.store.blobPath(blob.sha256));
  failpoint('mirror-placed');
  if (previous && previous.mirrorPath !== mirrorPath && !claimed(previous.mirrorPath)) {
    await env.mirror.remove(previous.mirrorPath);
  }
  const record: DocumentSave = {
    libraryId,
    id: doc.id,
    title: doc.title,
    path: doc.path,
    fileName: doc.fileName,
    version: doc.version,
    modifiedAt: doc.modifiedAt,
    contentType: doc.contentType,
    size: blob.size,
    sha256: blob.sha256,
    revision: doc.revision,
    sourceRef: doc.ref,
    metadata: doc.metadata,
    mirrorPath,
    syncedAt: now,
  };
  if (blob.warning) env.log.warn('content accepted with warning', { library: libraryId, document: doc.id, warning: blob.warning });
  return record;
}

async function ensureBlob(
  env: EngineContext,
  source: Source,
  libraryId: string,
  doc: RemoteDocument,
  previous: DocumentRecord | undefined,
  counts: RunCounts,
): Promise<{ sha256: string; size: number; warning?: string }> {
  const known = doc.sha256 ?? (previous && previous.revision === doc.revision ? previous.sha256 : null);
  if (known && env.store.has(known)) {
    return { sha256: known, size: fs.statSync(env.store.blobPath(known)).size };
  }
  const key = `${libraryId}\0${doc.id}\0${doc.revision}`;
  const result = await withRetry(
    () =>
      env.store.ingest(key, (offset) => source.open(doc, offset), {
        size: doc.size,
        sha256: doc.sha256 ?? (previous && previous.revision === doc.revision ? previous.sha256 : null),
        other: doc.sourceHash ?? null,
      }),
    (err) => (err instanceof ContentMismatchError ? { retryable: false } : classifyHttpError(err)),
    env.retry,
    { signal: env.signal, onRetry: (err, delayMs) => env.log.info('retrying download', { document: doc.id, delayMs, error: errorMessage(err) }) },
  );
  counts.bytesDownloaded += result.size;
  return result;
}

function summarizeProblems(o: LibraryOutcome): string | null {
  const parts: string[] = [];
  if (o.failures.length > 0) {
    parts.push(`${o.failures.length} dokument kunde inte synkas (till exempel "${o.failures[0]!.title}": ${o.failures[0]!.reason})`);
  }
  if (o.held.length > 0) {
    const why =
      o.held[0]!.reason === 'errors'
        ? 'eftersom synken hade fel'
        : o.held[0]!.reason === 'empty-source'
          ? 'eftersom källan var tom'
          : 'eftersom de överstiger säkerhetsgränsen';
    parts.push(`${o.held.length} borttagningar hålls tillbaka ${why}`);
  }
  return parts.length > 0 ? parts.join('; ') : null;
}
