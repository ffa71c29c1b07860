// Full-text search. `document_text` caches the text extracted from each stored body, by
// sha256, so a new title or new metadata never extracts again. `search_entries` holds one
// row per active document: its title, its searchable metadata and the word fragments that
// make compound words findable. Two FTS5 indexes, both external content (the text is stored
// once, in document_text): `search_meta` over the entries alone, small and fast, which
// answers most searches by itself; `search_fts` over entries and text (the `search_source`
// view), for words found only in the text. The code that writes documents keeps both
// current (sync/search/searchIndex.ts); search_state records which entry format the rows
// were built with, so a newer format rebuilds them once.
import type { Database } from 'better-sqlite3';

export const version = 3;
export const name = 'fulltext';

export function up(db: Database): void {
  db.exec(`
    CREATE TABLE document_text (
      sha256 TEXT PRIMARY KEY NOT NULL,
      status TEXT NOT NULL CHECK (status IN ('text', 'none')),
      reason TEXT,
      body TEXT NOT NULL DEFAULT '',
      truncated INTEGER NOT NULL DEFAULT 0 CHECK (truncated IN (0, 1)),
      extractor INTEGER NOT NULL,
      extracted_at TEXT NOT NULL,
      CHECK ((status = 'none') = (reason IS NOT NULL))
    ) STRICT;

    CREATE TABLE search_entries (
      id INTEGER PRIMARY KEY,
      library_id TEXT NOT NULL,
      document_id TEXT NOT NULL,
      sha256 TEXT NOT NULL,
      title TEXT NOT NULL,
      fragments TEXT NOT NULL,
      meta TEXT NOT NULL,
      document_type TEXT,
      unit TEXT,
      UNIQUE (library_id, document_id)
    ) STRICT;
    CREATE INDEX search_entries_by_sha256 ON search_entries (sha256);
    CREATE INDEX search_entries_by_type ON search_entries (document_type, library_id);
    CREATE INDEX search_entries_by_unit ON search_entries (unit, library_id);

    CREATE VIEW search_source AS
      SELECT e.id AS id, e.title AS title, e.fragments AS fragments, e.meta AS meta,
             coalesce(t.body, '') AS body
      FROM search_entries e LEFT JOIN document_text t ON t.sha256 = e.sha256;

    CREATE VIRTUAL TABLE search_meta USING fts5 (
      title, fragments, meta,
      content = 'search_entries', content_rowid = 'id',
      tokenize = 'unicode61 remove_diacritics 2',
      prefix = '2 3'
    );
    INSERT INTO search_meta (search_meta, rank) VALUES ('rank', 'bm25(10.0, 4.0, 3.0)');

    CREATE VIRTUAL TABLE search_fts USING fts5 (
      title, fragments, meta, body,
      content = 'search_source', content_rowid = 'id',
      tokenize = 'unicode61 remove_diacritics 2',
      prefix = '2 3'
    );
    -- Titles weigh most, then compound fragments and metadata, then the text.
    INSERT INTO search_fts (search_fts, rank) VALUES ('rank', 'bm25(10.0, 4.0, 3.0, 1.0)');

    CREATE TABLE search_state (
      key TEXT PRIMARY KEY NOT NULL,
      value TEXT NOT NULL
    ) STRICT;
    INSERT INTO search_state (key, value) VALUES ('entry_format', '0');
  `);
}
