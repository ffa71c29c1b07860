// Who keeps this PC's copy current. When the service (`lita-reserv daemon`, run by the
// Windows scheduled task or systemd) holds the data folder's daemon lock, the service
// syncs and the app must not: the service may write where the logged-in user cannot, so a
// sync from the app would only fail on permissions. The decision is pure; detectSyncOwner
// reads the lock and the schedule the daemon notes.
import os from 'node:os';
import { readLock } from '../engine/syncLock.js';
import { readNextSync } from '../fleet/schedule.js';
import { formatLocalTime } from '../i18n/time.js';
import type { SyncOwnerView } from './contract.js';

export const DAEMON_LOCK = 'daemon.lock';

export interface LockHolder {
  pid: number;
  hostname: string;
  since: string;
}

export interface ThisHost {
  hostname: string;
  /** Whether a process with this id runs here (one we may not signal still runs). */
  isAlive(pid: number): boolean;
}

/**
 * The service owns the sync while its lock names a live process. A lock from this host
 * whose process is gone (crash, power cut) is stale, as the lock itself treats it; a lock
 * from another host cannot be checked, so it is respected.
 */
export function decideSyncOwner(lock: LockHolder | null, host: ThisHost, nextSyncAt: string | null): SyncOwnerView {
  if (!lock || !Number.isInteger(lock.pid) || lock.pid <= 0) return { kind: 'app' };
  if (lock.hostname === host.hostname && !host.isAlive(lock.pid)) return { kind: 'app' };
  return { kind: 'service', since: typeof lock.since === 'string' ? lock.since : '', nextSyncAt };
}

/** What "Synka nu" answers while the service syncs: plainly who syncs, and when next. */
export function serviceSyncMessage(owner: Extract<SyncOwnerView, { kind: 'service' }>): string {
  const when = owner.nextSyncAt ? `Nästa synk: ${formatLocalTime(owner.nextSyncAt)}.` : 'Den synkar just nu eller strax.';
  return `Tjänsten LITA Reserv på den här datorn sköter synken, så appen synkar inte själv. ${when}`;
}

/** The same liveness test the sync lock uses: EPERM means the process exists (another user's). */
export function pidIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export function detectSyncOwner(dataDir: string, now: Date = new Date()): SyncOwnerView {
  const lock = readLock(dataDir, DAEMON_LOCK);
  return decideSyncOwner(lock, { hostname: os.hostname(), isAlive: pidIsAlive }, lock ? readNextSync(dataDir, now) : null);
}
