// `sync --dry-run` through the real CLI: for each library it tells whether the source
// answers and lets us in, how many documents it would mirror and what it would add,
// update and remove, and it writes nothing — not the mirror, not the catalog's documents,
// cursors or SharePoint item tree — so the real sync afterwards still sees every change.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { GraphEmulator } from '../emulators/graphEmulator.js';
import { SHAREPOINT_APP } from '../contract/fixtures.js';
import { runCli } from '../helpers/cli.js';
import { treeHashes, writeConfig } from '../helpers/library.js';
import { tempDir } from '../helpers/tempDir.js';

interface PreviewJson {
  dryRun: boolean;
  exitCode: number;
  libraries: { id: string; reachable: boolean; authorised: boolean; error: string | null; listing: string | null; documents: number | null; add: number; update: number; metadataUpdate: number; remove: number; unchanged: number }[];
}

describe('sync --dry-run', () => {
  let emulator: GraphEmulator;
  let work: string;
  let config: string;
  const exportDir = () => path.join(work, 'export');

  const dryRun = async (...extra: string[]) => {
    const r = await runCli(['sync', '--dry-run', '--json', '--config', config, ...extra]);
    return { code: r.code, out: r.json<PreviewJson>(), stderr: r.stderr };
  };
  /** Everything a dry run must leave alone: the mirror files and the catalog's rows. */
  const snapshot = () => {
    const file = path.join(work, 'data', 'catalog.sqlite');
    if (!fs.existsSync(file)) return { mirror: treeHashes(path.join(work, 'Spegling')), catalog: null };
    const db = new Database(file, { readonly: true });
    try {
      const rows = (sql: string) => JSON.stringify(db.prepare(sql).all());
      return {
        mirror: treeHashes(path.join(work, 'Spegling')),
        catalog: [
          rows('SELECT * FROM documents ORDER BY library_id, id'),
          rows('SELECT id, cursor FROM libraries ORDER BY id'),
          rows('SELECT * FROM source_state ORDER BY library_id, key'),
          rows('SELECT * FROM source_items ORDER BY library_id, item_id'),
        ],
      };
    } finally {
      db.close();
    }
  };

  beforeAll(async () => {
    work = tempDir('lita-dry-');
    emulator = new GraphEmulator({ ...SHAREPOINT_APP, columns: [] });
    await emulator.start();
    emulator.drive.putFile('Publicerat/Policy.txt', 'policy');
    emulator.drive.putFile('Publicerat/Akut/Hjärtstopp.txt', 'hjärtstopp');
    fs.mkdirSync(path.join(exportDir(), 'Rutiner'), { recursive: true });
    fs.writeFileSync(path.join(exportDir(), 'Rutiner', 'Sepsis.txt'), 'sepsis');
    fs.writeFileSync(path.join(work, 'secret.txt'), SHAREPOINT_APP.clientSecret);
    config = writeConfig(work, {
      dataDir: 'data',
      mirrorDir: 'Spegling',
      libraries: [
        { id: 'export', title: 'Export', source: { type: 'folder', path: 'export' } },
        {
          id: 'sp',
          title: 'Ledningssystem',
          source: {
            type: 'sharepoint', tenantId: SHAREPOINT_APP.tenantId, clientId: SHAREPOINT_APP.clientId, clientSecretFile: 'secret.txt',
            site: 'contoso.sharepoint.com:/sites/Ledningssystem', library: SHAREPOINT_APP.library, folder: '/Publicerat',
            authorityHost: emulator.loginUrl, graphBaseUrl: emulator.graphUrl,
          },
        },
      ],
      safety: { maxDeletePercent: 60, maxDeleteCount: 50 },
      network: { timeoutSeconds: 5, retries: 1, concurrency: 2 },
    });
  });
  afterAll(async () => {
    await emulator?.stop();
  });

  it('before the first sync: counts what would be mirrored and creates nothing', async () => {
    const r = await dryRun();
    expect(r.code, r.stderr).toBe(0);
    expect(r.out.dryRun).toBe(true);
    expect(r.out.libraries.map((l) => [l.id, l.reachable, l.authorised, l.documents, l.add])).toEqual([
      ['export', true, true, 1, 1],
      ['sp', true, true, 2, 2],
    ]);
    expect(fs.existsSync(path.join(work, 'data'))).toBe(false);
    expect(fs.existsSync(path.join(work, 'Spegling'))).toBe(false);
    expect(emulator.requests('download')).toHaveLength(0);
  });

  it('after a sync: shows additions, updates and removals, writes nothing, and the real sync still applies them', async () => {
    expect((await runCli(['sync', '--config', config])).code).toBe(0);
    emulator.drive.putFile('Publicerat/Ny rutin.txt', 'ny');
    emulator.drive.putFile('Publicerat/Policy.txt', 'policy, reviderad');
    emulator.drive.remove('Publicerat/Akut');
    emulator.drive.putFile('Utkast/Syns inte.txt', 'utkast');
    fs.writeFileSync(path.join(exportDir(), 'Rutiner', 'Feber.txt'), 'feber');

    const before = snapshot();
    const downloads = emulator.requests('download').length;
    const r = await dryRun();
    expect(r.code, r.stderr).toBe(0);
    const [folder, sp] = r.out.libraries;
    expect(folder).toMatchObject({ documents: 2, add: 1, update: 0, remove: 0, unchanged: 1 });
    expect(sp).toMatchObject({ listing: 'delta', documents: 2, add: 1, update: 1, remove: 1, unchanged: 0 });
    expect(snapshot()).toEqual(before);
    expect(emulator.requests('download').length).toBe(downloads);

    // Twice, to be sure the first dry run did not consume the changes.
    expect((await dryRun()).out.libraries[1]).toMatchObject({ add: 1, update: 1, remove: 1 });
    const real = await runCli(['sync', '--json', '--config', config]);
    expect(real.code, real.stdout).toBe(0);
    const libs = real.json<{ libraries: { id: string; added: number; updated: number; removed: number }[] }>().libraries;
    expect(libs.find((l) => l.id === 'sp')).toMatchObject({ added: 1, updated: 1, removed: 1 });
    expect(libs.find((l) => l.id === 'export')).toMatchObject({ added: 1 });
  });

  it('names an unreachable or refusing source, in Swedish, with exit 3 when others are fine', async () => {
    fs.writeFileSync(path.join(work, 'secret.txt'), 'fel');
    try {
      const r = await dryRun();
      expect(r.code).toBe(3);
      expect(r.out.libraries[1]).toMatchObject({ reachable: true, authorised: false });
      expect(r.out.libraries[1]!.error).toContain('AADSTS7000215');
      const text = await runCli(['sync', '--dry-run', '--config', config]);
      expect(text.stdout).toContain('Provkörning: ingenting skrivs');
      expect(text.stdout).toMatch(/✗ Ledningssystem \(sharepoint: .*\): nåbar men nekar åtkomst: Inloggningen/);
      expect(text.stdout).toMatch(/✓ Export \(folder: .*\): nåbar och behörig; 2 dokument skulle speglas: 0 nya/);
    } finally {
      fs.writeFileSync(path.join(work, 'secret.txt'), SHAREPOINT_APP.clientSecret);
    }
  });

  it('refuses --dry-run together with --approve-deletions', async () => {
    const r = await runCli(['sync', '--dry-run', '--approve-deletions', '--config', config]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('går inte att kombinera');
  });
});
