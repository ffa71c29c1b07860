// The manifest source end to end: `publish` a library, serve it with a real nginx on
// loopback, and run the real CLI against it.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requireProgram } from '../helpers/systemProgram.js';
import { startNginx, type NginxServer } from '../helpers/nginx.js';
import { tempDir } from '../helpers/tempDir.js';
import { runCli } from '../helpers/cli.js';
import { freePort } from '../helpers/ports.js';
import { recordReliability } from '../helpers/reliabilityLog.js';
import { sampleDocs, sha256, treeHashes, writeConfig, writeSourceTree, type SourceDoc } from '../helpers/library.js';

const nginxBin = requireProgram('nginx', 'the manifest integration tests serve libraries with it', ['/usr/sbin/nginx']);

interface StatusJson {
  libraries: { id: string; documents: number; lastResult: string; failedDocuments: number; heldDeletions: number; stale: boolean; lastError: string | null }[];
}
interface ListJson {
  documents: { libraryId: string; id: string; title: string; version: string; sha256: string; mirrorPath: string; metadata: Record<string, unknown> }[];
}

describe.skipIf(!nginxBin)('manifest library served by nginx', () => {
  let work: string;
  let src: string;
  let pub: string;
  let nginx: NginxServer;
  let config: string;
  let mirror: string;
  let docs: SourceDoc[];

  const publish = async () => {
    const r = await runCli(['publish', src, '--out', pub, '--prune']);
    expect(r.code, r.stderr).toBe(0);
  };
  const sync = (...extra: string[]) => runCli(['sync', '--config', config, '--json', ...extra]);

  beforeAll(async () => {
    work = tempDir();
    src = path.join(work, 'src');
    pub = path.join(work, 'pub');
    mirror = path.join(work, 'Styrande dokument');
    docs = sampleDocs(40);
    writeSourceTree(src, docs);
    await publish();
    nginx = await startNginx(nginxBin!, pub);
    config = writeConfig(work, {
      dataDir: 'data',
      mirrorDir: 'Styrande dokument',
      libraries: [{ id: 'ledningssystem', title: 'Ledningssystem', source: { type: 'manifest', url: `${nginx.url}/manifest.json` } }],
      safety: { maxDeletePercent: 10, maxDeleteCount: 50 },
      network: { timeoutSeconds: 5, retries: 1, concurrency: 4 },
    });
  });
  afterAll(async () => {
    await nginx?.stop();
  });

  it('mirrors every document byte for byte, with metadata in the catalog', async () => {
    const r = await sync();
    expect(r.code, r.stdout + r.stderr).toBe(0);
    const mirrored = treeHashes(path.join(mirror, 'Ledningssystem'));
    expect(mirrored.size).toBe(docs.length);
    for (const d of docs) {
      const rel = d.rel.replace(/^/, '');
      expect(mirrored.get(rel), rel).toBe(sha256(d.content));
    }
    expect(fs.readFileSync(path.join(mirror, 'LÄS MIG.txt'), 'utf8')).toContain('Ledningssystem: 40 dokument');

    const list = (await runCli(['list', '--config', config, '--json'])).json<ListJson>();
    expect(list.documents).toHaveLength(40);
    const first = list.documents.find((d) => d.id === 'DOC-1000')!;
    expect(first.title).toBe('Rutin 1 – Akutmottagning');
    expect(first.version).toBe('1');
    expect(first.metadata.owner).toBe('Verksamhetschef Akutmottagning');
    expect(path.isAbsolute(first.mirrorPath)).toBe(true);
    expect(sha256(fs.readFileSync(first.mirrorPath))).toBe(first.sha256);

    const status = (await runCli(['status', '--config', config, '--json'])).json<StatusJson>();
    expect(status.libraries[0]).toMatchObject({ id: 'ledningssystem', documents: 40, lastResult: 'ok', stale: false, failedDocuments: 0, heldDeletions: 0 });
  });

  it('an unchanged library costs one conditional request and downloads nothing', async () => {
    const before = nginx.accessLog().length;
    const r = await sync();
    expect(r.code).toBe(0);
    const requests = nginx.accessLog().slice(before);
    expect(requests).toEqual(['GET /manifest.json 304 0']);
  });

  it('applies an update, an addition and a removal, downloading only what changed', async () => {
    docs[0] = { ...docs[0]!, content: 'Reviderad rutin, version 2\n', version: '2' };
    docs.push({ rel: 'Hälso- och sjukvård/Akutmottagning/Ny rutin.txt', content: 'ny\n', id: 'DOC-NEW', title: 'Ny rutin' });
    const removed = docs.splice(5, 1)[0]!;
    fs.rmSync(src, { recursive: true });
    writeSourceTree(src, docs);
    await publish();

    const before = nginx.accessLog().length;
    const r = await sync();
    expect(r.code, r.stdout).toBe(0);
    const lib = r.json<{ libraries: { added: number; updated: number; removed: number }[] }>().libraries[0]!;
    expect(lib).toMatchObject({ added: 1, updated: 1, removed: 1 });
    const fileGets = nginx.accessLog().slice(before).filter((l) => l.includes('/files/'));
    expect(fileGets).toHaveLength(2);

    const mirrored = treeHashes(path.join(mirror, 'Ledningssystem'));
    expect(mirrored.get(docs[0]!.rel)).toBe(sha256('Reviderad rutin, version 2\n'));
    expect(mirrored.get('Hälso- och sjukvård/Akutmottagning/Ny rutin.txt')).toBe(sha256('ny\n'));
    expect(mirrored.has(removed.rel)).toBe(false);
    expect(mirrored.size).toBe(docs.length);
  });

  it('holds back mass deletions, shows them in status, and applies them only when approved', async () => {
    const kept = docs.slice(0, 20);
    fs.rmSync(src, { recursive: true });
    writeSourceTree(src, kept);
    await publish();

    const r = await sync();
    expect(r.code).toBe(3);
    expect(treeHashes(path.join(mirror, 'Ledningssystem')).size).toBe(docs.length);
    const status = (await runCli(['status', '--config', config, '--json'])).json<StatusJson>();
    expect(status.libraries[0]!.heldDeletions).toBe(docs.length - 20);
    expect(status.libraries[0]!.lastResult).toBe('partial');
    recordReliability({ area: 'input', fault: 'Half the library disappears from the manifest (above maxDeletePercent)', userSaw: 'Exit 3; status lists the held deletions', lost: 'nothing until a handläggare runs sync --approve-deletions' });

    // Another sync without approval changes nothing.
    expect((await sync()).code).toBe(3);
    expect(treeHashes(path.join(mirror, 'Ledningssystem')).size).toBe(docs.length);

    const approved = await sync('--approve-deletions');
    expect(approved.code, approved.stdout).toBe(0);
    expect(treeHashes(path.join(mirror, 'Ledningssystem')).size).toBe(20);
    const after = (await runCli(['status', '--config', config, '--json'])).json<StatusJson>();
    expect(after.libraries[0]).toMatchObject({ documents: 20, heldDeletions: 0, lastResult: 'ok' });
    docs = kept;
  });

  it('an empty document list never empties the mirror', async () => {
    fs.rmSync(src, { recursive: true });
    writeSourceTree(src, []);
    await publish();
    const r = await sync();
    expect(r.code).toBe(3);
    expect(treeHashes(path.join(mirror, 'Ledningssystem')).size).toBe(20);
    const status = (await runCli(['status', '--config', config, '--json'])).json<StatusJson>();
    expect(status.libraries[0]!.heldDeletions).toBe(20);
    recordReliability({ area: 'input', fault: 'The library publishes an empty document list', userSaw: 'Exit 3; status shows 20 held deletions ("källan var tom")', lost: 'nothing; applied only with sync --approve-deletions' });
    writeSourceTree(src, docs);
    await publish();
    expect((await sync()).code).toBe(0);
    expect((await runCli(['status', '--config', config, '--json'])).json<StatusJson>().libraries[0]!.heldDeletions).toBe(0);
  });

  it('a corrupt manifest fails the sync with exit 1 and leaves the mirror as it was', async () => {
    const before = treeHashes(mirror);
    const manifest = path.join(pub, 'manifest.json');
    const good = fs.readFileSync(manifest);
    fs.writeFileSync(manifest, good.subarray(0, good.length / 2));
    try {
      const r = await sync();
      expect(r.code).toBe(1);
      const status = (await runCli(['status', '--config', config, '--json'])).json<StatusJson>();
      expect(status.libraries[0]!.lastResult).toBe('failed');
      expect(status.libraries[0]!.lastError).toMatch(/inte giltig JSON/);
      const after = treeHashes(mirror);
      after.delete('LÄS MIG.txt');
      before.delete('LÄS MIG.txt');
      expect(after).toEqual(before);
    } finally {
      fs.writeFileSync(manifest, good);
    }
  });

  it('an unreachable server fails the sync with exit 1 and a readable reason', async () => {
    const deadPort = await freePort();
    const offline = writeConfig(tempDir(), {
      dataDir: path.join(work, 'data'),
      mirrorDir: mirror,
      libraries: [{ id: 'ledningssystem', title: 'Ledningssystem', source: { type: 'manifest', url: `http://127.0.0.1:${deadPort}/manifest.json` } }],
      network: { timeoutSeconds: 2, retries: 0, concurrency: 1 },
    });
    const r = await runCli(['sync', '--config', offline]);
    expect(r.code).toBe(1);
    expect(r.stdout + r.stderr).toContain(`Kunde inte nå http://127.0.0.1:${deadPort}/manifest.json (anslutningen nekades); visar kopian från`);
    expect(treeHashes(path.join(mirror, 'Ledningssystem')).size).toBe(20);
  });
});
