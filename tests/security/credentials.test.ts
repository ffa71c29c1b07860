// Credentials never leave their file or variable: not in logs, not in any command's
// output (status, list, sync, dry run), not in the catalog — whether the sync succeeds or
// the server refuses them.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GraphEmulator } from '../emulators/graphEmulator.js';
import { SHAREPOINT_APP } from '../contract/fixtures.js';
import { requireProgram } from '../helpers/systemProgram.js';
import { APACHE_CANDIDATES, startApacheDav, type ApacheServer } from '../helpers/apache.js';
import { runCli } from '../helpers/cli.js';
import { writeConfig } from '../helpers/library.js';
import { tempDir } from '../helpers/tempDir.js';
import { recordReliability } from '../helpers/reliabilityLog.js';

const apacheBin = requireProgram('apache2', 'the credential tests need a WebDAV server with Basic auth', APACHE_CANDIDATES);
const DAV_PASSWORD = 'Kr3d-Hemlis-Lösen-7731';

/** Every file under `dir`, as bytes. */
function everyFile(dir: string): { file: string; bytes: Buffer }[] {
  const out: { file: string; bytes: Buffer }[] = [];
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const full = path.join(d, e.name);
      if (e.isDirectory()) walk(full);
      else out.push({ file: full, bytes: fs.readFileSync(full) });
    }
  };
  walk(dir);
  return out;
}

describe.skipIf(!apacheBin)('credentials', () => {
  let apache: ApacheServer;
  let emulator: GraphEmulator;
  let work: string;
  const secrets = [DAV_PASSWORD, SHAREPOINT_APP.clientSecret, Buffer.from(`läsare:${DAV_PASSWORD}`).toString('base64')];

  beforeAll(async () => {
    apache = await startApacheDav(apacheBin!, { password: DAV_PASSWORD });
    fs.mkdirSync(path.join(apache.dataDir, 'Akut'), { recursive: true });
    fs.writeFileSync(path.join(apache.dataDir, 'Akut', 'Hjärtstopp.txt'), 'HLR');
    emulator = new GraphEmulator({ ...SHAREPOINT_APP, columns: [] });
    await emulator.start();
    emulator.drive.putFile('Rutiner/Sepsis.txt', 'sepsis');
    work = tempDir('lita-secrets-');
    fs.writeFileSync(path.join(work, 'dav-password.txt'), `${DAV_PASSWORD}\n`, { mode: 0o600 });
    fs.writeFileSync(path.join(work, 'sp-secret.txt'), `${SHAREPOINT_APP.clientSecret}\n`, { mode: 0o600 });
  });
  afterAll(async () => {
    await apache?.stop();
    await emulator?.stop();
  });

  const configWith = (davPasswordFile: string, spSecretFile: string) =>
    writeConfig(work, {
      libraries: [
        { id: 'dav', title: 'Dav', source: { type: 'webdav', url: apache.url, username: apache.username, passwordFile: davPasswordFile } },
        {
          id: 'sp',
          title: 'SharePoint',
          source: {
            type: 'sharepoint',
            tenantId: SHAREPOINT_APP.tenantId,
            clientId: SHAREPOINT_APP.clientId,
            clientSecretFile: spSecretFile,
            site: 'contoso.sharepoint.com:/sites/Ledningssystem',
            library: SHAREPOINT_APP.library,
            authorityHost: emulator.loginUrl,
            graphBaseUrl: emulator.graphUrl,
          },
        },
      ],
      network: { timeoutSeconds: 5, retries: 0, concurrency: 2 },
    });

  it('appear nowhere after good and refused syncs', async () => {
    const outputs: string[] = [];
    const run = async (...args: string[]) => {
      const r = await runCli(args);
      outputs.push(r.stdout, r.stderr);
      return r;
    };
    const good = configWith('dav-password.txt', 'sp-secret.txt');
    expect((await run('sync', '--config', good, '--json')).code).toBe(0);
    await run('status', '--config', good, '--json');
    await run('status', '--config', good);
    await run('list', '--config', good, '--json');
    await run('sync', '--config', good, '--dry-run', '--json');

    // Refused: a wrong password and a wrong client secret, which the servers answer with 401/400.
    fs.writeFileSync(path.join(work, 'wrong-dav.txt'), `${DAV_PASSWORD}-fel`);
    fs.writeFileSync(path.join(work, 'wrong-sp.txt'), `${SHAREPOINT_APP.clientSecret}-fel`);
    const bad = configWith('wrong-dav.txt', 'wrong-sp.txt');
    const refused = await run('sync', '--config', bad, '--json');
    expect(refused.code).toBe(1);
    expect(refused.stdout).toMatch(/401/);
    await run('status', '--config', bad, '--json');

    const needles = [...secrets, `${DAV_PASSWORD}-fel`, `${SHAREPOINT_APP.clientSecret}-fel`];
    const files = everyFile(path.join(work, 'data'));
    expect(files.some((f) => f.file.endsWith('.log'))).toBe(true);
    for (const needle of needles) {
      for (const text of outputs) expect(text.includes(needle), `output contains ${needle}`).toBe(false);
      for (const { file, bytes } of files) expect(bytes.includes(Buffer.from(needle)), `${file} contains ${needle}`).toBe(false);
    }
    recordReliability({ area: 'security', fault: 'WebDAV password and SharePoint client secret, right and wrong', userSaw: 'sync/status/list/dry-run output and every file in the data folder (logs, catalog) searched: no secret anywhere', lost: 'nothing' });
  });
});
