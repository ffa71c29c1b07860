// Writes to the full-text index (schema: catalog migration 0003). The catalog calls these
// in the same transaction that records, changes or removes a document, so the index
// always holds exactly the active documents; extracted text joins it through
// documentText.ts. search_fts has external content (the search_source view), so every
// change is "delete the row as indexed, change the tables, insert the row again".
import type Database from 'better-sqlite3';
import type { DocumentMetadata, DocumentRecord } from '../model.js';
import { foldedWords, wordSuffixes } from './fold.js';

type Db = Database.Database;

/** Bump when entryFields changes: entries built with an older format are rebuilt on open. */
export const ENTRY_FORMAT = 1;

/** What the index needs from a document. */
export type IndexedDocument = Pick<DocumentRecord, 'libraryId' | 'id' | 'title' | 'path' | 'metadata' | 'sha256'>;

export interface EntryFields {
  sha256: string;
  title: string;
  fragments: string;
  meta: string;
  documentType: string | null;
  unit: string | null;
}

// Bounds a hostile title or metadata value: an entry stays small whatever a source sends.
const MAX_FIELD_CHARS = 2000;
const MAX_FRAGMENT_WORDS = 400;

function metaString(metadata: DocumentMetadata, key: string): string | null {
  const v = metadata[key];
  return typeof v === 'string' && v.trim() !== '' ? v.trim() : null;
}

function metaStrings(metadata: DocumentMetadata, key: string): string[] {
  const v = metadata[key];
  if (Array.isArray(v)) return v.filter((s) => typeof s === 'string' && s.trim() !== '');
  return typeof v === 'string' && v.trim() !== '' ? [v] : [];
}

/**
 * The searchable fields of a document. Metadata is its type, unit, owner and keywords,
 * the folders it sits in and its id. The unit facet is the `unit` metadata, or else the
 * innermost folder (sources organise libraries as organisation → unit).
 */
export function entryFields(doc: IndexedDocument): EntryFields {
  const documentType = metaString(doc.metadata, 'documentType');
  const unit = metaString(doc.metadata, 'unit') ?? doc.path.at(-1)?.trim() ?? null;
  const described = [
    documentType,
    metaString(doc.metadata, 'unit'),
    metaString(doc.metadata, 'owner'),
    ...metaStrings(doc.metadata, 'keywords'),
    ...doc.path,
  ].filter((s): s is string => s !== null);
  const meta = [...described, doc.id].join(' · ').slice(0, MAX_FIELD_CHARS);
  const title = doc.title.slice(0, MAX_FIELD_CHARS);
  const words = new Set(foldedWords(`${title} ${described.join(' ')}`).slice(0, MAX_FRAGMENT_WORDS));
  const fragments = new Set<string>();
  for (const w of words) for (const s of wordSuffixes(w)) fragments.add(s);
  return { sha256: doc.sha256, title, fragments: [...fragments].join(' '), meta, documentType, unit: unit || null };
}

// ── statements ──────────────────────────────────────────────────────────────

const cache = new WeakMap<Db, Map<string, Database.Statement>>();

/** One prepared statement per text and connection: the sync indexes tens of thousands of rows. */
export function sql(db: Db, text: string): Database.Statement {
  let map = cache.get(db);
  if (!map) cache.set(db, (map = new Map()));
  let stmt = map.get(text);
  if (!stmt) map.set(text, (stmt = db.prepare(text)));
  return stmt;
}

/** Which indexes a change touches: the text only changes search_fts. */
type Scope = 'entry' | 'text';

function ftsDelete(db: Db, id: number, scope: Scope): void {
  if (scope === 'entry') {
    sql(
      db,
      `INSERT INTO search_meta (search_meta, rowid, title, fragments, meta)
       SELECT 'delete', id, title, fragments, meta FROM search_entries WHERE id = ?`,
    ).run(id);
  }
  sql(
    db,
    `INSERT INTO search_fts (search_fts, rowid, title, fragments, meta, body)
     SELECT 'delete', id, title, fragments, meta, body FROM search_source WHERE id = ?`,
  ).run(id);
}

function ftsInsert(db: Db, id: number, scope: Scope): void {
  if (scope === 'entry') {
    sql(db, 'INSERT INTO search_meta (rowid, title, fragments, meta) SELECT id, title, fragments, meta FROM search_entries WHERE id = ?').run(id);
  }
  sql(
    db,
    `INSERT INTO search_fts (rowid, title, fragments, meta, body)
     SELECT id, title, fragments, meta, body FROM search_source WHERE id = ?`,
  ).run(id);
}

/** Runs `change` between taking the entries out of the indexes and putting them back. */
export function reindexEntries(db: Db, ids: readonly number[], change: () => void, scope: Scope = 'entry'): void {
  db.transaction(() => {
    for (const id of ids) ftsDelete(db, id, scope);
    change();
    for (const id of ids) ftsInsert(db, id, scope);
  })();
}

// ── documents ───────────────────────────────────────────────────────────────

interface EntryRow extends EntryFields {
  id: number;
}

/** Hot queries, exported so tests can check their plans. */
export const ENTRY_BY_DOCUMENT_SQL = `SELECT id, sha256, title, fragments, meta, document_type AS documentType, unit
  FROM search_entries WHERE library_id = ? AND document_id = ?`;
export const ENTRIES_BY_BODY_SQL = 'SELECT id FROM search_entries WHERE sha256 = ?';

function findEntry(db: Db, libraryId: string, documentId: string): EntryRow | undefined {
  return sql(db, ENTRY_BY_DOCUMENT_SQL).get(libraryId, documentId) as EntryRow | undefined;
}

function sameFields(a: EntryFields, b: EntryFields): boolean {
  return (
    a.sha256 === b.sha256 && a.title === b.title && a.fragments === b.fragments && a.meta === b.meta &&
    a.documentType === b.documentType && a.unit === b.unit
  );
}

/** Adds or refreshes a document's entry; its text follows from its sha256. */
export function indexDocument(db: Db, doc: IndexedDocument): void {
  const fields = entryFields(doc);
  const existing = findEntry(db, doc.libraryId, doc.id);
  if (existing && sameFields(existing, fields)) return;
  if (existing) {
    reindexEntries(db, [existing.id], () =>
      sql(
        db,
        `UPDATE search_entries SET sha256 = @sha256, title = @title, fragments = @fragments, meta = @meta,
           document_type = @documentType, unit = @unit WHERE id = @id`,
      ).run({ ...fields, id: existing.id }),
    );
    return;
  }
  db.transaction(() => {
    const id = Number(
      sql(
        db,
        `INSERT INTO search_entries (library_id, document_id, sha256, title, fragments, meta, document_type, unit)
         VALUES (@libraryId, @documentId, @sha256, @title, @fragments, @meta, @documentType, @unit)`,
      ).run({ ...fields, libraryId: doc.libraryId, documentId: doc.id }).lastInsertRowid,
    );
    ftsInsert(db, id, 'entry');
  })();
}

/** Takes a document out of the index (it was removed from the mirror). */
export function unindexDocument(db: Db, libraryId: string, documentId: string): void {
  const existing = findEntry(db, libraryId, documentId);
  if (!existing) return;
  db.transaction(() => {
    ftsDelete(db, existing.id, 'entry');
    sql(db, 'DELETE FROM search_entries WHERE id = ?').run(existing.id);
  })();
}

/**
 * Rebuilds every entry from the active documents when they were built with another
 * ENTRY_FORMAT (or not at all: a catalog from before full-text search). Returns whether
 * it rebuilt.
 */
export function refreshSearchEntries(db: Db): boolean {
  const row = db.prepare("SELECT value FROM search_state WHERE key = 'entry_format'").get() as { value: string } | undefined;
  if (row?.value === String(ENTRY_FORMAT)) return false;
  db.transaction(() => {
    db.prepare('DELETE FROM search_entries').run();
    const docs = db
      .prepare("SELECT library_id, id, title, path_json, metadata_json, sha256 FROM documents WHERE state = 'active'")
      .all() as { library_id: string; id: string; title: string; path_json: string; metadata_json: string; sha256: string }[];
    const insert = db.prepare(
      `INSERT INTO search_entries (library_id, document_id, sha256, title, fragments, meta, document_type, unit)
       VALUES (@libraryId, @documentId, @sha256, @title, @fragments, @meta, @documentType, @unit)`,
    );
    for (const d of docs) {
      const doc: IndexedDocument = {
        libraryId: d.library_id,
        id: d.id,
        title: d.title,
        path: JSON.parse(d.path_json) as string[],
        metadata: JSON.parse(d.metadata_json) as DocumentMetadata,
        sha256: d.sha256,
      };
      insert.run({ ...entryFields(doc), libraryId: doc.libraryId, documentId: doc.id });
    }
    db.prepare("INSERT INTO search_meta (search_meta) VALUES ('rebuild')").run();
    db.prepare("INSERT INTO search_fts (search_fts) VALUES ('rebuild')").run();
    db.prepare("INSERT INTO search_state (key, value) VALUES ('entry_format', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value").run(
      String(ENTRY_FORMAT),
    );
  }).immediate();
  return true;
}
