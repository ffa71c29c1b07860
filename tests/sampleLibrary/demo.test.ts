// `npm run demo` end to end in a temp LITA_DEMO_DIR: the real generator, the real
// `publish` and `sync` of bin/lita-reserv, and a second run that changes nothing.
import fs from 'node:fs';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadSampleDocuments, sourceFileName, sourceFolder } from '../../build/sample-library/sampleDocument.js';
import { repoRoot, runCli } from '../helpers/cli.js';
import { sha256, treeHashes } from '../helpers/library.js';
import { tempDir } from '../helpers/tempDir.js';

interface ListJson {
  documents: { libraryId: string; id: string; title: string; version: string; sha256: string; mirrorPath: string; metadata: Record<string, unknown> }[];
}

function runDemo(demoDir: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'build/demo.ts'], {
      cwd: repoRoot,
      env: { ...process.env, LITA_DEMO_DIR: demoDir, LITA_RESERV_CONFIG: '', LITA_DEMO_NO_SERVE: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 45_000);
    child.once('error', reject);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

describe('npm run demo', () => {
  const samples = loadSampleDocuments();
  let demoDir: string;
  let mirrorRoot: string;
  let first: Awaited<ReturnType<typeof runDemo>>;

  beforeAll(async () => {
    demoDir = path.join(tempDir('lita-demo-'), 'demo med mellanslag');
    mirrorRoot = path.join(demoDir, 'Styrande dokument', 'Ledningssystem');
    first = await runDemo(demoDir);
  });

  it('publishes and mirrors every sample document and says where, in Swedish', async () => {
    expect(first.code, first.stdout + first.stderr).toBe(0);
    expect(first.stdout).toContain(`${samples.length} nya, 0 uppdaterade`);
    expect(first.stdout).toContain('Klart! Exempelbiblioteket är speglat.');
    expect(first.stdout).toContain(mirrorRoot);
    expect(first.stdout).toContain(`Dokument:       ${samples.length} i biblioteket "Ledningssystem"`);
    expect(first.stdout).toMatch(/search hjärtstopp --config/);
    expect(fs.existsSync(path.join(demoDir, 'published', 'manifest.json'))).toBe(true);

    const config = path.join(demoDir, 'config.json');
    const list = (await runCli(['list', '--config', config, '--json'])).json<ListJson>();
    expect(list.documents.map((d) => d.id).sort()).toEqual(samples.map((d) => d.id).sort());
    expect(treeHashes(mirrorRoot).size).toBe(samples.length);

    for (const sample of samples) {
      const doc = list.documents.find((d) => d.id === sample.id)!;
      expect(doc.title).toBe(sample.title);
      expect(doc.version).toBe(sample.version);
      expect(doc.metadata).toMatchObject({ documentType: sample.metadata.documentType, validTo: sample.metadata.validTo, keywords: sample.metadata.keywords });
      expect(doc.mirrorPath.startsWith(mirrorRoot + path.sep), doc.mirrorPath).toBe(true);
      expect(path.relative(mirrorRoot, doc.mirrorPath).split(path.sep).slice(0, -1)).toEqual(sourceFolder(sample));
      const mirrored = fs.readFileSync(doc.mirrorPath);
      expect(sha256(mirrored)).toBe(doc.sha256);
      const source = fs.readFileSync(path.join(demoDir, 'source', ...sourceFolder(sample), sourceFileName(sample)));
      expect(sha256(mirrored), sample.id).toBe(sha256(source));
      expect(path.basename(doc.mirrorPath), sample.id).not.toMatch(/[<>:"/\\|?*]/);
    }
    const colon = list.documents.find((d) => d.title.includes(':'))!;
    expect(path.basename(colon.mirrorPath)).toBe(`${colon.title.replace(':', ' -')}.pdf`);
  });

  it('changes nothing when run a second time', async () => {
    const before = treeHashes(mirrorRoot);
    const again = await runDemo(demoDir);
    expect(again.code, again.stdout + again.stderr).toBe(0);
    expect(again.stdout).toContain('0 filer skrivna');
    expect(again.stdout).toContain(`0 nya, 0 uppdaterade, 0 med ny metadata, 0 borttagna, ${samples.length} oförändrade`);
    expect(treeHashes(mirrorRoot)).toEqual(before);

    const status = (await runCli(['status', '--config', path.join(demoDir, 'config.json'), '--json'])).json<{ libraries: { documents: number; lastResult: string }[] }>();
    expect(status.libraries[0]).toMatchObject({ documents: samples.length, lastResult: 'ok' });
  });
});
