// `doctor` against good and broken installations: a signed library on nginx, a server that
// is not there, one behind basic auth (401), a wrong and a broken signature key, a
// read-only mirror volume and a full one (tmpfs mounts: root ignores chmod), a stale copy
// and a skewed clock.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requireProgram } from '../helpers/systemProgram.js';
import { startNginx, type NginxServer } from '../helpers/nginx.js';
import { tempDir } from '../helpers/tempDir.js';
import { runCli } from '../helpers/cli.js';
import { freePort } from '../helpers/ports.js';
import { sampleDocs, writeConfig, writeSourceTree } from '../helpers/library.js';
import { fillVolume, mountTmpfs, unmount } from '../helpers/mounts.js';
import { startCli, waitFor } from '../helpers/processes.js';
import { runDoctor } from '../../sync/doctor/runDoctor.js';
import type { DoctorReport, CheckStatus } from '../../sync/doctor/types.js';

const nginxBin = requireProgram('nginx', 'doctor is checked against libraries served by it', ['/usr/sbin/nginx']);

function statusOf(report: DoctorReport, id: string): CheckStatus | undefined {
  return report.checks.find((c) => c.id === id)?.status;
}
function detailOf(report: DoctorReport, id: string): string {
  return report.checks.find((c) => c.id === id)?.detail ?? `(no check ${id})`;
}

describe.skipIf(!nginxBin)('doctor', () => {
  let nginx: NginxServer;
  let work: string;
  let publicKey: string;
  let folderSource: string;

  const manifestLibrary = (url: string, key: string | undefined = publicKey) => ({
    id: 'ledningssystem',
    title: 'Ledningssystem',
    source: { type: 'manifest', url, ...(key ? { publicKey: key } : {}) },
  });
  const folderLibrary = () => ({ id: 'akut', title: 'Akutens rutiner', source: { type: 'folder', path: folderSource } });

  function installation(libraries: unknown[], extra: Record<string, unknown> = {}): { config: string; dir: string } {
    const dir = tempDir();
    return { dir, config: writeConfig(dir, { libraries, network: { timeoutSeconds: 3, retries: 0, concurrency: 2 }, ...extra }) };
  }
  const doctor = async (config: string) => {
    const r = await runCli(['doctor', '--config', config, '--json']);
    return { code: r.code, report: r.json<DoctorReport>(), stderr: r.stderr };
  };

  beforeAll(async () => {
    work = tempDir();
    const src = path.join(work, 'src');
    const pub = path.join(work, 'pub');
    writeSourceTree(src, sampleDocs(12));
    const keys = await runCli(['keygen', '--out', path.join(work, 'keys'), '--json']);
    publicKey = keys.json<{ publicKey: string }>().publicKey;
    const published = await runCli(['publish', src, '--out', pub, '--sign', path.join(work, 'keys', 'lita-signing-key.pem')]);
    expect(published.code, published.stderr).toBe(0);
    folderSource = path.join(work, 'share');
    writeSourceTree(folderSource, sampleDocs(3));
    fs.writeFileSync(path.join(work, 'htpasswd'), 'lita:{PLAIN}rätt-lösenord\n');
    nginx = await startNginx(nginxBin!, pub, `location /skyddad/ { auth_basic "LITA"; auth_basic_user_file ${work}/htpasswd; alias ${pub}/; }`);
  });
  afterAll(async () => {
    await nginx?.stop();
  });

  it('passes a good installation after its first sync, with a readable checklist', async () => {
    const { config, dir } = installation([manifestLibrary(`${nginx.url}/manifest.json`), folderLibrary()]);
    const before = await doctor(config);
    expect(before.code).toBe(0);
    expect(statusOf(before.report, 'sync.ledningssystem')).toBe('warn'); // not synced yet: a warning, not a failure
    expect(detailOf(before.report, 'space.mirror')).toContain('biblioteket är inte synkat än');

    expect((await runCli(['sync', '--config', config])).code).toBe(0);
    const { code, report } = await doctor(config);
    expect(code).toBe(0);
    expect(report.ok).toBe(true);
    for (const id of ['config', 'folder.mirror', 'folder.data', 'catalog', 'space.mirror', 'space.data', 'proxy', 'source.ledningssystem',
      'signature-key.ledningssystem', 'signature.ledningssystem', 'source.akut', 'clock', 'sync.ledningssystem', 'sync.akut']) {
      expect(statusOf(report, id), `${id}: ${detailOf(report, id)}`).toBe('ok');
    }
    expect(detailOf(report, 'source.ledningssystem')).toContain('manifestet har 12 dokument');
    const status = (await runCli(['status', '--config', config, '--json'])).json<{ libraries: { documents: number }[] }>();
    const documents = status.libraries.reduce((n, l) => n + l.documents, 0);
    expect(documents).toBeGreaterThan(12);
    expect(detailOf(report, 'catalog')).toContain(`${documents} dokument`);
    expect(detailOf(report, 'space.data')).toMatch(/2 × bibliotekets storlek \d/);
    // Nothing doctor writes stays behind.
    expect(fs.readdirSync(path.join(dir, 'Styrande dokument')).filter((n) => n.includes('doctor'))).toEqual([]);

    const text = await runCli(['doctor', '--config', config]);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('✓ Konfigurationen är giltig');
    expect(text.stdout).toContain('✓ Manifestets signatur för "Ledningssystem"');
    expect(text.stdout).toMatch(/Resultat: allt som behövs fungerar/);
  });

  it('names the bad key of an invalid config and exits 2', async () => {
    const { config } = installation([folderLibrary()], { schedule: { intervalMinutes: 30, every: 'day' } });
    const { code, report } = await doctor(config);
    expect(code).toBe(2);
    expect(report.checks).toHaveLength(1);
    expect(report.checks[0]).toMatchObject({ id: 'config', status: 'fail' });
    expect(report.checks[0]!.detail).toContain('schedule.every: okänd nyckel');
  });

  it('fails an unreachable source with what to do', async () => {
    const { config } = installation([manifestLibrary(`http://127.0.0.1:${await freePort()}/manifest.json`, undefined)]);
    const { code, report } = await doctor(config);
    expect(code).toBe(1);
    expect(statusOf(report, 'source.ledningssystem')).toBe('fail');
    expect(detailOf(report, 'source.ledningssystem')).toContain('anslutningen nekades');
    expect(report.checks.find((c) => c.id === 'source.ledningssystem')!.fix).toContain('brandväggen');
    expect(statusOf(report, 'clock')).toBe('unknown');
  });

  it('fails a source that refuses us (401 from basic auth)', async () => {
    const { config } = installation([manifestLibrary(`${nginx.url}/skyddad/manifest.json`, undefined)]);
    const { code, report } = await doctor(config);
    expect(code).toBe(1);
    expect(detailOf(report, 'source.ledningssystem')).toContain('svarade 401 (inloggning krävs eller fel inloggningsuppgifter)');
    expect(report.checks.find((c) => c.id === 'source.ledningssystem')!.fix).toContain('inloggningsuppgifterna');
  });

  it('fails a key that is not the signing key, and one that is not a key at all', async () => {
    const other = (await runCli(['keygen', '--out', path.join(tempDir(), 'k'), '--json'])).json<{ publicKey: string }>().publicKey;
    const wrong = await doctor(installation([manifestLibrary(`${nginx.url}/manifest.json`, other)]).config);
    expect(wrong.code).toBe(1);
    expect(statusOf(wrong.report, 'signature-key.ledningssystem')).toBe('ok');
    expect(statusOf(wrong.report, 'signature.ledningssystem')).toBe('fail');
    expect(detailOf(wrong.report, 'signature.ledningssystem')).toContain('stämmer inte');

    const broken = await doctor(installation([manifestLibrary(`${nginx.url}/manifest.json`, 'AAAAAAAAAAAAAAAA')]).config);
    expect(broken.code).toBe(1);
    expect(statusOf(broken.report, 'signature-key.ledningssystem')).toBe('fail');
  });

  it('fails a mirror on a read-only volume', async () => {
    const { config, dir } = installation([folderLibrary()], { mirrorDir: 'ro-mirror' });
    const mirror = path.join(dir, 'ro-mirror');
    if (!mountTmpfs(mirror, 'ro,size=1m')) return;
    try {
      const { code, report } = await doctor(config);
      expect(code).toBe(1);
      expect(statusOf(report, 'folder.mirror')).toBe('fail');
      expect(detailOf(report, 'folder.mirror')).toContain('skrivskyddad enhet (EROFS)');
      expect(statusOf(report, 'folder.data')).toBe('ok');
    } finally {
      unmount(mirror);
    }
  });

  it('warns about a small disk, and fails a full one', async () => {
    const { config, dir } = installation([folderLibrary()], { mirrorDir: 'small-mirror' });
    const mirror = path.join(dir, 'small-mirror');
    if (!mountTmpfs(mirror, 'size=1m')) return;
    try {
      const small = await doctor(config);
      expect(small.code).toBe(0);
      expect(statusOf(small.report, 'folder.mirror')).toBe('ok');
      expect(statusOf(small.report, 'space.mirror')).toBe('warn');
      expect(detailOf(small.report, 'space.mirror')).toMatch(/^1 MB ledigt .*rekommenderat minst 1 GB/);

      fillVolume(mirror);
      const full = await doctor(config);
      expect(full.code).toBe(1);
      expect(statusOf(full.report, 'folder.mirror')).toBe('fail');
      expect(detailOf(full.report, 'folder.mirror')).toContain('disken är full (ENOSPC)');
    } finally {
      unmount(mirror);
    }
  });

  it('warns about a stale copy and a clock far from the server’s', async () => {
    const { config } = installation([manifestLibrary(`${nginx.url}/manifest.json`)], { staleAfterHours: 24 });
    expect((await runCli(['sync', '--config', config])).code).toBe(0);
    const later = new Date(Date.now() + 30 * 3_600_000);
    const report = await runDoctor({ configPath: config, env: {}, now: () => later });
    expect(report.exitCode).toBe(0);
    expect(statusOf(report, 'clock')).toBe('warn');
    expect(detailOf(report, 'clock')).toMatch(/datorn går 30 timmar före/);
    expect(statusOf(report, 'sync.ledningssystem')).toBe('warn');
    expect(detailOf(report, 'sync.ledningssystem')).toContain('äldre än 24 timmar');
  });

  it('shows a running daemon in the service check', async () => {
    const { config } = installation([folderLibrary()]);
    const daemon = startCli(['daemon', '--config', config], { LITA_RESERV_INTERVAL_SECONDS: '3600' });
    await waitFor('the daemon to start', () => daemon.output().includes('daemon started'));
    const { report } = await doctor(config);
    expect(detailOf(report, 'service')).toContain(`tjänsten körs nu (pid ${daemon.pid})`);
    daemon.child.kill('SIGTERM');
    expect(await daemon.exited).toBe(0);
  });
});
