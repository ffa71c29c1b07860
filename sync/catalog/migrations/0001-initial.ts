// The first schema: libraries, the documents shown to people (what the mirror holds),
// their versions, sync runs, per-document failures, held deletions, the blobs in the
// content store, and a key/value area for source adapters.
import type { Database } from 'better-sqlite3';

export const version = 1;
export const name = 'initial';

export function up(db: Database): void {
  db.exec(`
    CREATE TABLE libraries (
      id TEXT PRIMARY KEY NOT NULL,
      title TEXT NOT NULL,
      source_type TEXT NOT NULL,
      source_key TEXT NOT NULL,
      layout_key TEXT NOT NULL DEFAULT '',
      cursor TEXT,
      last_success_at TEXT,
      last_attempt_at TEXT,
      last_result TEXT NOT NULL DEFAULT 'never'
        CHECK (last_result IN ('ok', 'partial', 'failed', 'never')),
      last_error TEXT
    ) STRICT;

    CREATE TABLE documents (
      library_id TEXT NOT NULL REFERENCES libraries (id),
      id TEXT NOT NULL,
      title TEXT NOT NULL,
      path_json TEXT NOT NULL,
      file_name TEXT NOT NULL,
      version TEXT,
      modified_at TEXT,
      content_type TEXT,
      size INTEGER NOT NULL,
      sha256 TEXT NOT NULL,
      revision TEXT NOT NULL,
      source_ref TEXT NOT NULL,
      metadata_json TEXT NOT NULL DEFAULT '{}',
      mirror_path TEXT NOT NULL,
      state TEXT NOT NULL DEFAULT 'active' CHECK (state IN ('active', 'removed')),
      removed_at TEXT,
      synced_at TEXT NOT NULL,
      PRIMARY KEY (library_id, id)
    ) STRICT;
    CREATE INDEX documents_by_sha256 ON documents (sha256);
    CREATE INDEX documents_by_state ON documents (library_id, state);

    CREATE TABLE document_versions (
      library_id TEXT NOT NULL,
      document_id TEXT NOT NULL,
      sha256 TEXT NOT NULL,
      version TEXT,
      size INTEGER NOT NULL,
      first_mirrored_at TEXT NOT NULL,
      PRIMARY KEY (library_id, document_id, sha256)
    ) STRICT;

    CREATE TABLE sync_runs (
      id INTEGER PRIMARY KEY,
      library_id TEXT NOT NULL,
      trigger TEXT NOT NULL,
      started_at TEXT NOT NULL,
      finished_at TEXT,
      result TEXT NOT NULL DEFAULT 'running'
        CHECK (result IN ('running', 'ok', 'partial', 'failed')),
      error TEXT,
      added INTEGER NOT NULL DEFAULT 0,
      updated INTEGER NOT NULL DEFAULT 0,
      metadata_updated INTEGER NOT NULL DEFAULT 0,
      removed INTEGER NOT NULL DEFAULT 0,
      failed INTEGER NOT NULL DEFAULT 0,
      held INTEGER NOT NULL DEFAULT 0,
      bytes_downloaded INTEGER NOT NULL DEFAULT 0
    ) STRICT;
    CREATE INDEX sync_runs_by_library ON sync_runs (library_id, id);

    CREATE TABLE document_failures (
      library_id TEXT NOT NULL,
      document_id TEXT NOT NULL,
      title TEXT NOT NULL,
      reason TEXT NOT NULL,
      wanted_json TEXT,
      attempts INTEGER NOT NULL DEFAULT 1,
      first_failed_at TEXT NOT NULL,
      last_failed_at TEXT NOT NULL,
      PRIMARY KEY (library_id, document_id)
    ) STRICT;

    CREATE TABLE held_deletions (
      library_id TEXT NOT NULL,
      document_id TEXT NOT NULL,
      title TEXT NOT NULL,
      mirror_path TEXT NOT NULL,
      reason TEXT NOT NULL CHECK (reason IN ('limit', 'empty-source', 'errors')),
      held_at TEXT NOT NULL,
      PRIMARY KEY (library_id, document_id)
    ) STRICT;

    CREATE TABLE blobs (
      sha256 TEXT PRIMARY KEY NOT NULL,
      size INTEGER NOT NULL,
      stored_at TEXT NOT NULL,
      released_at TEXT
    ) STRICT;

    CREATE TABLE source_state (
      library_id TEXT NOT NULL,
      key TEXT NOT NULL,
      value TEXT NOT NULL,
      PRIMARY KEY (library_id, key)
    ) STRICT;
  `);
}
