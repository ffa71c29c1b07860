// Can this account write the mirror and data folders, and is there room? Writing is
// tested for real (a small file, flushed, read back, removed): permissions, read-only
// media and full disks all show up the way the sync would meet them.
import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { TEMP_MARK } from '../store/durableFile.js';
import { check, type CheckResult } from './types.js';

const GB = 1024 ** 3;
const PROBE_BYTES = 64 * 1024;

export interface FolderToCheck {
  key: 'mirror' | 'data';
  /** "Speglingsmappen" / "Datamappen". */
  name: string;
  configKey: 'mirrorDir' | 'dataDir';
  dir: string;
}

/** Free space wanted: room for the library twice over (a full re-download beside the old copy) plus 1 GB. */
export function wantedFreeBytes(libraryBytes: number): number {
  return 2 * libraryBytes + GB;
}

export function checkFolderWritable(folder: FolderToCheck): CheckResult {
  const id = `folder.${folder.key}`;
  const title = `${folder.name} går att skriva till`;
  try {
    fs.mkdirSync(folder.dir, { recursive: true });
    const probe = path.join(folder.dir, `.lita-doctor-${randomBytes(4).toString('hex')}${TEMP_MARK}`);
    const data = randomBytes(PROBE_BYTES);
    try {
      const fd = fs.openSync(probe, 'wx');
      try {
        fs.writeSync(fd, data);
        fs.fsyncSync(fd);
      } finally {
        fs.closeSync(fd);
      }
      if (!fs.readFileSync(probe).equals(data)) throw Object.assign(new Error('läst innehåll skiljer sig'), { code: 'EIO' });
    } finally {
      fs.rmSync(probe, { force: true });
    }
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'fel';
    return check(id, 'fail', title, `${folder.dir}: ${describeWriteError(code)} (${code})`, writeFix(folder, code));
  }
  return check(id, 'ok', title, folder.dir);
}

function describeWriteError(code: string): string {
  switch (code) {
    case 'EROFS':
      return 'mappen ligger på en skrivskyddad enhet';
    case 'EACCES':
    case 'EPERM':
      return 'kontot saknar skrivrätt';
    case 'ENOSPC':
    case 'EDQUOT':
      return 'disken är full';
    case 'ENOENT':
    case 'ENOTDIR':
      return 'mappen kan inte skapas';
    default:
      return 'det gick inte att skriva en testfil';
  }
}

function writeFix(folder: FolderToCheck, code: string): string {
  if (code === 'ENOSPC' || code === 'EDQUOT') return `Frigör utrymme på disken eller flytta "${folder.configKey}" till en större disk.`;
  if (code === 'EACCES' || code === 'EPERM') {
    return `Ge kontot som kör LITA Reserv (tjänsten: SYSTEM eller tjänstekontot) ändringsrätt till mappen, eller välj en annan mapp i "${folder.configKey}".`;
  }
  return `Välj en mapp på en skrivbar lokal disk i "${folder.configKey}" i konfigurationen.`;
}

export function checkFreeSpace(folder: FolderToCheck, libraryBytes: number | null): CheckResult {
  const id = `space.${folder.key}`;
  const title = `Ledigt utrymme för ${folder.name.toLowerCase()}`;
  let free: number;
  try {
    const st = fs.statfsSync(existingAncestor(folder.dir));
    free = Number(st.bavail) * Number(st.bsize);
  } catch (err) {
    return check(id, 'unknown', title, `kunde inte läsa ledigt utrymme för ${folder.dir} (${(err as NodeJS.ErrnoException).code ?? 'fel'})`);
  }
  const wanted = wantedFreeBytes(libraryBytes ?? 0);
  const basis =
    libraryBytes === null
      ? 'biblioteket är inte synkat än; minst 1 GB'
      : `2 × bibliotekets storlek ${formatBytes(libraryBytes)} + 1 GB`;
  const detail = `${formatBytes(free)} ledigt på ${folder.dir} (rekommenderat minst ${formatBytes(wanted)}: ${basis})`;
  if (free < wanted) {
    return check(id, 'warn', title, detail, `Frigör utrymme eller flytta "${folder.configKey}" till en disk med minst ${formatBytes(wanted)} ledigt.`);
  }
  return check(id, 'ok', title, detail);
}

/** statfs needs a path that exists; a folder not created yet is judged by its parent's disk. */
function existingAncestor(dir: string): string {
  let current = path.resolve(dir);
  while (!fs.existsSync(current)) {
    const parent = path.dirname(current);
    if (parent === current) break;
    current = parent;
  }
  return current;
}

export function formatBytes(n: number): string {
  const units = ['byte', 'kB', 'MB', 'GB', 'TB'];
  let value = n;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  const text = unit === 0 ? String(value) : value.toLocaleString('sv-SE', { maximumFractionDigits: 1 });
  return `${text} ${units[unit]}`;
}
