// HTTP_PROXY/HTTPS_PROXY/NO_PROXY: a library on an "internal" host name this machine cannot
// resolve is synced through a real forward proxy on loopback, which can; NO_PROXY and a
// missing proxy setting both fail the way an unreachable server does.
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requireProgram } from '../helpers/systemProgram.js';
import { startNginx, type NginxServer } from '../helpers/nginx.js';
import { startForwardProxy, type ForwardProxy } from '../helpers/httpProxy.js';
import { tempDir } from '../helpers/tempDir.js';
import { runCli } from '../helpers/cli.js';
import { sampleDocs, treeHashes, writeConfig, writeSourceTree } from '../helpers/library.js';
import { describeProxy, proxySettingsFromEnv } from '../../sync/net/proxy.js';
import type { DoctorReport } from '../../sync/doctor/types.js';

const nginxBin = requireProgram('nginx', 'the proxy test serves the library behind a proxy with it', ['/usr/sbin/nginx']);

const INTERNAL = 'http://reserv.example.invalid/manifest.json';

describe.skipIf(!nginxBin)('outgoing requests through a proxy', () => {
  let nginx: NginxServer;
  let proxy: ForwardProxy;
  let authProxy: ForwardProxy;
  const docs = sampleDocs(5);

  beforeAll(async () => {
    const work = tempDir();
    writeSourceTree(path.join(work, 'src'), docs);
    expect((await runCli(['publish', path.join(work, 'src'), '--out', path.join(work, 'pub')])).code).toBe(0);
    nginx = await startNginx(nginxBin!, path.join(work, 'pub'));
    proxy = await startForwardProxy({ host: '127.0.0.1', port: nginx.port });
    authProxy = await startForwardProxy({ host: '127.0.0.1', port: nginx.port }, { user: 'lita', password: 'pr0xy-lösen' });
  });
  afterAll(async () => {
    await proxy?.close();
    await authProxy?.close();
    await nginx?.stop();
  });

  const installation = () => {
    const dir = tempDir();
    const config = writeConfig(dir, {
      libraries: [{ id: 'ledningssystem', title: 'Ledningssystem', source: { type: 'manifest', url: INTERNAL } }],
      network: { timeoutSeconds: 5, retries: 0, concurrency: 2 },
    });
    return { config, mirror: path.join(dir, 'Styrande dokument', 'Ledningssystem') };
  };

  it('syncs through HTTP_PROXY, as absolute-URI requests (no CONNECT for plain http)', async () => {
    const { config, mirror } = installation();
    const before = proxy.requests.length;
    const r = await runCli(['sync', '--config', config], { env: { HTTP_PROXY: proxy.url } });
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stderr).not.toMatch(/experimental|Warning/);
    expect(treeHashes(mirror).size).toBe(docs.length);
    const seen = proxy.requests.slice(before);
    expect(seen[0]).toBe(`GET ${INTERNAL}`);
    expect(seen.filter((l) => l.startsWith('GET http://reserv.example.invalid/files/'))).toHaveLength(docs.length);
  });

  it('sends proxy credentials from the proxy URL, and never shows them', async () => {
    const { config } = installation();
    const withAuth = authProxy.url.replace('http://', 'http://lita:pr0xy-l%C3%B6sen@');
    const ok = await runCli(['sync', '--config', config], { env: { http_proxy: withAuth } });
    expect(ok.code, ok.stdout + ok.stderr).toBe(0);

    const doctor = await runCli(['doctor', '--config', config, '--json'], { env: { http_proxy: withAuth } });
    const report = doctor.json<DoctorReport>();
    expect(report.checks.find((c) => c.id === 'proxy')!.detail).toBe(`http via ${authProxy.url}/`);
    expect(doctor.stdout).not.toContain('pr0xy');

    const refused = await runCli(['sync', '--config', installation().config], { env: { http_proxy: authProxy.url } });
    expect(refused.code).toBe(1);
  });

  it('goes direct for NO_PROXY hosts, and fails without a proxy the way an unknown host does', async () => {
    const bypass = await runCli(['sync', '--config', installation().config], { env: { HTTP_PROXY: proxy.url, NO_PROXY: '.example.invalid' } });
    expect(bypass.code).toBe(1);
    expect(bypass.stdout + bypass.stderr).toContain('servernamnet hittades inte');
    const direct = await runCli(['sync', '--config', installation().config], { env: { HTTP_PROXY: '', http_proxy: '' } });
    expect(direct.code).toBe(1);
  });

  it('names a bad proxy variable and exits 2', async () => {
    const r = await runCli(['status', '--config', installation().config], { env: { HTTPS_PROXY: 'inte en adress' } });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('HTTPS_PROXY är ingen giltig adress');
    expect(() => proxySettingsFromEnv({ HTTP_PROXY: 'socks5://127.0.0.1:1080' })).toThrow(/bara http/);
    expect(describeProxy(proxySettingsFromEnv({ https_proxy: 'http://u:p@proxy:8080', NO_PROXY: 'localhost' }))).toBe('https via http://proxy:8080/, utom localhost');
  });
});
