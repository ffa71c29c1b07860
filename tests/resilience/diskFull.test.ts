// A full disk in the data folder or the mirror folder (a small tmpfs, so this needs root):
// a clear error, old copies intact, and recovery by itself once space returns.
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { startFaultServer, type FaultServer } from '../helpers/faultServer.js';
import { recordReliability } from '../helpers/reliabilityLog.js';
import { sha256 } from '../helpers/library.js';
import { libraryFixture, makeDocs, mirrorFiles, mirrorHoldsOnlyGoodVersions, type LibraryFixture } from './fixture.js';

function canMount(): boolean {
  if (process.getuid?.() !== 0) return false;
  const probe = fs.mkdtempSync('/tmp/lita-mount-probe-');
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', probe], { stdio: 'ignore' });
    execFileSync('umount', [probe], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  } finally {
    fs.rmSync(probe, { recursive: true, force: true });
  }
}

const mountable = canMount();
if (!mountable) console.warn('\n*** SKIPPING disk-full tests: mounting a tmpfs needs root (run the suite as root, as CI does) ***\n');

const mounts: string[] = [];
let server: FaultServer | undefined;
afterEach(async () => {
  await server?.stop();
  server = undefined;
  for (const m of mounts.splice(0)) execFileSync('umount', ['-l', m], { stdio: 'ignore' });
});

function mountTmpfs(dir: string, size: string): void {
  fs.mkdirSync(dir, { recursive: true });
  execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', dir]);
  mounts.push(dir);
}
const resize = (dir: string, size: string) => execFileSync('mount', ['-o', `remount,size=${size}`, dir]);
const usedKb = (dir: string) => Number(execFileSync('df', ['-k', '--output=used', dir], { encoding: 'utf8' }).trim().split('\n')[1]);

async function setup(on: 'data' | 'mirror'): Promise<{ f: LibraryFixture; dir: string }> {
  const f = await libraryFixture();
  server = await startFaultServer(f.pub);
  f.useServer(server.url);
  const dir = path.join(f.work, on === 'data' ? 'data' : 'Styrande dokument');
  mountTmpfs(dir, '16m');
  expect((await f.sync()).code).toBe(0);
  return { f, dir };
}

async function revise(f: LibraryFixture): Promise<void> {
  const v2 = makeDocs(9, 2);
  await f.publish(f.docs.map((d, i) => (i % 3 === 0 ? { ...v2[i]!, rel: d.rel } : d)));
}

describe.skipIf(!mountable)('disk full', () => {
  it('in the data folder: a clear error, old copies intact, recovery when space returns', async () => {
    const { f, dir } = await setup('data');
    const before = mirrorFiles(f);
    await revise(f);
    resize(dir, `${usedKb(dir) + 120}k`);
    const r = await f.sync();
    expect([1, 3]).toContain(r.code);
    expect(r.stdout + r.stderr).toMatch(/Disken är full/);
    expect(mirrorFiles(f)).toEqual(before);
    expect(mirrorHoldsOnlyGoodVersions(f)).toEqual([]);

    resize(dir, '16m');
    const again = await f.sync();
    expect(again.code, again.stdout + again.stderr).toBe(0);
    for (const d of f.docs) expect(mirrorFiles(f).get(d.rel)).toBe(sha256(d.content));
    recordReliability({ area: 'disk', fault: 'Data folder full during downloads', userSaw: `Exit ${r.code}: "Disken är full (…). Frigör utrymme …; befintliga kopior ligger kvar."`, lost: 'nothing; next sync after space returned finished' });
  });

  it('in the mirror folder: the old file stays, no partial file appears', async () => {
    const { f, dir } = await setup('mirror');
    const before = mirrorFiles(f);
    await revise(f);
    resize(dir, `${usedKb(dir) + 100}k`);
    const r = await f.sync();
    expect(r.code).toBe(3);
    expect(r.json<{ libraries: { failures: { reason: string }[] }[] }>().libraries[0]!.failures[0]!.reason).toMatch(/^Disken är full/);
    const now = mirrorFiles(f);
    expect([...now.keys()].filter((k) => k.endsWith('.lita-tmp'))).toEqual([]);
    for (const [rel, hash] of now) {
      if (rel === 'LÄS MIG.txt') continue;
      expect(f.good.get(rel)?.has(hash), rel).toBe(true);
    }
    expect(now.size).toBe(before.size);

    resize(dir, '16m');
    const again = await f.sync();
    expect(again.code, again.stdout).toBe(0);
    for (const d of f.docs) expect(mirrorFiles(f).get(d.rel)).toBe(sha256(d.content));
    recordReliability({ area: 'disk', fault: 'Mirror folder full while replacing files', userSaw: 'Exit 3; failures "Disken är full (…)"; old versions shown, no partial files', lost: 'nothing; next sync after space returned finished' });
  });
});
