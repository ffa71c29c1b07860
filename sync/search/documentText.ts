// The text extracted from each stored body, cached by sha256 (a new title or new metadata
// never extracts again), and whether each document is searchable by its text: "ja", or
// "ingen sökbar text" with the reason (encrypted, scanned, damaged, unsupported type…).
import type Database from 'better-sqlite3';
import { ENTRIES_BY_BODY_SQL, reindexEntries, sql } from './searchIndex.js';

type Db = Database.Database;

/** What extraction made of a body. */
export type ExtractedText =
  | { status: 'text'; text: string; truncated: boolean }
  /** No searchable text; `reason` is Swedish and shown to people. */
  | { status: 'none'; reason: string };

export interface TextStatus {
  /** 'pending': the body has not been through extraction yet (it will be during the next sync). */
  state: 'text' | 'none' | 'pending';
  searchable: boolean;
  /** Why there is no searchable text, in Swedish; null when searchable. */
  reason: string | null;
  /** The text was longer than the index keeps; the start of it is searchable. */
  truncated: boolean;
}

export const PENDING_REASON = 'texten har inte lästs in ännu (sker vid nästa synk)';

function entriesWithBody(db: Db, sha256: string): number[] {
  return sql(db, ENTRIES_BY_BODY_SQL).pluck().all(sha256) as number[];
}

/** Records the extraction result for a body and re-indexes every document that has it. */
export function storeDocumentText(db: Db, sha256: string, result: ExtractedText, extractor: number, at: string): void {
  const row = {
    sha256,
    status: result.status,
    reason: result.status === 'none' ? result.reason : null,
    body: result.status === 'text' ? result.text : '',
    truncated: result.status === 'text' && result.truncated ? 1 : 0,
    extractor,
    at,
  };
  db.transaction(() => {
    reindexEntries(db, entriesWithBody(db, sha256), () =>
      sql(
        db,
        `INSERT INTO document_text (sha256, status, reason, body, truncated, extractor, extracted_at)
         VALUES (@sha256, @status, @reason, @body, @truncated, @extractor, @at)
         ON CONFLICT (sha256) DO UPDATE SET status = excluded.status, reason = excluded.reason,
           body = excluded.body, truncated = excluded.truncated, extractor = excluded.extractor,
           extracted_at = excluded.extracted_at`,
      ).run(row),
      'text',
    );
  }).immediate();
}

/** Drops the cached text of a body that left the content store. */
export function forgetDocumentText(db: Db, sha256: string): void {
  reindexEntries(db, entriesWithBody(db, sha256), () => sql(db, 'DELETE FROM document_text WHERE sha256 = ?').run(sha256), 'text');
}

/** Whether this body's text was extracted by the current extractor (so it need not be again). */
export function hasCurrentText(db: Db, sha256: string, extractor: number): boolean {
  return sql(db, 'SELECT 1 FROM document_text WHERE sha256 = ? AND extractor >= ?').get(sha256, extractor) !== undefined;
}

export interface AwaitingText {
  libraryId: string;
  id: string;
  title: string;
  sha256: string;
  fileName: string;
  contentType: string | null;
}

export const AWAITING_TEXT_SQL = `SELECT d.library_id AS libraryId, d.id AS id, d.title AS title, d.sha256 AS sha256,
    d.file_name AS fileName, d.content_type AS contentType
  FROM documents d LEFT JOIN document_text t ON t.sha256 = d.sha256
  WHERE d.library_id = ? AND d.state = 'active' AND (t.sha256 IS NULL OR t.extractor < ?)`;

/**
 * Whether every active document of the library had current text the last time it was
 * checked, with no document written since (the marker is the library's content version and
 * the extractor's version): an unchanged sync then skips looking for bodies awaiting text.
 */
export function textKnownComplete(db: Db, libraryId: string, extractor: number): boolean {
  const r = sql(db, 'SELECT content_version AS v, text_complete AS done FROM libraries WHERE id = ?').get(libraryId) as
    | { v: number; done: string | null }
    | undefined;
  return r !== undefined && r.done === `${extractor}:${r.v}`;
}

/** Records that every active document of the library has current text now. */
export function markTextComplete(db: Db, libraryId: string, extractor: number): void {
  sql(db, `UPDATE libraries SET text_complete = ? || ':' || content_version WHERE id = ?`).run(String(extractor), libraryId);
}

/** Active documents of a library whose text is missing or from an older extractor. */
export function documentsAwaitingText(db: Db, libraryId: string, extractor: number): AwaitingText[] {
  return sql(db, AWAITING_TEXT_SQL).all(libraryId, extractor) as AwaitingText[];
}

interface StatusRow {
  libraryId: string;
  id: string;
  status: 'text' | 'none' | null;
  reason: string | null;
  truncated: number | null;
}

function toStatus(r: Pick<StatusRow, 'status' | 'reason' | 'truncated'>): TextStatus {
  if (r.status === 'text') return { state: 'text', searchable: true, reason: null, truncated: r.truncated === 1 };
  if (r.status === 'none') return { state: 'none', searchable: false, reason: r.reason, truncated: false };
  return { state: 'pending', searchable: false, reason: PENDING_REASON, truncated: false };
}

/** Whether one document can be found by its text, and if not, why. Undefined: no such active document. */
export function documentTextStatus(db: Db, libraryId: string, id: string): TextStatus | undefined {
  const r = sql(
    db,
    `SELECT t.status AS status, t.reason AS reason, t.truncated AS truncated
     FROM documents d LEFT JOIN document_text t ON t.sha256 = d.sha256
     WHERE d.library_id = ? AND d.id = ? AND d.state = 'active'`,
  ).get(libraryId, id) as StatusRow | undefined;
  return r ? toStatus(r) : undefined;
}

export function textStatusKey(libraryId: string, id: string): string {
  return `${libraryId}\u0000${id}`;
}

/** The text status of every active document (of one library), keyed by textStatusKey. */
export function textStatuses(db: Db, libraryId?: string): Map<string, TextStatus> {
  const rows = sql(
    db,
    `SELECT d.library_id AS libraryId, d.id AS id, t.status AS status, t.reason AS reason, t.truncated AS truncated
     FROM documents d LEFT JOIN document_text t ON t.sha256 = d.sha256
     WHERE d.state = 'active' AND (@libraryId IS NULL OR d.library_id = @libraryId)`,
  ).all({ libraryId: libraryId ?? null }) as StatusRow[];
  return new Map(rows.map((r) => [textStatusKey(r.libraryId, r.id), toStatus(r)]));
}

/** Active documents of a library that cannot be found by their text (none, or not read yet). */
export function countWithoutText(db: Db, libraryId: string): { none: number; pending: number } {
  const r = sql(
    db,
    `SELECT count(*) FILTER (WHERE t.status = 'none') AS none, count(*) FILTER (WHERE t.sha256 IS NULL) AS pending
     FROM documents d LEFT JOIN document_text t ON t.sha256 = d.sha256
     WHERE d.library_id = ? AND d.state = 'active'`,
  ).get(libraryId) as { none: number; pending: number };
  return r;
}

/** "ja", or "ingen sökbar text (orsak)": how lists and the status page say it. */
export function describeTextStatus(s: TextStatus): string {
  return s.searchable ? (s.truncated ? 'ja (början av texten)' : 'ja') : `ingen sökbar text (${s.reason ?? 'okänd orsak'})`;
}
