// One sync at a time per data folder, with real processes: a second daemon is refused (or
// waits with --wait), a manual sync while the daemon syncs is refused with a clear reason,
// and locks left by a SIGKILLed process are taken over. The library is served by nginx
// with a bandwidth limit, so a sync lasts long enough to be caught in the act.
import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requireProgram } from '../helpers/systemProgram.js';
import { startNginx, type NginxServer } from '../helpers/nginx.js';
import { tempDir } from '../helpers/tempDir.js';
import { runCli } from '../helpers/cli.js';
import { sha256, treeHashes, writeConfig, writeSourceTree, type SourceDoc } from '../helpers/library.js';
import { readLockFile, startCli, waitFor } from '../helpers/processes.js';

const nginxBin = requireProgram('nginx', 'the lock tests serve a slow library with it', ['/usr/sbin/nginx']);

// About 2 s per document at 64 KB/s: a full sync takes ~8 s.
const docs: SourceDoc[] = Array.from({ length: 4 }, (_, i) => ({
  rel: `Rutiner/Rutin ${i + 1}.txt`,
  content: randomBytes(128 * 1024),
  id: `DOC-${i + 1}`,
  title: `Rutin ${i + 1}`,
}));

describe.skipIf(!nginxBin)('the sync lock across processes', () => {
  let nginx: NginxServer;
  let pub: string;

  beforeAll(async () => {
    const work = tempDir();
    const src = path.join(work, 'src');
    pub = path.join(work, 'pub');
    writeSourceTree(src, docs);
    const r = await runCli(['publish', src, '--out', pub]);
    expect(r.code, r.stderr).toBe(0);
    nginx = await startNginx(nginxBin!, pub, 'location /files/ { limit_rate 64k; }');
  });
  afterAll(async () => {
    await nginx?.stop();
  });

  function newInstallation(): { config: string; dataDir: string; mirror: string } {
    const dir = tempDir();
    const config = writeConfig(dir, {
      libraries: [{ id: 'ledningssystem', title: 'Ledningssystem', source: { type: 'manifest', url: `${nginx.url}/manifest.json` } }],
      network: { timeoutSeconds: 10, retries: 0, concurrency: 1 },
    });
    return { config, dataDir: path.join(dir, 'data'), mirror: path.join(dir, 'Styrande dokument') };
  }

  const daemonEnv = { LITA_RESERV_INTERVAL_SECONDS: '3600' };

  it('refuses a second daemon and a manual sync while the daemon syncs, and --wait takes over', async () => {
    const { config, dataDir, mirror } = newInstallation();
    const first = startCli(['daemon', '--config', config], daemonEnv);
    await waitFor('the daemon to start syncing', () => readLockFile(dataDir, 'sync.lock')?.purpose === 'schedule');
    expect(readLockFile(dataDir, 'daemon.lock')?.pid).toBe(first.pid);

    const manual = await runCli(['sync', '--config', config]);
    expect(manual.code).toBe(1);
    expect(manual.stderr).toContain('Tjänsten (lita-reserv daemon) synkar just nu');
    expect(manual.stderr).toContain(`pid ${first.pid}`);
    const manualJson = await runCli(['sync', '--config', config, '--json']);
    expect(manualJson.code).toBe(1);
    expect(manualJson.json<{ error: string; exitCode: number }>()).toMatchObject({ exitCode: 1, error: expect.stringContaining('synkar just nu') });

    const second = await runCli(['daemon', '--config', config], { env: daemonEnv });
    expect(second.code).toBe(1);
    expect(second.stderr).toContain(`Tjänsten (lita-reserv daemon) körs redan för datamappen ${dataDir}`);
    expect(second.stderr).toContain('--wait');
    expect(first.isRunning()).toBe(true);

    const waiting = startCli(['daemon', '--wait', '--config', config], daemonEnv);
    await waitFor('the second daemon to wait', () => waiting.output().includes('another daemon holds the lock; waiting'));
    await waitFor('the first sync to finish', () => !fs.existsSync(path.join(dataDir, 'sync.lock')) && treeHashes(path.join(mirror, 'Ledningssystem')).size === docs.length, 30_000);
    expect(waiting.isRunning()).toBe(true);

    first.child.kill('SIGTERM');
    expect(await first.exited).toBe(0);
    await waitFor('the waiting daemon to take over', () => readLockFile(dataDir, 'daemon.lock')?.pid === waiting.pid);
    await waitFor('the new daemon to log its start', () => waiting.output().includes('daemon started'));
    waiting.child.kill('SIGTERM');
    expect(await waiting.exited).toBe(0);
    expect(fs.existsSync(path.join(dataDir, 'daemon.lock'))).toBe(false);
  });

  it('stops promptly and cleanly when told to stop in the middle of a sync', async () => {
    const { config, dataDir, mirror } = newInstallation();
    const daemon = startCli(['daemon', '--config', config], daemonEnv);
    await waitFor('the daemon to be syncing', () => readLockFile(dataDir, 'sync.lock')?.pid === daemon.pid);
    const stoppedAt = Date.now();
    daemon.child.kill('SIGTERM');
    expect(await daemon.exited).toBe(0);
    expect(Date.now() - stoppedAt).toBeLessThan(5000);
    expect(daemon.output()).toContain('daemon stopped');
    expect(fs.existsSync(path.join(dataDir, 'sync.lock'))).toBe(false);
    expect(fs.existsSync(path.join(dataDir, 'daemon.lock'))).toBe(false);
    const leftovers = [...treeHashes(mirror).keys()].filter((f) => f.endsWith('.lita-tmp'));
    expect(leftovers).toEqual([]);
  });

  it('takes over the locks of a daemon killed with SIGKILL in the middle of a sync', async () => {
    const { config, dataDir, mirror } = newInstallation();
    const victim = startCli(['daemon', '--config', config], daemonEnv);
    await waitFor('the daemon to be downloading', () => readLockFile(dataDir, 'sync.lock')?.pid === victim.pid && fs.existsSync(path.join(dataDir, 'store')));
    victim.child.kill('SIGKILL');
    await victim.exited;
    expect(readLockFile(dataDir, 'sync.lock')?.pid).toBe(victim.pid);
    expect(readLockFile(dataDir, 'daemon.lock')?.pid).toBe(victim.pid);

    const sync = await runCli(['sync', '--config', config, '--json']);
    expect(sync.code, sync.stdout + sync.stderr).toBe(0);
    const mirrored = treeHashes(path.join(mirror, 'Ledningssystem'));
    for (const d of docs) expect(mirrored.get(d.rel), d.rel).toBe(sha256(d.content));
    expect(fs.existsSync(path.join(dataDir, 'sync.lock'))).toBe(false);

    const next = startCli(['daemon', '--config', config], daemonEnv);
    await waitFor('the new daemon to take the stale daemon lock', () => readLockFile(dataDir, 'daemon.lock')?.pid === next.pid);
    await waitFor('the new daemon to log its start', () => next.output().includes('daemon started'));
    next.child.kill('SIGTERM');
    expect(await next.exited).toBe(0);
  });
});
