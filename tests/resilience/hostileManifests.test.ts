// Manifests crafted to escape the mirror, break names, or exhaust the PC: every document
// that can be mirrored safely is, under a Windows-safe name inside the mirror; nothing is
// written anywhere else; oversized manifests are refused with a clear error.
import fs from 'node:fs';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFaultServer, type FaultServer } from '../helpers/faultServer.js';
import { recordReliability } from '../helpers/reliabilityLog.js';
import { runCli } from '../helpers/cli.js';
import { treeHashes, writeConfig } from '../helpers/library.js';
import { tempDir } from '../helpers/tempDir.js';
import { validOnWindows } from '../helpers/windowsNames.js';

interface Entry {
  id: string;
  title: string;
  path: string[];
  fileName: string;
  body?: string;
}

let server: FaultServer;
let root: string;
beforeAll(async () => {
  root = tempDir('lita-hostile-');
  server = await startFaultServer(root);
});
afterAll(async () => server.stop());

/** Publishes a hand-made manifest (as a hostile or broken publisher would) under a fresh prefix. */
function publishManifest(prefix: string, entries: Entry[], extra: Record<string, unknown> = {}): string {
  const dir = path.join(root, prefix);
  fs.mkdirSync(path.join(dir, 'files'), { recursive: true });
  const documents = entries.map((e, i) => {
    const body = Buffer.from(e.body ?? `dokument ${i}`);
    fs.writeFileSync(path.join(dir, 'files', `${i}.bin`), body);
    return {
      id: e.id,
      title: e.title,
      path: e.path,
      fileName: e.fileName,
      href: `files/${i}.bin`,
      sha256: createHash('sha256').update(body).digest('hex'),
      size: body.length,
      version: '1',
      metadata: {},
    };
  });
  fs.writeFileSync(path.join(dir, 'manifest.json'), JSON.stringify({ format: 'lita-manifest/1', library: { id: 'ls', title: 'Ledningssystem' }, generatedAt: '2026-11-23T02:00:00Z', documents, ...extra }));
  return `${server.url}/${prefix}/manifest.json`;
}

function pcFor(url: string) {
  const work = tempDir('lita-pc-');
  const config = writeConfig(work, { libraries: [{ id: 'ls', title: 'Ledningssystem', source: { type: 'manifest', url } }], network: { timeoutSeconds: 10, retries: 0 } });
  return { work, config, mirror: path.join(work, 'Styrande dokument') };
}

/** Every file under `dir`, absolute. */
function allFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const full = path.join(d, e.name);
      if (e.isDirectory()) walk(full);
      else out.push(full);
    }
  };
  walk(dir);
  return out;
}

describe('hostile manifests', () => {
  it('names from the source never escape the mirror and are valid on Windows', async () => {
    const hostile: Entry[] = [
      { id: 'trav-1', title: 'Traversering', path: ['..', '..', '..', 'etc'], fileName: 'passwd' },
      { id: 'trav-2', title: 'Traversering', path: ['a'], fileName: '../../../../outside.txt' },
      { id: 'abs-1', title: 'Absolut', path: ['/etc', '/root/.ssh'], fileName: '/etc/shadow' },
      { id: 'unc-1', title: 'UNC', path: ['\\\\server\\share\\x'], fileName: '\\\\server\\share\\evil.pdf' },
      { id: 'drive-1', title: 'Enhet', path: ['C:\\Windows\\System32'], fileName: 'C:evil.dll' },
      { id: 'res-1', title: 'Reserverat', path: ['CON', 'aux'], fileName: 'LPT1.pdf' },
      { id: 'ctl-1', title: 'Styrtecken', path: ['a\u0000b', 'tab\there'], fileName: 'ny\nrad\r.pdf' },
      { id: 'dots', title: 'Punkter', path: ['...', '. .'], fileName: '.. ' },
      { id: '../../id-escape', title: '', path: [], fileName: '' },
      { id: 'long', title: 'L'.repeat(10_000), path: ['P'.repeat(5_000)], fileName: `${'F'.repeat(10_000)}.pdf` },
      { id: 'nfc', title: 'Vårdhygien', path: ['Rutiner'], fileName: 'Vårdhygien.pdf'.normalize('NFC') },
      { id: 'nfd', title: 'Vårdhygien', path: ['Rutiner'], fileName: 'Vårdhygien.pdf'.normalize('NFD') },
      { id: 'case-1', title: 'Skiftläge', path: ['rutiner'], fileName: 'VÅRDHYGIEN.PDF' },
      { id: 'bidi', title: 'Bidi', path: [], fileName: 'rutin\u202Efdp.exe' },
      { id: 'dup', title: 'Första', path: [], fileName: 'dup-1.pdf' },
      { id: 'dup', title: 'Andra med samma id', path: [], fileName: 'dup-2.pdf' },
    ];
    const { work, config, mirror } = pcFor(publishManifest('hostile', hostile));
    const r = await runCli(['sync', '--config', config, '--json']);
    expect(r.code, r.stdout + r.stderr).toBe(3); // the duplicate id is reported
    const result = r.json<{ libraries: { failures: { id: string; reason: string }[]; added: number }[] }>().libraries[0]!;
    expect(result.failures).toEqual([expect.objectContaining({ id: 'dup', reason: expect.stringMatching(/förekommer flera gånger/) })]);
    expect(result.added).toBe(hostile.length - 1);

    // Nothing was written outside the data folder and the mirror.
    const allowed = [path.join(work, 'data') + path.sep, mirror + path.sep, path.join(work, 'config.json')];
    for (const file of allFiles(work)) expect(allowed.some((a) => file === a || file.startsWith(a)), file).toBe(true);
    // Every mirrored name is valid on Windows, NFC, unique ignoring case, and short enough.
    const files = [...treeHashes(mirror).keys()];
    const keys = new Set<string>();
    for (const rel of files) {
      for (const seg of rel.split('/')) expect(validOnWindows(seg), JSON.stringify(seg)).toBe(true);
      expect(mirror.length + 1 + rel.length).toBeLessThanOrEqual(240);
      const key = rel.normalize('NFC').toLowerCase();
      expect(keys.has(key), rel).toBe(false);
      keys.add(key);
    }
    expect(files.filter((f) => f !== 'LÄS MIG.txt' && f !== 'index.html')).toHaveLength(hostile.length - 1);
    const list = (await runCli(['list', '--config', config, '--json'])).json<{ documents: { id: string; title: string; mirrorPath: string }[] }>();
    expect(list.documents.find((d) => d.id === 'long')!.title.length).toBeLessThanOrEqual(1000);
    for (const d of list.documents) expect(d.mirrorPath.startsWith(mirror + path.sep)).toBe(true);
    recordReliability({ area: 'input', fault: 'Manifest with traversal (.., absolute, UNC, drive letters), reserved names, control characters, 10 000-character names, NFC/NFD and case twins, bidi overrides, a duplicate id', userSaw: 'Exit 3 naming the duplicate id; every other document mirrored under a Windows-safe name inside the mirror', lost: 'nothing; nothing written outside the mirror' });
  });

  it('a manifest over the size limit is refused with a clear error', async () => {
    const dir = path.join(root, 'huge');
    fs.mkdirSync(dir, { recursive: true });
    const fd = fs.openSync(path.join(dir, 'manifest.json'), 'w');
    fs.writeSync(fd, '{"format":"lita-manifest/1","documents":[],"padding":"');
    const chunk = Buffer.alloc(8 * 1024 * 1024, 0x61);
    for (let i = 0; i < 25; i++) fs.writeSync(fd, chunk); // 200 MB
    fs.writeSync(fd, '"}');
    fs.closeSync(fd);
    const { config } = pcFor(`${server.url}/huge/manifest.json`);
    const started = Date.now();
    const r = await runCli(['sync', '--config', config]);
    fs.rmSync(dir, { recursive: true });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/Manifestet är större än gränsen 128 MB/);
    recordReliability({ area: 'input', fault: 'A 200 MB manifest', userSaw: `Exit 1 after ${((Date.now() - started) / 1000).toFixed(1)} s: "Manifestet är större än gränsen 128 MB"`, lost: 'nothing (mirror untouched)' });
  });

  it('a manifest with ten million entries is refused with a clear error', async () => {
    const dir = path.join(root, 'many');
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'manifest.json'), `{"format":"lita-manifest/1","documents":[${'0,'.repeat(9_999_999)}0]}`);
    const { config } = pcFor(`${server.url}/many/manifest.json`);
    const r = await runCli(['sync', '--config', config]);
    fs.rmSync(dir, { recursive: true });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/fler än 250000 dokument/);
    recordReliability({ area: 'input', fault: 'A manifest with 10 million entries', userSaw: 'Exit 1: "Manifestet är ogiltigt: documents: fler än 250000 dokument"', lost: 'nothing (mirror untouched)' });
  });

  it('wrong formats and shapes are refused without touching the mirror', async () => {
    const url = publishManifest('ok', [{ id: 'a', title: 'A', path: [], fileName: 'a.pdf' }]);
    const { config, mirror } = pcFor(url);
    expect((await runCli(['sync', '--config', config])).code).toBe(0);
    const before = treeHashes(mirror);
    const file = path.join(root, 'ok', 'manifest.json');
    for (const [bad, message] of [
      ['{"format":"lita-manifest/2","documents":[]}', /format ska vara "lita-manifest\/1"/],
      ['{"format":"lita-manifest/1","documents":{}}', /documents/],
      ['[1,2,3]', /Manifestet är ogiltigt/],
      ['<html>Inloggning krävs</html>', /inte giltig JSON/],
    ] as const) {
      fs.writeFileSync(file, bad);
      const r = await runCli(['sync', '--config', config]);
      expect(r.code, bad).toBe(1);
      expect(r.stdout, bad).toMatch(message);
      const after = treeHashes(mirror);
      after.delete('LÄS MIG.txt');
      const expected = new Map(before);
      expected.delete('LÄS MIG.txt');
      expect(after).toEqual(expected);
    }
    recordReliability({ area: 'input', fault: 'Wrong format version, wrong shapes, an HTML login page instead of JSON', userSaw: 'Exit 1 with the reason ("format ska vara …", "inte giltig JSON")', lost: 'nothing (mirror untouched)' });
  });
});
