// The catalog: what each library holds in the mirror, the state of every sync, failures
// and held deletions. Every write that changes what people are shown goes through here.
import path from 'node:path';
import type { DocumentMetadata, DocumentRecord, LastResult, RemoteDocument, RunResult } from '../model.js';
import type Database from 'better-sqlite3';
import { openDatabase, type Db } from './openDatabase.js';
import { indexDocument, refreshSearchEntries, unindexDocument } from '../search/searchIndex.js';
import { forgetDocumentText } from '../search/documentText.js';
import { descriptionDigest } from './description.js';
import { pageEntrySql } from './indexPageList.js';

const PAGE_ENTRY_OF_WRITE = pageEntrySql({ title: '@title', mirrorPath: '@mirrorPath', version: '@version', metadataJson: '@metadataJson' });

export interface LibraryRow {
  id: string;
  title: string;
  sourceType: string;
  sourceKey: string;
  layoutKey: string;
  cursor: string | null;
  lastSuccessAt: string | null;
  lastAttemptAt: string | null;
  lastResult: LastResult;
  lastError: string | null;
}

export interface FailureRow {
  libraryId: string;
  documentId: string;
  title: string;
  reason: string;
  wanted: RemoteDocument | null;
  attempts: number;
  firstFailedAt: string;
  lastFailedAt: string;
}

export type HeldReason = 'limit' | 'empty-source' | 'errors';

export interface HeldDeletionRow {
  libraryId: string;
  documentId: string;
  title: string;
  mirrorPath: string;
  reason: HeldReason;
  heldAt: string;
}

export interface RunCounts {
  added: number;
  /** New content for a document already shown. */
  updated: number;
  /** Same content; new title, place or metadata. */
  metadataUpdated: number;
  removed: number;
  failed: number;
  held: number;
  bytesDownloaded: number;
}

export interface RunRow extends RunCounts {
  id: number;
  libraryId: string;
  trigger: string;
  startedAt: string;
  finishedAt: string | null;
  result: RunResult | 'running';
  error: string | null;
}

type Row = Record<string, unknown>;

export class Catalog {
  readonly db: Db;

  /** Set when the catalog was found damaged on open and rebuilt empty. */
  recoveredFrom: string | undefined;

  static open(dataDir: string): Catalog {
    let movedTo: string | undefined;
    const catalog = new Catalog(openDatabase(path.join(dataDir, 'catalog.sqlite'), undefined, (to) => (movedTo = to)));
    catalog.recoveredFrom = movedTo;
    return catalog;
  }

  /** Full integrity check (reads every page): for verify and doctor, not for every open. */
  integrityProblems(): string[] {
    const rows = this.db.pragma('quick_check') as { quick_check: string }[];
    return rows.map((r) => r.quick_check).filter((r) => r !== 'ok');
  }

  constructor(db: Db) {
    this.db = db;
    // A catalog from before full-text search (or an older entry format) gets its index once.
    refreshSearchEntries(db);
  }

  private readonly statements = new Map<string, Database.Statement>();

  /** Prepared once, reused: the sync writes tens of thousands of rows. */
  private sql(text: string): Database.Statement {
    let stmt = this.statements.get(text);
    if (!stmt) {
      stmt = this.db.prepare(text);
      this.statements.set(text, stmt);
    }
    return stmt;
  }

  close(): void {
    this.db.close();
  }

  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn).immediate();
  }

  // ── libraries ──────────────────────────────────────────────────────────────

  /** Registers a library from config. A changed source drops its cursor. */
  ensureLibrary(lib: { id: string; title: string; sourceType: string; sourceKey: string }): LibraryRow {
    const existing = this.getLibrary(lib.id);
    if (!existing) {
      this
        .sql('INSERT INTO libraries (id, title, source_type, source_key) VALUES (?, ?, ?, ?)')
        .run(lib.id, lib.title, lib.sourceType, lib.sourceKey);
    } else if (existing.sourceKey !== lib.sourceKey || existing.title !== lib.title) {
      const sourceChanged = existing.sourceKey !== lib.sourceKey;
      this.transaction(() => {
        this
          .sql(
            `UPDATE libraries SET title = ?, source_type = ?, source_key = ?,
               cursor = CASE WHEN ? THEN NULL ELSE cursor END WHERE id = ?`,
          )
          .run(lib.title, lib.sourceType, lib.sourceKey, sourceChanged ? 1 : 0, lib.id);
        if (sourceChanged) this.sql('DELETE FROM source_state WHERE library_id = ?').run(lib.id);
      });
    }
    return this.getLibrary(lib.id)!;
  }

  getLibrary(id: string): LibraryRow | undefined {
    const r = this.sql('SELECT * FROM libraries WHERE id = ?').get(id) as Row | undefined;
    return r ? toLibrary(r) : undefined;
  }

  libraries(): LibraryRow[] {
    return (this.sql('SELECT * FROM libraries ORDER BY id').all() as Row[]).map(toLibrary);
  }

  setCursor(libraryId: string, cursor: string | null): void {
    this.sql('UPDATE libraries SET cursor = ? WHERE id = ?').run(cursor, libraryId);
  }

  setLayoutKey(libraryId: string, layoutKey: string): void {
    this.sql('UPDATE libraries SET layout_key = ? WHERE id = ?').run(layoutKey, libraryId);
  }

  // ── documents ──────────────────────────────────────────────────────────────

  activeDocuments(libraryId: string): DocumentRecord[] {
    return (
      this
        .sql("SELECT * FROM documents WHERE library_id = ? AND state = 'active' ORDER BY id")
        .all(libraryId) as Row[]
    ).map(toDocument);
  }

  allActiveDocuments(): DocumentRecord[] {
    return (
      this.sql("SELECT * FROM documents WHERE state = 'active' ORDER BY library_id, title, id").all() as Row[]
    ).map(toDocument);
  }

  getDocument(libraryId: string, id: string): DocumentRecord | undefined {
    const r = this.sql('SELECT * FROM documents WHERE library_id = ? AND id = ?').get(libraryId, id) as
      | Row
      | undefined;
    return r ? toDocument(r) : undefined;
  }

  /** Moves whenever a document row of the library is written (triggers keep it; migration 0004). */
  contentVersion(libraryId: string): number {
    const v = this.sql('SELECT content_version FROM libraries WHERE id = ?').pluck().get(libraryId) as number | undefined;
    return v ?? 0;
  }

  /** The active document mirrored at `mirrorPath` (relative, '/'-separated), if any. */
  documentAtMirrorPath(mirrorPath: string): DocumentRecord | undefined {
    const r = this.sql("SELECT * FROM documents WHERE mirror_path = ? AND state = 'active'").get(mirrorPath) as Row | undefined;
    return r ? toDocument(r) : undefined;
  }

  countActive(libraryId: string): number {
    return (
      this
        .sql("SELECT count(*) AS n FROM documents WHERE library_id = ? AND state = 'active'")
        .get(libraryId) as { n: number }
    ).n;
  }

  /** Bytes of every document shown in the mirror, all libraries: the library's size on disk. */
  activeBytes(): number {
    return (this.sql("SELECT coalesce(sum(size), 0) AS n FROM documents WHERE state = 'active'").get() as { n: number }).n;
  }

  /** Records a document as mirrored (new content or new metadata), indexes it for search and clears its failure. */
  saveDocument(doc: Omit<DocumentRecord, 'state' | 'removedAt'>): void {
    this.transaction(() => this.writeDocument(doc));
  }

  private writeDocument(doc: Omit<DocumentRecord, 'state' | 'removedAt'>): void {
    this
      .sql(
        `INSERT INTO documents (library_id, id, title, path_json, file_name, version, modified_at,
           content_type, size, sha256, revision, source_ref, metadata_json, mirror_path, state,
           removed_at, synced_at, description, page_entry)
         VALUES (@libraryId, @id, @title, @pathJson, @fileName, @version, @modifiedAt, @contentType,
           @size, @sha256, @revision, @sourceRef, @metadataJson, @mirrorPath, 'active', NULL, @syncedAt, @description,
           ${PAGE_ENTRY_OF_WRITE})
         ON CONFLICT (library_id, id) DO UPDATE SET title = excluded.title,
           path_json = excluded.path_json, file_name = excluded.file_name, version = excluded.version,
           modified_at = excluded.modified_at, content_type = excluded.content_type,
           size = excluded.size, sha256 = excluded.sha256, revision = excluded.revision,
           source_ref = excluded.source_ref, metadata_json = excluded.metadata_json,
           mirror_path = excluded.mirror_path, state = 'active', removed_at = NULL,
           synced_at = excluded.synced_at, description = excluded.description, page_entry = excluded.page_entry`,
      )
      .run({
        ...doc,
        pathJson: JSON.stringify(doc.path),
        metadataJson: JSON.stringify(doc.metadata),
        description: descriptionDigest(doc, doc.sourceRef),
      });
    this
      .sql(
        `INSERT INTO document_versions (library_id, document_id, sha256, version, size, first_mirrored_at)
         VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
      )
      .run(doc.libraryId, doc.id, doc.sha256, doc.version, doc.size, doc.syncedAt);
    this
      .sql(
        `INSERT INTO blobs (sha256, size, stored_at) VALUES (?, ?, ?)
         ON CONFLICT (sha256) DO UPDATE SET released_at = NULL`,
      )
      .run(doc.sha256, doc.size, doc.syncedAt);
    indexDocument(this.db, doc);
    this.clearFailure(doc.libraryId, doc.id);
  }

  /** Records many mirrored documents in one transaction: all of them, or none. */
  saveDocuments(docs: readonly Omit<DocumentRecord, 'state' | 'removedAt'>[]): void {
    this.transaction(() => {
      for (const doc of docs) this.writeDocument(doc);
    });
  }

  markRemoved(libraryId: string, id: string, at: string): void {
    this.transaction(() => {
      this
        .sql("UPDATE documents SET state = 'removed', removed_at = ? WHERE library_id = ? AND id = ?")
        .run(at, libraryId, id);
      unindexDocument(this.db, libraryId, id);
      this.sql('DELETE FROM held_deletions WHERE library_id = ? AND document_id = ?').run(libraryId, id);
      this.clearFailure(libraryId, id);
    });
  }

  versions(libraryId: string, id: string): { sha256: string; version: string | null; size: number; firstMirroredAt: string }[] {
    return this
      .sql(
        `SELECT sha256, version, size, first_mirrored_at AS firstMirroredAt FROM document_versions
         WHERE library_id = ? AND document_id = ? ORDER BY first_mirrored_at`,
      )
      .all(libraryId, id) as never;
  }

  // ── failures and held deletions ───────────────────────────────────────────

  recordFailure(libraryId: string, documentId: string, title: string, reason: string, wanted: RemoteDocument | null, at: string): void {
    this
      .sql(
        `INSERT INTO document_failures (library_id, document_id, title, reason, wanted_json, attempts,
           first_failed_at, last_failed_at) VALUES (?, ?, ?, ?, ?, 1, ?, ?)
         ON CONFLICT (library_id, document_id) DO UPDATE SET title = excluded.title,
           reason = excluded.reason, wanted_json = coalesce(excluded.wanted_json, wanted_json),
           attempts = attempts + 1, last_failed_at = excluded.last_failed_at`,
      )
      .run(libraryId, documentId, title, reason, wanted ? JSON.stringify(wanted) : null, at, at);
  }

  clearFailure(libraryId: string, documentId: string): void {
    this.sql('DELETE FROM document_failures WHERE library_id = ? AND document_id = ?').run(libraryId, documentId);
  }

  /** Forgets failures of documents the source no longer lists. */
  clearFailuresNotIn(libraryId: string, keep: ReadonlySet<string>): void {
    for (const f of this.failures(libraryId)) if (!keep.has(f.documentId)) this.clearFailure(libraryId, f.documentId);
  }

  failures(libraryId: string): FailureRow[] {
    return (
      this
        .sql('SELECT * FROM document_failures WHERE library_id = ? ORDER BY document_id')
        .all(libraryId) as Row[]
    ).map((r) => ({
      libraryId: r.library_id as string,
      documentId: r.document_id as string,
      title: r.title as string,
      reason: r.reason as string,
      wanted: r.wanted_json ? (JSON.parse(r.wanted_json as string) as RemoteDocument) : null,
      attempts: r.attempts as number,
      firstFailedAt: r.first_failed_at as string,
      lastFailedAt: r.last_failed_at as string,
    }));
  }

  replaceHeldDeletions(libraryId: string, rows: readonly Omit<HeldDeletionRow, 'libraryId'>[]): void {
    this.transaction(() => {
      this.sql('DELETE FROM held_deletions WHERE library_id = ?').run(libraryId);
      const insert = this.sql(
        `INSERT INTO held_deletions (library_id, document_id, title, mirror_path, reason, held_at)
         VALUES (?, ?, ?, ?, ?, ?)`,
      );
      for (const r of rows) insert.run(libraryId, r.documentId, r.title, r.mirrorPath, r.reason, r.heldAt);
    });
  }

  heldDeletions(libraryId: string): HeldDeletionRow[] {
    return (
      this
        .sql('SELECT * FROM held_deletions WHERE library_id = ? ORDER BY document_id')
        .all(libraryId) as Row[]
    ).map((r) => ({
      libraryId: r.library_id as string,
      documentId: r.document_id as string,
      title: r.title as string,
      mirrorPath: r.mirror_path as string,
      reason: r.reason as HeldReason,
      heldAt: r.held_at as string,
    }));
  }

  // ── runs ───────────────────────────────────────────────────────────────────

  startRun(libraryId: string, trigger: string, at: string): number {
    return this.transaction(() => {
      this.sql('UPDATE libraries SET last_attempt_at = ? WHERE id = ?').run(at, libraryId);
      return Number(
        this
          .sql('INSERT INTO sync_runs (library_id, trigger, started_at) VALUES (?, ?, ?)')
          .run(libraryId, trigger, at).lastInsertRowid,
      );
    });
  }

  finishRun(runId: number, libraryId: string, result: RunResult, counts: RunCounts, error: string | null, at: string): void {
    this.transaction(() => {
      this
        .sql(
          `UPDATE sync_runs SET finished_at = ?, result = ?, error = ?, added = ?, updated = ?,
             metadata_updated = ?, removed = ?, failed = ?, held = ?, bytes_downloaded = ? WHERE id = ?`,
        )
        .run(
          at, result, error, counts.added, counts.updated, counts.metadataUpdated, counts.removed,
          counts.failed, counts.held, counts.bytesDownloaded, runId,
        );
      this
        .sql(
          `UPDATE libraries SET last_result = ?, last_error = ?,
             last_success_at = CASE WHEN ? = 'failed' THEN last_success_at ELSE ? END WHERE id = ?`,
        )
        .run(result, error, result, at, libraryId);
    });
  }

  recentRuns(libraryId: string | null, limit = 20): RunRow[] {
    const rows = (
      libraryId
        ? this.sql('SELECT * FROM sync_runs WHERE library_id = ? ORDER BY id DESC LIMIT ?').all(libraryId, limit)
        : this.sql('SELECT * FROM sync_runs ORDER BY id DESC LIMIT ?').all(limit)
    ) as Row[];
    return rows.map((r) => ({
      id: r.id as number,
      libraryId: r.library_id as string,
      trigger: r.trigger as string,
      startedAt: r.started_at as string,
      finishedAt: (r.finished_at as string | null) ?? null,
      result: r.result as RunRow['result'],
      error: (r.error as string | null) ?? null,
      added: r.added as number,
      updated: r.updated as number,
      metadataUpdated: r.metadata_updated as number,
      removed: r.removed as number,
      failed: r.failed as number,
      held: r.held as number,
      bytesDownloaded: r.bytes_downloaded as number,
    }));
  }

  /** Runs left 'running' by a crash are closed as failed when the next one starts; returns how many. */
  closeAbandonedRuns(libraryId: string, at: string): number {
    return this
      .sql(
        `UPDATE sync_runs SET result = 'failed', finished_at = ?, error = 'Avbröts (programmet stängdes under synken)'
         WHERE library_id = ? AND result = 'running'`,
      )
      .run(at, libraryId).changes;
  }

  // ── source adapters' own state ─────────────────────────────────────────────

  getSourceState(libraryId: string, key: string): string | undefined {
    const r = this.sql('SELECT value FROM source_state WHERE library_id = ? AND key = ?').get(libraryId, key) as
      | { value: string }
      | undefined;
    return r?.value;
  }

  setSourceState(libraryId: string, key: string, value: string | null): void {
    if (value === null) {
      this.sql('DELETE FROM source_state WHERE library_id = ? AND key = ?').run(libraryId, key);
    } else {
      this
        .sql(
          'INSERT INTO source_state (library_id, key, value) VALUES (?, ?, ?) ON CONFLICT DO UPDATE SET value = excluded.value',
        )
        .run(libraryId, key, value);
    }
  }

  // ── blobs (content store bookkeeping) ──────────────────────────────────────

  /** Marks blobs no active document uses as released now; they are collected after the grace period. */
  /**
   * Marks blobs no active document uses any more (their grace period starts). Only a
   * document write or a blob stored without its document can leave a blob unused, so when
   * neither happened since the last pass there is nothing to look for.
   */
  releaseUnusedBlobs(at: string): void {
    const marker = this.sql(
      `SELECT (SELECT total(content_version) || ':' || count(*) FROM libraries) || ':' || (SELECT count(*) FROM blobs)`,
    ).pluck().get() as string;
    if (this.sql("SELECT value FROM engine_state WHERE key = 'blobs-released'").pluck().get() === marker) return;
    this.transaction(() => {
      this.releaseBlobsNotInUse(at);
      this.sql("INSERT INTO engine_state (key, value) VALUES ('blobs-released', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value").run(marker);
    });
  }

  private releaseBlobsNotInUse(at: string): void {
    // A blob can be unused only if no document row names it (answered from the sha256
    // index alone) or a removed row does; the active check then runs for those few. Asking
    // "not used by an active row" of every blob read every document row: ~0.1 s of CPU at
    // 50 000 documents on every sync, against ~0.03 s this way.
    this
      .sql(
        `UPDATE blobs SET released_at = ? WHERE released_at IS NULL
           AND (sha256 NOT IN (SELECT sha256 FROM documents)
                OR sha256 IN (SELECT sha256 FROM documents
                              WHERE library_id IN (SELECT id FROM libraries) AND state <> 'active'))
           AND NOT EXISTS (SELECT 1 FROM documents d WHERE d.sha256 = blobs.sha256 AND d.state = 'active')`,
      )
      .run(at);
  }

  blobsReleasedBefore(cutoff: string): string[] {
    return (
      this
        .sql(
          `SELECT sha256 FROM blobs WHERE released_at IS NOT NULL AND released_at < ?
             AND sha256 NOT IN (SELECT sha256 FROM documents WHERE state = 'active')`,
        )
        .all(cutoff) as { sha256: string }[]
    ).map((r) => r.sha256);
  }

  forgetBlob(sha256: string): void {
    this.transaction(() => {
      this.sql('DELETE FROM blobs WHERE sha256 = ?').run(sha256);
      forgetDocumentText(this.db, sha256);
    });
  }
}

function toLibrary(r: Row): LibraryRow {
  return {
    id: r.id as string,
    title: r.title as string,
    sourceType: r.source_type as string,
    sourceKey: r.source_key as string,
    layoutKey: r.layout_key as string,
    cursor: (r.cursor as string | null) ?? null,
    lastSuccessAt: (r.last_success_at as string | null) ?? null,
    lastAttemptAt: (r.last_attempt_at as string | null) ?? null,
    lastResult: r.last_result as LastResult,
    lastError: (r.last_error as string | null) ?? null,
  };
}

export function toDocument(r: Row): DocumentRecord {
  return {
    libraryId: r.library_id as string,
    id: r.id as string,
    title: r.title as string,
    path: JSON.parse(r.path_json as string) as string[],
    fileName: r.file_name as string,
    version: (r.version as string | null) ?? null,
    modifiedAt: (r.modified_at as string | null) ?? null,
    contentType: (r.content_type as string | null) ?? null,
    size: r.size as number,
    sha256: r.sha256 as string,
    revision: r.revision as string,
    sourceRef: r.source_ref as string,
    metadata: JSON.parse(r.metadata_json as string) as DocumentMetadata,
    mirrorPath: r.mirror_path as string,
    state: r.state as 'active' | 'removed',
    removedAt: (r.removed_at as string | null) ?? null,
    syncedAt: r.synced_at as string,
  };
}
