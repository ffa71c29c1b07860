// A signed library: with `publicKey` configured, only a manifest whose Ed25519 signature
// verifies is used; anything else fails the sync and leaves the mirror as it was.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requireProgram } from '../helpers/systemProgram.js';
import { startNginx, type NginxServer } from '../helpers/nginx.js';
import { tempDir } from '../helpers/tempDir.js';
import { runCli } from '../helpers/cli.js';
import { recordReliability } from '../helpers/reliabilityLog.js';
import { sampleDocs, treeHashes, writeConfig, writeSourceTree } from '../helpers/library.js';

const nginxBin = requireProgram('nginx', 'the signed-manifest tests serve libraries with it', ['/usr/sbin/nginx']);

describe.skipIf(!nginxBin)('signed manifest library', () => {
  let work: string;
  let pub: string;
  let nginx: NginxServer;
  let publicKey: string;
  let keyFile: string;
  const configWith = (key: string) =>
    writeConfig(work, {
      libraries: [{ id: 'ls', title: 'Ledningssystem', source: { type: 'manifest', url: `${nginx.url}/manifest.json`, publicKey: key } }],
      network: { timeoutSeconds: 5, retries: 0, concurrency: 2 },
    });
  const mirrored = () => treeHashes(path.join(work, 'Styrande dokument', 'Ledningssystem'));

  beforeAll(async () => {
    work = tempDir();
    const keys = await runCli(['keygen', '--out', path.join(work, 'keys'), '--json']);
    expect(keys.code, keys.stderr).toBe(0);
    ({ publicKey, privateKeyFile: keyFile } = keys.json<{ publicKey: string; privateKeyFile: string }>());
    expect((fs.statSync(keyFile).mode & 0o777).toString(8)).toBe('600');
    writeSourceTree(path.join(work, 'src'), sampleDocs(5));
    pub = path.join(work, 'pub');
    const r = await runCli(['publish', path.join(work, 'src'), '--out', pub, '--sign', keyFile]);
    expect(r.code, r.stderr).toBe(0);
    nginx = await startNginx(nginxBin!, pub);
  });
  afterAll(async () => nginx?.stop());

  it('syncs a library whose signature verifies', async () => {
    const r = await runCli(['sync', '--config', configWith(publicKey)]);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(mirrored().size).toBe(5);
  });

  it('refuses a manifest changed after signing, and keeps the mirror', async () => {
    const before = mirrored();
    const manifest = path.join(pub, 'manifest.json');
    const good = fs.readFileSync(manifest);
    fs.writeFileSync(manifest, good.toString().replace('"title": "Rutin 1', '"title": "Rutin X'));
    // nginx's ETag is mtime+size: make sure the tampered file does not share the good one's.
    fs.utimesSync(manifest, new Date(), new Date(Date.now() + 10_000));
    try {
      const r = await runCli(['sync', '--config', configWith(publicKey)]);
      expect(r.code).toBe(1);
      expect(r.stdout).toMatch(/signatur stämmer inte/);
      expect(mirrored()).toEqual(before);
      recordReliability({ area: 'input', fault: 'Manifest changed after signing (publicKey configured)', userSaw: 'Exit 1: "Manifestets signatur stämmer inte med den konfigurerade nyckeln; manifestet används inte"', lost: 'nothing (mirror untouched)' });
    } finally {
      fs.writeFileSync(manifest, good);
    }
  });

  it('refuses an unsigned manifest and a signature from another key', async () => {
    const sig = path.join(pub, 'manifest.json.sig');
    const saved = fs.readFileSync(sig);
    fs.rmSync(sig);
    try {
      const r = await runCli(['sync', '--config', configWith(publicKey)]);
      expect(r.code).toBe(1);
      expect(r.stdout).toMatch(/Signaturfilen saknas/);
    } finally {
      fs.writeFileSync(sig, saved);
    }
    const other = (await runCli(['keygen', '--out', path.join(work, 'other'), '--json'])).json<{ publicKey: string }>().publicKey;
    const r = await runCli(['sync', '--config', configWith(other)]);
    expect(r.code).toBe(1);
    expect(mirrored().size).toBe(5);
    recordReliability({ area: 'input', fault: 'Signature missing, or made with another key', userSaw: 'Exit 1: "Signaturfilen saknas …" / "signatur stämmer inte …"', lost: 'nothing (mirror untouched)' });
  });
});
