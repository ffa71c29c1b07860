// doctor checks WebDAV and SharePoint sources through the adapters' own probes: reachable,
// and letting us in, with the fix spelled out when not.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requireProgram } from '../helpers/systemProgram.js';
import { APACHE_CANDIDATES, startApacheDav, type ApacheServer } from '../helpers/apache.js';
import { GraphEmulator } from '../emulators/graphEmulator.js';
import { SHAREPOINT_APP } from '../contract/fixtures.js';
import { runCli } from '../helpers/cli.js';
import { writeConfig } from '../helpers/library.js';
import { tempDir } from '../helpers/tempDir.js';

const apacheBin = requireProgram('apache2', 'doctor is checked against a real WebDAV server', APACHE_CANDIDATES);

interface DoctorJson {
  checks: { id: string; status: string; detail: string; fix?: string }[];
}

describe.skipIf(!apacheBin)('doctor with WebDAV and SharePoint sources', () => {
  let apache: ApacheServer;
  let emulator: GraphEmulator;
  let work: string;

  beforeAll(async () => {
    apache = await startApacheDav(apacheBin!);
    emulator = new GraphEmulator({ ...SHAREPOINT_APP, columns: [] });
    await emulator.start();
    work = tempDir();
    fs.writeFileSync(path.join(work, 'dav.pwd'), apache.password, { mode: 0o600 });
    fs.writeFileSync(path.join(work, 'wrong.pwd'), 'fel lösenord', { mode: 0o600 });
    fs.writeFileSync(path.join(work, 'sp.secret'), SHAREPOINT_APP.clientSecret, { mode: 0o600 });
  });
  afterAll(async () => {
    await apache?.stop();
    await emulator?.stop();
  });

  const config = (davPassword: string) =>
    writeConfig(work, {
      libraries: [
        { id: 'dav', title: 'Dav', source: { type: 'webdav', url: apache.url, username: apache.username, passwordFile: davPassword } },
        {
          id: 'sp',
          title: 'SharePoint',
          source: {
            type: 'sharepoint',
            tenantId: SHAREPOINT_APP.tenantId,
            clientId: SHAREPOINT_APP.clientId,
            clientSecretFile: 'sp.secret',
            site: 'contoso.sharepoint.com:/sites/Ledningssystem',
            library: SHAREPOINT_APP.library,
            authorityHost: emulator.loginUrl,
            graphBaseUrl: emulator.graphUrl,
          },
        },
      ],
    });

  it('passes both sources when they answer and let us in', async () => {
    const r = await runCli(['doctor', '--config', config('dav.pwd'), '--json']);
    const checks = r.json<DoctorJson>().checks;
    expect(checks.find((c) => c.id === 'source.dav')).toMatchObject({ status: 'ok' });
    expect(checks.find((c) => c.id === 'source.sp')).toMatchObject({ status: 'ok' });
  });

  it('fails a source whose password is wrong, says what to do, and never shows the password', async () => {
    const r = await runCli(['doctor', '--config', config('wrong.pwd'), '--json']);
    expect(r.code).toBe(1);
    const dav = r.json<DoctorJson>().checks.find((c) => c.id === 'source.dav')!;
    expect(dav.status).toBe('fail');
    expect(dav.detail).toMatch(/401/);
    expect(dav.fix).toMatch(/inloggningsuppgifterna/);
    expect(r.stdout).not.toContain('fel lösenord');
    expect(r.stdout).not.toContain(apache.password);
  });
});
