// Every schema migration, in order. Add a file NNNN-name.ts and list it here; never edit
// one that has shipped.
import type { Database } from 'better-sqlite3';
import * as m0001 from './0001-initial.js';
import * as m0002 from './0002-source-items.js';
import * as m0003 from './0003-fulltext.js';
import * as m0004 from './0004-content-version.js';
import * as m0005 from './0005-page-entry.js';

export interface Migration {
  version: number;
  name: string;
  up(db: Database): void;
}

export const migrations: readonly Migration[] = [m0001, m0002, m0003, m0004, m0005];
