// Source adapters that are told only what changed (SharePoint's Graph delta) must remember
// the item tree between runs: which folder each item sits in and under what name, so that
// paths can be rebuilt when a folder is renamed or deleted. One row per item; 50 000
// items are far too many for the source_state key/value area.
import type { Database } from 'better-sqlite3';

export const version = 2;
export const name = 'source-items';

export function up(db: Database): void {
  db.exec(`
    CREATE TABLE source_items (
      library_id TEXT NOT NULL,
      item_id TEXT NOT NULL,
      parent_id TEXT,
      name TEXT,
      kind TEXT NOT NULL CHECK (kind IN ('root', 'folder', 'file', 'other')),
      data_json TEXT NOT NULL DEFAULT '{}',
      PRIMARY KEY (library_id, item_id)
    ) STRICT;
  `);
}
