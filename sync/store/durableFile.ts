// The one way this app puts a file in place: write beside it, flush it to disk, rename it
// over the target. A reader (or a power cut) sees the old file or the new one, never half.
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { failpoint } from '../failpoints.js';

export const TEMP_MARK = '.lita-tmp';

export function tempPathBeside(target: string): string {
  return path.join(path.dirname(target), `.${path.basename(target).slice(0, 40)}.${randomBytes(4).toString('hex')}${TEMP_MARK}`);
}

export function isTempName(name: string): boolean {
  return name.endsWith(TEMP_MARK);
}

/** fsync a file by path (Windows needs it opened for writing to flush). */
export async function flushFile(file: string): Promise<void> {
  const fh = await fsp.open(file, 'r+');
  try {
    await fh.sync();
  } finally {
    await fh.close();
  }
}

/** Best-effort fsync of a directory so a rename survives a power cut; not possible on
 *  Windows, where NTFS journals the rename itself. */
export async function flushDir(dir: string): Promise<void> {
  if (process.platform === 'win32') return;
  let fh: fsp.FileHandle | undefined;
  try {
    fh = await fsp.open(dir, 'r');
    await fh.sync();
  } catch {
    // Some file systems (network shares) refuse fsync on directories; the data is safe.
  } finally {
    await fh?.close();
  }
}

/** Copies `source` to `target` atomically. */
export async function copyFileAtomic(source: string, target: string): Promise<void> {
  await fsp.mkdir(path.dirname(target), { recursive: true });
  const temp = tempPathBeside(target);
  try {
    await fsp.copyFile(source, temp);
    await flushFile(temp);
    failpoint('mirror-before-rename');
    await fsp.rename(temp, target);
  } catch (err) {
    await fsp.rm(temp, { force: true }).catch(() => undefined);
    throw err;
  }
}

/** What a file is written from: its text or bytes, or its bytes in parts (not joined first: a list of 15 MB is written as it is). */
export type FileData = string | Uint8Array | readonly Uint8Array[];

/** Writes `data` to `target` atomically. */
export async function writeFileAtomic(target: string, data: FileData): Promise<void> {
  await fsp.mkdir(path.dirname(target), { recursive: true });
  const temp = tempPathBeside(target);
  try {
    const fh = await fsp.open(temp, 'w');
    try {
      // Each writeFile on a handle continues where the last ended.
      for (const part of parts(data)) await fh.writeFile(part);
      await fh.sync();
    } finally {
      await fh.close();
    }
    await fsp.rename(temp, target);
  } catch (err) {
    await fsp.rm(temp, { force: true }).catch(() => undefined);
    throw err;
  }
}

export function writeFileAtomicSync(target: string, data: FileData): void {
  fs.mkdirSync(path.dirname(target), { recursive: true });
  const temp = tempPathBeside(target);
  try {
    const fd = fs.openSync(temp, 'w');
    try {
      for (const part of parts(data)) fs.writeFileSync(fd, part);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(temp, target);
  } catch (err) {
    fs.rmSync(temp, { force: true });
    throw err;
  }
}

const parts = (data: FileData): readonly (string | Uint8Array)[] => (typeof data === 'string' || data instanceof Uint8Array ? [data] : data);
