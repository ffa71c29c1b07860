// A damaged or deleted catalog: detected, moved aside, rebuilt from the content store and a
// re-sync without downloading again; the mirror folder stays readable throughout.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startFaultServer, type FaultServer } from '../helpers/faultServer.js';
import { recordReliability } from '../helpers/reliabilityLog.js';
import { runCli } from '../helpers/cli.js';
import { libraryFixture, mirrorFiles, type LibraryFixture } from './fixture.js';

let server: FaultServer | undefined;
afterEach(async () => {
  await server?.stop();
  server = undefined;
});

async function synced(): Promise<LibraryFixture> {
  const f = await libraryFixture();
  server = await startFaultServer(f.pub);
  f.useServer(server.url);
  expect((await f.sync()).code).toBe(0);
  return f;
}

const catalogFile = (f: LibraryFixture) => path.join(f.work, 'data', 'catalog.sqlite');
const fileDownloads = () => server!.requests.filter((q) => q.path.startsWith('/files/')).length;

async function rebuildAndCheck(f: LibraryFixture, before: Map<string, string>) {
  server!.requests.length = 0;
  const r = await f.sync();
  expect(r.code, r.stdout + r.stderr).toBe(0);
  expect(fileDownloads(), 'the store already holds every body').toBe(0);
  expect(mirrorFiles(f)).toEqual(before);
  const list = (await runCli(['list', '--config', f.config, '--json'])).json<{ documents: unknown[] }>();
  expect(list.documents).toHaveLength(f.docs.length);
  expect((await runCli(['verify', '--config', f.config])).code).toBe(0);
}

describe('catalog damage', () => {
  it('a catalog overwritten with garbage is moved aside and rebuilt', async () => {
    const f = await synced();
    const before = mirrorFiles(f);
    fs.writeFileSync(catalogFile(f), Buffer.alloc(64 * 1024, 0x5a));
    for (const s of ['-wal', '-shm']) fs.rmSync(catalogFile(f) + s, { force: true });
    await rebuildAndCheck(f, before);
    expect(fs.readdirSync(path.join(f.work, 'data')).some((n) => n.startsWith('catalog.sqlite.skadad-'))).toBe(true);
    recordReliability({ area: 'catalog', fault: 'Catalog file overwritten with garbage', userSaw: 'Next sync exit 0; the damaged file kept as catalog.sqlite.skadad-<time>', lost: 'nothing; rebuilt from the store with no downloads' });
  });

  it('a catalog with damaged pages is detected mid-sync and rebuilt in the same run', async () => {
    const f = await synced();
    const before = mirrorFiles(f);
    const file = catalogFile(f);
    await runCli(['status', '--config', f.config]); // checkpoints the WAL into the main file
    const bytes = fs.readFileSync(file);
    for (let p = 4096 * 2; p < bytes.length; p += 4096) bytes.fill(0xa5, p + 100, p + 900);
    fs.writeFileSync(file, bytes);
    await rebuildAndCheck(f, before);
    expect(fs.readdirSync(path.join(f.work, 'data')).some((n) => n.startsWith('catalog.sqlite.skadad-'))).toBe(true);
    recordReliability({ area: 'catalog', fault: 'Catalog pages damaged (valid header)', userSaw: 'Sync exit 0; damage logged, file kept aside', lost: 'nothing; rebuilt from the store with no downloads' });
  });

  it('a deleted catalog is rebuilt, and the mirror is readable before and after', async () => {
    const f = await synced();
    const before = mirrorFiles(f);
    for (const s of ['', '-wal', '-shm']) fs.rmSync(catalogFile(f) + s, { force: true });
    expect(mirrorFiles(f)).toEqual(before);
    await rebuildAndCheck(f, before);
    recordReliability({ area: 'catalog', fault: 'Catalog deleted', userSaw: 'Mirror folder unchanged; next sync exit 0', lost: 'nothing; sync history before the loss is gone' });
  });
});
