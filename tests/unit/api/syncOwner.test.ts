// Who syncs this PC: the pure decision over the daemon lock, then the real files (a lock
// naming a live process, one whose process is gone, the schedule the daemon notes), and
// the API service that leaves the sync to the service: "Synka nu" and approvals answer
// plainly who syncs and when next, the host's schedule skips its turn, and nothing runs.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decideSyncOwner, detectSyncOwner, serviceSyncMessage, type ThisHost } from '../../../sync/api/syncOwner.js';
import { createApiService, type ApiService } from '../../../sync/api/service.js';
import { invokeApi } from '../../../sync/api/dispatch.js';
import type { SyncEvent } from '../../../sync/api/contract.js';
import { writeNextSync } from '../../../sync/fleet/schedule.js';
import { formatLocalTime } from '../../../sync/i18n/time.js';
import { syncedApiLibrary, type ApiLibrary } from '../../helpers/apiLibrary.js';

const here: ThisHost = { hostname: 'akut-01', isAlive: (pid) => pid === 4242 };
const since = '2026-11-23T01:00:00.000Z';
const next = '2026-11-23T02:30:00.000Z';

describe('deciding who syncs', () => {
  it('is the app when no service holds the daemon lock', () => {
    expect(decideSyncOwner(null, here, next)).toEqual({ kind: 'app' });
  });

  it('is the service while its lock names a live process here', () => {
    expect(decideSyncOwner({ pid: 4242, hostname: 'akut-01', since }, here, next)).toEqual({ kind: 'service', since, nextSyncAt: next });
    expect(decideSyncOwner({ pid: 4242, hostname: 'akut-01', since }, here, null)).toEqual({ kind: 'service', since, nextSyncAt: null });
  });

  it('is the app again when the service\'s process is gone (a stale lock)', () => {
    expect(decideSyncOwner({ pid: 999, hostname: 'akut-01', since }, here, next)).toEqual({ kind: 'app' });
  });

  it('respects a lock from another host, which cannot be checked', () => {
    expect(decideSyncOwner({ pid: 999, hostname: 'annan-pc', since }, here, next)).toMatchObject({ kind: 'service' });
  });

  it('ignores a lock that is not one', () => {
    for (const pid of [0, -1, 1.5, Number.NaN, '4242' as unknown as number]) {
      expect(decideSyncOwner({ pid, hostname: 'akut-01', since }, here, next)).toEqual({ kind: 'app' });
    }
  });

  it('says plainly who syncs and when next', () => {
    expect(serviceSyncMessage({ kind: 'service', since, nextSyncAt: next })).toBe(
      `Tjänsten LITA Reserv på den här datorn sköter synken, så appen synkar inte själv. Nästa synk: ${formatLocalTime(next)}.`,
    );
    expect(serviceSyncMessage({ kind: 'service', since, nextSyncAt: null })).toMatch(/Den synkar just nu eller strax\.$/);
  });
});

/** A pid that existed a moment ago and is gone now. */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', ''], { stdio: 'ignore' });
  await new Promise((resolve) => child.once('exit', resolve));
  return child.pid!;
}

describe('the service owning the sync, with real files', () => {
  let lib: ApiLibrary;
  let service: ApiService;
  let lock: string;
  const writeLock = (pid: number) =>
    fs.writeFileSync(lock, JSON.stringify({ pid, hostname: os.hostname(), since: new Date().toISOString(), purpose: 'daemon' }));

  beforeAll(async () => {
    lib = await syncedApiLibrary();
    service = createApiService(lib.config);
    lock = path.join(lib.config.dataDir, 'daemon.lock');
  });
  afterAll(() => service?.close());

  it('reads the daemon lock and the next scheduled sync', async () => {
    expect(detectSyncOwner(lib.config.dataDir)).toEqual({ kind: 'app' });
    const at = new Date(Date.now() + 30 * 60_000);
    writeNextSync(lib.config.dataDir, at);
    writeLock(process.pid);
    expect(detectSyncOwner(lib.config.dataDir)).toMatchObject({ kind: 'service', nextSyncAt: at.toISOString() });
    writeLock(await deadPid());
    expect(detectSyncOwner(lib.config.dataDir)).toEqual({ kind: 'app' });
  });

  it('answers "Synka nu" and approvals with who syncs, runs nothing, and skips the app\'s schedule', async () => {
    const at = new Date(Date.now() + 30 * 60_000);
    writeNextSync(lib.config.dataDir, at);
    writeLock(process.pid);
    const runs = (await service.status(undefined)).recentRuns.length;
    const status = await service.status(undefined);
    expect(status.syncOwner).toMatchObject({ kind: 'service', nextSyncAt: at.toISOString() });
    const expected = `Tjänsten LITA Reserv på den här datorn sköter synken, så appen synkar inte själv. Nästa synk: ${formatLocalTime(at.toISOString())}.`;
    expect((await invokeApi(service, 'syncNow', undefined)).result).toEqual({ ok: false, error: { code: 'busy', message: expected } });
    expect((await invokeApi(service, 'approveDeletions', { libraryId: 'bib' })).result).toEqual({
      ok: false,
      error: { code: 'busy', message: `${expected} Godkänn borttagningarna som administratör med "lita-reserv sync --library bib --approve-deletions".` },
    });
    expect(await service.runScheduledSync()).toBe('service');
    const after = await service.status(undefined);
    expect(after.sync.running).toBe(false);
    expect(after.recentRuns.length).toBe(runs);
  });

  it('syncs from the app again once the lock is gone', async () => {
    fs.rmSync(lock);
    const finished = new Promise<SyncEvent>((resolve) => service.subscribe((e) => (e.type === 'finished' || e.type === 'failed') && resolve(e)));
    expect(await service.syncNow(undefined)).toEqual({ started: true });
    expect(await finished).toMatchObject({ type: 'finished', exitCode: 0 });
    expect((await service.status(undefined)).syncOwner).toEqual({ kind: 'app' });
    expect(await service.runScheduledSync()).toBe('ran');
  });
});
