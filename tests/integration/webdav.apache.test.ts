// The webdav source against a real Apache 2.4 mod_dav_fs with Basic auth on loopback:
// what the contract suite does not cover — the no-op cost in Apache's own access log,
// Depth 1 only, refused credentials, an unreachable server, resumed downloads and a file
// that changes between listing and download.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfigText, type Config } from '../../sync/config/loadConfig.js';
import { runSync } from '../../sync/engine/runSync.js';
import { WebdavSource, SourceChangedError } from '../../sync/sources/webdavSource.js';
import type { WebdavSourceConfig } from '../../sync/config/schema.js';
import { defaultRetryPolicy } from '../../sync/net/retry.js';
import { silentLogger } from '../../sync/log/logger.js';
import { APACHE_CANDIDATES, shareWithApache, startApacheDav, type ApacheServer } from '../helpers/apache.js';
import { requireProgram } from '../helpers/systemProgram.js';
import { freePort } from '../helpers/ports.js';
import { tempDir } from '../helpers/tempDir.js';

const apacheBin = requireProgram('apache2', 'the WebDAV tests run against a real Apache mod_dav', APACHE_CANDIDATES);

describe.skipIf(!apacheBin)('webdav source against Apache mod_dav', () => {
  let apache: ApacheServer;
  let work: string;
  let config: Config;

  const sourceConfig = (over: Partial<WebdavSourceConfig> = {}): WebdavSourceConfig => ({
    type: 'webdav',
    url: apache.url,
    username: apache.username,
    passwordEnv: 'LITA_TEST_DAV_PASSWORD',
    ...over,
  });
  const adapter = (over: Partial<WebdavSourceConfig> = {}, env: NodeJS.ProcessEnv = { LITA_TEST_DAV_PASSWORD: apache.password }) =>
    new WebdavSource(
      sourceConfig(over),
      { libraryId: 'dav', log: silentLogger, timeoutMs: 5000, retry: { ...defaultRetryPolicy, retries: 0 }, userAgent: 'test', state: { get: () => undefined, set: () => undefined } },
      env,
    );
  const write = (rel: string, content: string | Buffer) => {
    const file = path.join(apache.dataDir, ...rel.split('/'));
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, content);
    shareWithApache(apache.dataDir);
  };

  beforeAll(async () => {
    apache = await startApacheDav(apacheBin!);
    work = tempDir('lita-dav-');
    write('Rutiner/Akut/Hjärtstopp.txt', 'hjärtstopp');
    write('Rutiner/Medicin/Insulin.txt', 'insulin');
    write('Policy & riktlinjer/Policy 100%.txt', 'policy');
    write('Tom mapp/.keep-out', '');
    fs.rmSync(path.join(apache.dataDir, 'Tom mapp', '.keep-out'));
    write('Stor fil.bin', Buffer.alloc(1 << 20, 7));
    // Apache marks the ETag of a file changed within the last second weak, and If-Range
    // needs a strong one: an old modification time, as an exported library has.
    const old = new Date('2024-03-01T12:00:00Z');
    fs.utimesSync(path.join(apache.dataDir, 'Stor fil.bin'), old, old);
    fs.writeFileSync(path.join(work, 'pw.txt'), apache.password);
    config = parseConfigText(
      JSON.stringify({
        dataDir: 'data',
        mirrorDir: 'Spegling',
        libraries: [{ id: 'dav', title: 'Dav', source: { ...sourceConfig({ passwordEnv: undefined, passwordFile: 'pw.txt' }) } }],
      }),
      path.join(work, 'config.json'),
    );
  });
  afterAll(async () => {
    await apache?.stop();
  });

  it('an unchanged library costs one Depth 1 PROPFIND per folder and no GET', async () => {
    expect((await runSync(config, { trigger: 'test' })).exitCode).toBe(0);
    const before = apache.accessLog().length;
    const r = await runSync(config, { trigger: 'test' });
    expect(r.outcomes[0]!.unchanged).toBe(4);
    const requests = apache.accessLog().slice(before);
    // root, Rutiner, Rutiner/Akut, Rutiner/Medicin, Policy & riktlinjer, Tom mapp
    expect(requests).toHaveLength(6);
    for (const line of requests) expect(line).toMatch(/^PROPFIND \S.* 207 1$/);
  });

  it('never asks for Depth infinity (Apache refuses it)', () => {
    const depths = apache.accessLog().filter((l) => l.startsWith('PROPFIND')).map((l) => l.split(' ').at(-1));
    expect(new Set(depths)).toEqual(new Set(['1']));
  });

  it('probes reachability and credentials without listing everything', async () => {
    expect(await adapter().probe()).toEqual({ reachable: true, authorised: true, message: null });
    const wrong = await adapter({}, { LITA_TEST_DAV_PASSWORD: 'fel lösenord' }).probe();
    expect(wrong).toMatchObject({ reachable: true, authorised: false });
    expect(wrong.message).toContain('kontrollera användarnamn och lösenord');
    expect(wrong.message).not.toContain('fel lösenord');
    const missing = await adapter({}, {}).probe();
    expect(missing.message).toContain('Miljövariabeln LITA_TEST_DAV_PASSWORD (passwordEnv) är inte satt');
    const port = await freePort();
    expect(await adapter({ url: `http://127.0.0.1:${port}/dav/` }).probe()).toMatchObject({ reachable: false, authorised: false });
  });

  it('a refused sign-in fails the sync plainly and leaves the mirror as it was', async () => {
    const bad = parseConfigText(
      JSON.stringify({ dataDir: 'data', mirrorDir: 'Spegling', libraries: [{ id: 'dav', title: 'Dav', source: sourceConfig({ passwordEnv: 'LITA_TEST_NO_SUCH_VAR_X' }) }] }),
      path.join(work, 'config.json'),
    );
    process.env.LITA_TEST_NO_SUCH_VAR_X = 'alldeles fel';
    try {
      const r = await runSync(bad, { trigger: 'test' });
      expect(r.exitCode).toBe(1);
      expect(r.outcomes[0]!.error).toMatch(/svarade 401: kontrollera användarnamn och lösenord.*visar kopian från/);
      expect(r.outcomes[0]!.error).not.toContain('alldeles fel');
      expect(fs.readFileSync(path.join(work, 'Spegling', 'Dav', 'Rutiner', 'Akut', 'Hjärtstopp.txt'), 'utf8')).toBe('hjärtstopp');
    } finally {
      delete process.env.LITA_TEST_NO_SUCH_VAR_X;
    }
  });

  it('resumes a download with Range and notices a file that changed after the listing', async () => {
    const source = adapter();
    const listing = await source.list(null);
    if (listing.kind !== 'full') throw new Error('expected a full listing');
    const big = listing.documents.find((d) => d.fileName === 'Stor fil.bin')!;
    expect(big.size).toBe(1 << 20);
    const opened = await source.open(big, 1000);
    expect(opened.offset).toBe(1000);
    let received = 0;
    for await (const chunk of opened.body) received += chunk.byteLength;
    expect(received).toBe((1 << 20) - 1000);

    const policy = listing.documents.find((d) => d.fileName === 'Policy 100%.txt')!;
    expect(policy.path).toEqual(['Policy & riktlinjer']);
    write('Policy & riktlinjer/Policy 100%.txt', 'policy, reviderad och längre');
    await expect(source.open(policy, 0)).rejects.toBeInstanceOf(SourceChangedError);
  });
});
