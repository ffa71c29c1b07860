// Real temporary folders, removed after each test file.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll } from 'vitest';

const made: string[] = [];

export function tempDir(prefix = 'lita-test-'): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  made.push(dir);
  return dir;
}

afterAll(() => {
  if (process.env.LITA_KEEP_TEMP) return;
  for (const dir of made.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});
