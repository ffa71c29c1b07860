// Each document row keeps its own entry of index.html's document list (indexPageList.ts),
// so a sync that changed one document joins stored entries instead of building 50 000.
import type { Database } from 'better-sqlite3';
import { fillPageEntries } from '../indexPageList.js';

export const version = 5;
export const name = 'page-entry';

export function up(db: Database): void {
  db.exec('ALTER TABLE documents ADD COLUMN page_entry TEXT');
  fillPageEntries(db);
}
