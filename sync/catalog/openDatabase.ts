// Opens the catalog database: WAL, foreign keys, and the numbered migrations, each in its
// own transaction and recorded in PRAGMA user_version. A catalog written by a newer
// version of the app is refused rather than guessed at.
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { UserError } from '../errors.js';
import { migrations as allMigrations, type Migration } from './migrations/index.js';
import { isCorruptionError, quarantineDatabase } from './recovery.js';

export type Db = Database.Database;

/** Set by the Electron shell to a binding built for Electron's ABI; Node uses its own. */
let nativeBinding: string | undefined;
export function useNativeBinding(file: string | undefined): void {
  nativeBinding = file;
}

/** Called when a damaged catalog was moved aside and a new one started. */
export type RecoveryListener = (movedTo: string) => void;

export function openDatabase(file: string, migrations: readonly Migration[] = allMigrations, onRecovered?: RecoveryListener): Db {
  try {
    return openOnce(file, migrations);
  } catch (err) {
    if (file === ':memory:' || !isCorruptionError(err)) throw err;
    const movedTo = quarantineDatabase(file);
    onRecovered?.(movedTo);
    return openOnce(file, migrations);
  }
}

function openOnce(file: string, migrations: readonly Migration[]): Db {
  if (file !== ':memory:') fs.mkdirSync(path.dirname(file), { recursive: true });
  const db = new Database(file, nativeBinding ? { nativeBinding } : {});
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 10000');
    migrate(db, migrations);
  } catch (err) {
    db.close();
    throw err;
  }
  return db;
}

export function migrate(db: Db, migrations: readonly Migration[]): void {
  const latest = migrations.at(-1)?.version ?? 0;
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > latest) {
    throw new UserError(
      `Katalogen ${db.name} är skapad av en nyare version av LITA Reserv (schema ${current}, ` +
        `den här versionen känner till ${latest}). Uppdatera programmet.`,
      1,
    );
  }
  for (const m of migrations) {
    if (m.version <= current) continue;
    db.transaction(() => {
      m.up(db);
      db.pragma(`user_version = ${m.version}`);
    }).immediate();
  }
}
