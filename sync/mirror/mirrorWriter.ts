// Writes the human-readable mirror folder. Every path is checked to stay inside the
// mirror root before anything touches the disk; files appear and change only whole; a
// file another program holds open (Windows) is left as it is and retried on a later run.
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { copyFileAtomic, isTempName, writeFileAtomic, type FileData } from '../store/durableFile.js';

export class FileLockedError extends Error {
  constructor(file: string, code: string) {
    super(`Filen ${file} används av ett annat program (${code}); den byts ut vid nästa synk`);
    this.name = 'FileLockedError';
  }
}

export class MirrorEscapeError extends Error {
  constructor(rel: string) {
    super(`Vägrar skriva utanför speglingsmappen: ${JSON.stringify(rel).slice(0, 200)}`);
    this.name = 'MirrorEscapeError';
  }
}

const LOCK_CODES = new Set(['EBUSY', 'EPERM', 'EACCES']);

export class MirrorWriter {
  readonly root: string;
  private realRoot: string | undefined;
  private readonly checkedDirs = new Set<string>();

  constructor(root: string) {
    this.root = path.resolve(root);
  }

  /** The absolute path of a mirror-relative, '/'-separated path; throws if it would escape. */
  resolve(rel: string): string {
    const segments = rel.split('/');
    if (
      rel.includes('\0') ||
      rel.includes('\\') ||
      path.isAbsolute(rel) ||
      /^[a-zA-Z]:/.test(rel) ||
      segments.some((s) => s === '' || s === '.' || s === '..')
    ) {
      throw new MirrorEscapeError(rel);
    }
    const full = path.resolve(this.root, ...segments);
    if (!full.startsWith(this.root + path.sep)) throw new MirrorEscapeError(rel);
    return full;
  }

  /** Puts a verified blob at `rel`, replacing what is there only once the copy is complete. */
  async place(rel: string, blobPath: string): Promise<void> {
    const target = this.resolve(rel);
    await this.ensureInsideDir(path.dirname(target));
    try {
      await copyFileAtomic(blobPath, target);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code ?? '';
      if (LOCK_CODES.has(code) && fs.existsSync(target)) throw new FileLockedError(rel, code);
      throw err;
    }
  }

  /** Removes a mirrored file and the folders it leaves empty (never the library folder). */
  async remove(rel: string): Promise<void> {
    const target = this.resolve(rel);
    try {
      await fsp.unlink(target);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code ?? '';
      if (code === 'ENOENT') return;
      if (LOCK_CODES.has(code)) throw new FileLockedError(rel, code);
      throw err;
    }
    const libraryDir = path.join(this.root, rel.split('/')[0]!);
    let dir = path.dirname(target);
    while (dir.startsWith(libraryDir + path.sep)) {
      try {
        await fsp.rmdir(dir);
      } catch {
        break; // not empty, or someone has it open: leave it
      }
      this.checkedDirs.delete(dir);
      dir = path.dirname(dir);
    }
  }

  exists(rel: string): boolean {
    return fs.existsSync(this.resolve(rel));
  }

  async writeTopLevelFile(name: string, data: FileData): Promise<void> {
    await fsp.mkdir(this.root, { recursive: true });
    await writeFileAtomic(this.resolve(name), data);
  }

  /** Removes temp files a crash left behind in a library folder. */
  async removeLeftoverTemps(libraryFolder: string): Promise<number> {
    const dir = this.resolve(libraryFolder);
    let removed = 0;
    const walk = async (d: string): Promise<void> => {
      let entries: fs.Dirent[];
      try {
        entries = await fsp.readdir(d, { withFileTypes: true });
      } catch {
        return;
      }
      for (const e of entries) {
        const full = path.join(d, e.name);
        if (e.isDirectory()) await walk(full);
        else if (e.isFile() && isTempName(e.name)) {
          await fsp.rm(full, { force: true });
          removed++;
        }
      }
    };
    await walk(dir);
    return removed;
  }

  /**
   * Creates `dir` and checks, once per folder, that its real path is still inside the real
   * mirror root: a junction or symlink planted inside the mirror must not redirect writes.
   */
  private async ensureInsideDir(dir: string): Promise<void> {
    if (this.checkedDirs.has(dir)) return;
    await fsp.mkdir(dir, { recursive: true });
    this.realRoot ??= await fsp.realpath(this.root);
    const real = await fsp.realpath(dir);
    if (real !== this.realRoot && !real.startsWith(this.realRoot + path.sep)) {
      throw new MirrorEscapeError(path.relative(this.root, dir));
    }
    this.checkedDirs.add(dir);
  }
}
