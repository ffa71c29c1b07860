// The service through a network outage: the daemon keeps running while nginx is stopped,
// keeps the good copy, retries with growing pauses, and picks up the library's changes
// by itself once nginx is back on the same address.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { requireProgram } from '../helpers/systemProgram.js';
import { startNginx, type NginxServer } from '../helpers/nginx.js';
import { tempDir } from '../helpers/tempDir.js';
import { runCli } from '../helpers/cli.js';
import { sampleDocs, sha256, treeHashes, writeConfig, writeSourceTree } from '../helpers/library.js';
import { logEntries, startCli, waitFor } from '../helpers/processes.js';

const nginxBin = requireProgram('nginx', 'the outage test serves the library with it', ['/usr/sbin/nginx']);

interface StatusJson {
  libraries: { documents: number; lastResult: string; lastError: string | null; lastSuccessAt: string | null }[];
}

describe.skipIf(!nginxBin)('the daemon through a network outage', () => {
  let nginx: NginxServer | undefined;
  afterAll(async () => {
    await nginx?.stop();
  });

  it('keeps running and the mirror intact while the server is down, and resumes when it is back', async () => {
    const work = tempDir();
    const src = path.join(work, 'src');
    const pub = path.join(work, 'pub');
    const docs = sampleDocs(10);
    writeSourceTree(src, docs);
    expect((await runCli(['publish', src, '--out', pub])).code).toBe(0);
    nginx = await startNginx(nginxBin!, pub);
    const port = nginx.port;
    const config = writeConfig(work, {
      libraries: [{ id: 'ledningssystem', title: 'Ledningssystem', source: { type: 'manifest', url: `${nginx.url}/manifest.json` } }],
      network: { timeoutSeconds: 2, retries: 0, concurrency: 2 },
    });
    const dataDir = path.join(work, 'data');
    const libraryMirror = path.join(work, 'Styrande dokument', 'Ledningssystem');
    const status = async () => (await runCli(['status', '--config', config, '--json'])).json<StatusJson>().libraries[0]!;

    const daemon = startCli(['daemon', '--config', config], { LITA_RESERV_INTERVAL_SECONDS: '2', LITA_RESERV_RETRY_BASE_SECONDS: '0.25' });
    await waitFor('the first sync', () => treeHashes(libraryMirror).size === docs.length && fs.existsSync(path.join(work, 'Styrande dokument', 'LÄS MIG.txt')));
    const before = treeHashes(libraryMirror);

    await nginx.stop();
    nginx = undefined;
    await waitFor('two failed runs in a row', () =>
      logEntries(dataDir).some((e) => e.msg === 'next sync scheduled' && Number(e.consecutiveFailures) >= 2),
    );
    const failed = await status();
    expect(failed.lastResult).toBe('failed');
    expect(failed.lastError).toContain('anslutningen nekades');
    expect(failed.documents).toBe(docs.length);
    expect(treeHashes(libraryMirror)).toEqual(before);
    expect(daemon.isRunning()).toBe(true);
    // While the server is away, the pauses grow from the retry base and stay within the interval.
    const pauses = logEntries(dataDir)
      .filter((e) => e.msg === 'next sync scheduled' && Number(e.consecutiveFailures) > 0)
      .map((e) => Number(e.inMs));
    expect(pauses[0]).toBe(250);
    expect(pauses[1]).toBe(500);
    expect(Math.max(...pauses)).toBeLessThanOrEqual(2000);

    // The library changes during the outage; the server comes back where it was.
    docs[0] = { ...docs[0]!, content: 'Reviderad under avbrottet\n', version: '2' };
    writeSourceTree(src, docs);
    expect((await runCli(['publish', src, '--out', pub])).code).toBe(0);
    nginx = await startNginx(nginxBin!, pub, '', port);

    await waitFor('the change to reach the mirror', () => treeHashes(libraryMirror).get(docs[0]!.rel) === sha256('Reviderad under avbrottet\n'), 30_000);
    // The file is in place before the run has finished (its text is read first): wait for the run to be recorded.
    await waitFor('the run to be recorded', () => logEntries(dataDir).filter((e) => e.msg === 'next sync scheduled').at(-1)?.consecutiveFailures === 0, 30_000);
    const recovered = await status();
    expect(recovered.lastResult).toBe('ok');
    expect(recovered.lastError).toBeNull();
    expect(daemon.isRunning()).toBe(true);
    const last = logEntries(dataDir).filter((e) => e.msg === 'next sync scheduled').at(-1)!;
    expect(last.consecutiveFailures).toBe(0);

    daemon.child.kill('SIGTERM');
    expect(await daemon.exited).toBe(0);
  });
});
