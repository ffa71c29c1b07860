// One sync at a time per data folder, across the CLI, the daemon and the desktop app. The
// lock is a file holding the owner's pid and host; a lock whose process is gone (crash,
// power cut) is taken over, so it never needs clearing by hand.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { UserError } from '../errors.js';
import { sleep } from '../net/retry.js';

interface LockInfo {
  pid: number;
  hostname: string;
  since: string;
  purpose: string;
}

export class LockedError extends UserError {
  constructor(
    readonly holder: LockInfo,
    readonly file?: string,
  ) {
    super(
      `${describeHolder(holder.purpose)} håller redan låset${file ? ` ${file}` : ' för den här datamappen'} ` +
        `(pid ${holder.pid} på ${holder.hostname}, sedan ${holder.since}). ` +
        `Vänta tills den är klar eller stoppa den.`,
      1,
    );
    this.name = 'LockedError';
  }
}

/** Who holds a lock, in words: the purpose is the sync's trigger or "daemon". */
export function describeHolder(purpose: string): string {
  switch (purpose) {
    case 'manual':
      return 'En manuell synk (lita-reserv sync)';
    case 'schedule':
    case 'watch':
    case 'daemon-sync':
      return 'Tjänsten (lita-reserv daemon) synkar just nu och';
    case 'daemon':
      return 'Tjänsten (lita-reserv daemon) körs redan och';
    default:
      return `En annan LITA Reserv-process (${purpose})`;
  }
}

export function lockPath(dataDir: string, name = 'sync.lock'): string {
  return path.join(dataDir, name);
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export function readLock(dataDir: string, name = 'sync.lock'): LockInfo | null {
  try {
    return JSON.parse(fs.readFileSync(lockPath(dataDir, name), 'utf8')) as LockInfo;
  } catch {
    return null;
  }
}

/** Takes the lock or throws LockedError naming its holder. Returns a release function. */
export function acquireLock(dataDir: string, purpose: string, name = 'sync.lock'): () => void {
  fs.mkdirSync(dataDir, { recursive: true });
  const file = lockPath(dataDir, name);
  const info: LockInfo = { pid: process.pid, hostname: os.hostname(), since: new Date().toISOString(), purpose };
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fd = fs.openSync(file, 'wx');
      fs.writeSync(fd, JSON.stringify(info));
      fs.closeSync(fd);
      let released = false;
      return () => {
        if (released) return;
        released = true;
        const current = readLock(dataDir, name);
        if (current?.pid === process.pid) fs.rmSync(file, { force: true });
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const holder = readLock(dataDir, name);
      // A lock from this host whose process is gone (or an unreadable, half-written one) is stale.
      const stale = !holder || (holder.hostname === os.hostname() && !alive(holder.pid));
      if (!stale) throw new LockedError(holder, file);
      fs.rmSync(file, { force: true });
    }
  }
  throw new UserError(`Kunde inte ta låset ${file}`);
}

/** Waits for the lock (polling) until `signal` aborts. */
export async function waitForLock(
  dataDir: string,
  purpose: string,
  signal?: AbortSignal,
  pollMs = 2000,
  name = 'sync.lock',
): Promise<() => void> {
  for (;;) {
    try {
      return acquireLock(dataDir, purpose, name);
    } catch (err) {
      if (!(err instanceof LockedError)) throw err;
      await sleep(pollMs, signal);
    }
  }
}
