// Status reports end to end: PCs sync and publish to a folder and to a real WebDAV server
// (Apache with Basic auth); `fleet` reads them back; a target that cannot be written
// never fails the sync.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { writeConfig } from '../helpers/library.js';
import { tempDir } from '../helpers/tempDir.js';
import { requireProgram } from '../helpers/systemProgram.js';
import { APACHE_CANDIDATES, startApacheDav, type ApacheServer } from '../helpers/apache.js';
import { freePort } from '../helpers/ports.js';
import { report } from './reportFixture.js';

interface FleetJson {
  rows: { pcName: string; state: string; flags: string[]; documents: number; appVersion: string; nextSyncAt: string | null }[];
  invalid: unknown[];
}

function share(): string {
  const dir = path.join(tempDir(), 'share');
  fs.mkdirSync(path.join(dir, 'Akut'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'Akut', 'Hjärtstopp.txt'), 'HLR');
  fs.writeFileSync(path.join(dir, 'Sepsis.txt'), 'Sepsis');
  return dir;
}

function pc(name: string, source: string, statusReport: Record<string, unknown>) {
  const work = tempDir(`lita-${name}-`);
  return writeConfig(work, {
    libraries: [{ id: 'akut', title: 'Akut', source: { type: 'folder', path: source } }],
    statusReport: { pcName: name, ...statusReport },
    network: { timeoutSeconds: 3, retries: 0 },
  });
}

describe('status reports to a folder', () => {
  it('each PC reports after every sync and fleet lists them', async () => {
    const src = share();
    const reports = path.join(tempDir(), 'status');
    fs.mkdirSync(reports);
    const a = pc('AKUT-01', src, { target: reports });
    const b = pc('AVD14-PC', src, { target: reports });
    expect((await runCli(['sync', '--config', a])).code).toBe(0);
    expect((await runCli(['sync', '--config', b])).code).toBe(0);
    expect(fs.readdirSync(reports).sort()).toEqual(['AKUT-01.json', 'AVD14-PC.json']);
    const saved = JSON.parse(fs.readFileSync(path.join(reports, 'AKUT-01.json'), 'utf8'));
    expect(saved).toMatchObject({ format: 'lita-status/1', pcName: 'AKUT-01', libraries: [{ id: 'akut', documents: 2, lastResult: 'ok' }] });
    expect(saved.freeDisk.mirrorBytes).toBeGreaterThan(0);

    // A few hundred more PCs, one of them old and silent.
    for (let i = 0; i < 300; i++) fs.writeFileSync(path.join(reports, `PC-${i}.json`), JSON.stringify(report(`PC-${i}`, { reportedAt: new Date().toISOString(), updatedAt: new Date().toISOString() })));
    fs.writeFileSync(path.join(reports, 'GAMMAL.json'), JSON.stringify(report('GAMMAL', { reportedAt: '2026-01-01T00:00:00Z', updatedAt: '2026-01-01T00:00:00Z' })));

    const fleet = await runCli(['fleet', '--config', a, '--json']);
    expect(fleet.code, fleet.stderr).toBe(0);
    const view = fleet.json<FleetJson>();
    expect(view.rows).toHaveLength(303);
    expect(view.rows[0]).toMatchObject({ pcName: 'GAMMAL', state: 'problem' });
    expect(view.rows.find((r) => r.pcName === 'AKUT-01')).toMatchObject({ documents: 2 });
    const csv = await runCli(['fleet', '--config', a, '--csv']);
    expect(csv.stdout.split('\r\n').filter(Boolean)).toHaveLength(304);
    const text = await runCli(['fleet', '--config', a]);
    expect(text.stdout).toMatch(/✗ GAMMAL/);
  });

  it('a report target that cannot be written never fails the sync', async () => {
    const src = share();
    const config = pc('AKUT-02', src, { target: `http://127.0.0.1:${await freePort()}/status/` });
    const r = await runCli(['sync', '--config', config, '--json']);
    expect(r.code).toBe(0);
    const log = fs.readFileSync(path.join(path.dirname(config), 'data', 'logs', 'lita-reserv.log'), 'utf8');
    expect(log).toMatch(/status report failed/);
  });

  it('fleet without a configured target is a config error', async () => {
    const config = writeConfig(tempDir(), { libraries: [{ id: 'a', title: 'A', source: { type: 'folder', path: 'x' } }] });
    const r = await runCli(['fleet', '--config', config]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/statusReport\.target/);
  });
});

const apacheBin = requireProgram('apache2', 'status reports over WebDAV need a real server', APACHE_CANDIDATES);

describe.skipIf(!apacheBin)('status reports over WebDAV', () => {
  let apache: ApacheServer;
  afterAll(async () => apache?.stop());

  it('PCs PUT their reports with Basic auth and fleet reads them with PROPFIND', async () => {
    apache = await startApacheDav(apacheBin!, { writable: true });
    const src = share();
    const secretDir = tempDir();
    fs.writeFileSync(path.join(secretDir, 'pw.txt'), apache.password, { mode: 0o600 });
    const target = { target: apache.url, username: apache.username, passwordFile: path.join(secretDir, 'pw.txt') };
    const a = pc('AKUT-01', src, target);
    const b = pc('BARN-02', src, target);
    expect((await runCli(['sync', '--config', a])).code).toBe(0);
    expect((await runCli(['sync', '--config', b])).code).toBe(0);
    expect(apache.accessLog().filter((l) => l.startsWith('PUT ')).map((l) => l.split(' ')[2])).toEqual(['201', '201']);
    const view = (await runCli(['fleet', '--config', a, '--json'])).json<FleetJson>();
    expect(view.rows.map((r) => r.pcName).sort()).toEqual(['AKUT-01', 'BARN-02']);
    expect(view.rows.every((r) => r.state === 'ok')).toBe(true);

    const wrong = pc('FEL-PC', src, { ...target, passwordFile: path.join(secretDir, 'missing.txt') });
    const r = await runCli(['sync', '--config', wrong]);
    expect(r.code).toBe(0);
  });
});
