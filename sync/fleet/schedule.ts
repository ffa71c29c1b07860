// The daemon notes when it will sync next, so status reports written by any process can
// say it; a time already passed means nothing is scheduled.
import fs from 'node:fs';
import path from 'node:path';
import { writeFileAtomicSync } from '../store/durableFile.js';

const file = (dataDir: string) => path.join(dataDir, 'schedule.json');

export function writeNextSync(dataDir: string, at: Date): void {
  writeFileAtomicSync(file(dataDir), JSON.stringify({ nextSyncAt: at.toISOString() }));
}

export function readNextSync(dataDir: string, now = new Date()): string | null {
  try {
    const { nextSyncAt } = JSON.parse(fs.readFileSync(file(dataDir), 'utf8')) as { nextSyncAt?: string };
    return nextSyncAt && new Date(nextSyncAt).getTime() > now.getTime() ? nextSyncAt : null;
  } catch {
    return null;
  }
}
