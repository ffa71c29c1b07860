// A per-library counter that moves whenever one of its document rows is written, kept by
// triggers so no write path can forget it. "Did anything change since…" is then one row
// read instead of a scan of every document (index.html's cache, the search-text check of
// an unchanged sync, releasing unused content). `text_complete` records the counter (and
// extractor) at which every active document last had current text, so an unchanged sync
// need not look again; `engine_state` holds the engine's own markers of that kind.
// `documents.description` is a digest of how a document was described (shownDocuments.ts),
// filled in by the next sync for rows written before it existed.
import type { Database } from 'better-sqlite3';

export const version = 4;
export const name = 'content-version';

export function up(db: Database): void {
  db.exec(`
    ALTER TABLE libraries ADD COLUMN content_version INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE libraries ADD COLUMN text_complete TEXT;
    ALTER TABLE documents ADD COLUMN description TEXT;
    CREATE TABLE engine_state (
      key TEXT PRIMARY KEY NOT NULL,
      value TEXT NOT NULL
    ) STRICT;

    CREATE TRIGGER documents_inserted AFTER INSERT ON documents BEGIN
      UPDATE libraries SET content_version = content_version + 1 WHERE id = NEW.library_id;
    END;
    CREATE TRIGGER documents_updated AFTER UPDATE ON documents BEGIN
      UPDATE libraries SET content_version = content_version + 1 WHERE id IN (OLD.library_id, NEW.library_id);
    END;
    CREATE TRIGGER documents_deleted AFTER DELETE ON documents BEGIN
      UPDATE libraries SET content_version = content_version + 1 WHERE id = OLD.library_id;
    END;
  `);
}
