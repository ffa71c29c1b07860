// A damaged catalog must not keep the app from working: it is moved aside (kept for
// inspection) and a new one is built from the content store and the next sync. The mirror
// folder is not touched, so documents stay readable throughout.
import fs from 'node:fs';

const CORRUPT_CODES = new Set(['SQLITE_CORRUPT', 'SQLITE_NOTADB', 'SQLITE_CORRUPT_VTAB', 'SQLITE_CORRUPT_INDEX', 'SQLITE_CORRUPT_SEQUENCE']);

export function isCorruptionError(err: unknown): boolean {
  const code = (err as { code?: string } | null)?.code;
  return typeof code === 'string' && CORRUPT_CODES.has(code);
}

/** Moves a damaged database (and its WAL) aside; returns where it went. */
export function quarantineDatabase(file: string, now = new Date()): string {
  const stamp = now.toISOString().replace(/[:.]/g, '-');
  const target = `${file}.skadad-${stamp}`;
  fs.renameSync(file, target);
  for (const suffix of ['-wal', '-shm']) {
    if (fs.existsSync(file + suffix)) fs.renameSync(file + suffix, target + suffix);
  }
  return target;
}
