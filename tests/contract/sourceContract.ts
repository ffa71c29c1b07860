// The one contract every source passes, run through the real engine (runSync with a
// temporary catalog, store and mirror): first listing, add, update, rename/move, delete,
// an unchanged library that downloads no body, a cursor kept across a restart, a corrupt
// or refused cursor falling back to a full listing with mark-and-sweep, and names that
// are hostile to a Windows mirror. Each step checks the mirror itself, byte for byte.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfigText, type Config } from '../../sync/config/loadConfig.js';
import { runSync, type SyncRunResult } from '../../sync/engine/runSync.js';
import { createSource } from '../../sync/sources/createSource.js';
import type { Source } from '../../sync/sources/types.js';
import { Catalog } from '../../sync/catalog/catalog.js';
import { clearTokenCache } from '../../sync/sources/sharepoint/graphAuth.js';
import { sanitizeSegment } from '../../sync/mirror/names.js';
import { sha256, treeHashes } from '../helpers/library.js';
import { tempDir } from '../helpers/tempDir.js';
import type { LibraryFixture } from './fixtures.js';

const LIBRARY = { id: 'bibliotek', title: 'Styrande' };
const PLAIN = ['Rutiner/Akut/Hjärtstopp.txt', 'Rutiner/Akut/Sepsis.txt', 'Policy/Informationssäkerhet.txt', 'Läs först.txt', 'Rutiner/Medicin/Insulin.txt'];

export function defineSourceContract(name: string, makeFixture: () => Promise<LibraryFixture | null>): void {
  let fixture: LibraryFixture | null = null;
  let config: Config;
  let work: string;
  /** What the backing library holds: relative path → content (every content unique). */
  const model = new Map<string, string>();
  let opens = 0;
  let revision = 0;

  const content = (rel: string) => `${rel}\nrevision ${++revision}\n${'x'.repeat(revision % 5)}\n`;
  const write = async (rel: string) => {
    const text = content(rel);
    model.set(rel, text);
    await fixture!.write(rel, text);
  };
  const sync = async (): Promise<SyncRunResult> => {
    await fixture!.publish();
    opens = 0;
    const result = await runSync(config, {
      trigger: 'contract',
      retry: { retries: 3, baseDelayMs: 10, maxDelayMs: 100, maxRetryAfterMs: 10_000 },
      createSource: (lib, ctx) => countingOpens(createSource(lib.source, ctx), () => opens++),
    });
    expect(result.outcomes[0]!.error, JSON.stringify(result.outcomes[0]!.failures)).toBeNull();
    return result;
  };
  const counts = (r: SyncRunResult) => {
    const o = r.outcomes[0]!;
    return { added: o.counts.added, updated: o.counts.updated, metadataUpdated: o.counts.metadataUpdated, removed: o.counts.removed };
  };
  const libraryDir = () => path.join(config.mirrorDir, LIBRARY.title);
  /** The mirror holds exactly the model: plain names at their own path, every body once. */
  const expectMirrorMatchesModel = () => {
    const mirrored = treeHashes(libraryDir());
    expect([...mirrored.values()].sort()).toEqual([...model.values()].map(sha256).sort());
    for (const rel of PLAIN) if (model.has(rel)) expect(mirrored.get(rel), rel).toBe(sha256(model.get(rel)!));
    for (const rel of mirrored.keys()) expectWindowsSafe(rel);
  };
  const cursor = () => {
    const catalog = Catalog.open(config.dataDir);
    try {
      return catalog.getLibrary(LIBRARY.id)?.cursor ?? null;
    } finally {
      catalog.close();
    }
  };

  describe(`source contract: ${name}`, () => {
    beforeAll(async () => {
      fixture = await makeFixture();
      if (!fixture) return;
      work = tempDir('lita-contract-');
      config = parseConfigText(
        JSON.stringify({
          dataDir: 'data',
          mirrorDir: 'Spegling',
          libraries: [{ ...LIBRARY, source: fixture.source }],
          safety: { maxDeletePercent: 50, maxDeleteCount: 50 },
          network: { timeoutSeconds: 10, retries: 2, concurrency: 2 },
        }),
        path.join(work, 'config.json'),
      );
    });
    afterAll(async () => {
      await fixture?.stop();
    });

    it('mirrors the initial listing, hostile names included, inside the library folder', async (t) => {
      if (!fixture) return t.skip();
      for (const rel of [...PLAIN, ...fixture.hostileNames]) await write(rel);
      const r = await sync();
      expect(r.exitCode).toBe(0);
      expect(counts(r)).toEqual({ added: model.size, updated: 0, metadataUpdated: 0, removed: 0 });
      expectMirrorMatchesModel();
      expect(fs.readdirSync(config.mirrorDir).sort()).toEqual(['LÄS MIG.txt', LIBRARY.title, 'index.html']);
      fixture.takeBodyDownloads();
    });

    it('adds a new document', async (t) => {
      if (!fixture) return t.skip();
      await write('Rutiner/Akut/Ny rutin.txt');
      const r = await sync();
      expect(counts(r)).toEqual({ added: 1, updated: 0, metadataUpdated: 0, removed: 0 });
      expect(opens).toBe(1);
      expectMirrorMatchesModel();
    });

    it('updates a changed document', async (t) => {
      if (!fixture) return t.skip();
      await write('Rutiner/Akut/Hjärtstopp.txt');
      const r = await sync();
      expect(counts(r)).toEqual({ added: 0, updated: 1, metadataUpdated: 0, removed: 0 });
      expectMirrorMatchesModel();
    });

    it('follows a rename into another folder', async (t) => {
      if (!fixture) return t.skip();
      const text = model.get('Rutiner/Akut/Sepsis.txt')!;
      await fixture.move('Rutiner/Akut/Sepsis.txt', 'Rutiner/Medicin/Sepsis (reviderad).txt');
      model.delete('Rutiner/Akut/Sepsis.txt');
      model.set('Rutiner/Medicin/Sepsis (reviderad).txt', text);
      fixture.takeBodyDownloads();
      const r = await sync();
      if (fixture.movesKeepIdentity) {
        expect(counts(r)).toEqual({ added: 0, updated: 0, metadataUpdated: 1, removed: 0 });
        expect(fixture.takeBodyDownloads() ?? 0).toBe(0);
      } else expect(counts(r)).toEqual({ added: 1, updated: 0, metadataUpdated: 0, removed: 1 });
      expectMirrorMatchesModel();
      expect(fs.readFileSync(path.join(libraryDir(), 'Rutiner', 'Medicin', 'Sepsis (reviderad).txt'), 'utf8')).toBe(text);
    });

    it('follows a renamed folder: every document below it moves', async (t) => {
      if (!fixture) return t.skip();
      await write('Rutiner/Barn/Feber.txt');
      await write('Rutiner/Barn/Vätska/Dropp.txt');
      await sync();
      await fixture.move('Rutiner/Barn', 'Rutiner/Barn och unga');
      for (const rel of ['Rutiner/Barn/Feber.txt', 'Rutiner/Barn/Vätska/Dropp.txt']) {
        model.set(rel.replace('Rutiner/Barn/', 'Rutiner/Barn och unga/'), model.get(rel)!);
        model.delete(rel);
      }
      const r = await sync();
      if (fixture.movesKeepIdentity) expect(counts(r)).toEqual({ added: 0, updated: 0, metadataUpdated: 2, removed: 0 });
      else expect(counts(r)).toEqual({ added: 2, updated: 0, metadataUpdated: 0, removed: 2 });
      expectMirrorMatchesModel();
      expect(fs.existsSync(path.join(libraryDir(), 'Rutiner', 'Barn och unga', 'Vätska', 'Dropp.txt'))).toBe(true);
      expect(fs.existsSync(path.join(libraryDir(), 'Rutiner', 'Barn'))).toBe(false);
    });

    it('removes the documents of a deleted folder', async (t) => {
      if (!fixture) return t.skip();
      await fixture.remove('Rutiner/Barn och unga');
      for (const rel of [...model.keys()]) if (rel.startsWith('Rutiner/Barn och unga/')) model.delete(rel);
      const r = await sync();
      expect(counts(r)).toEqual({ added: 0, updated: 0, metadataUpdated: 0, removed: 2 });
      expectMirrorMatchesModel();
    });

    it('removes a deleted document', async (t) => {
      if (!fixture) return t.skip();
      await fixture.remove('Policy/Informationssäkerhet.txt');
      model.delete('Policy/Informationssäkerhet.txt');
      const r = await sync();
      expect(counts(r)).toEqual({ added: 0, updated: 0, metadataUpdated: 0, removed: 1 });
      expectMirrorMatchesModel();
    });

    it('downloads no body when nothing changed', async (t) => {
      if (!fixture) return t.skip();
      fixture.takeBodyDownloads();
      const r = await sync();
      expect(counts(r)).toEqual({ added: 0, updated: 0, metadataUpdated: 0, removed: 0 });
      expect(r.outcomes[0]!.counts.bytesDownloaded).toBe(0);
      expect(opens).toBe(0);
      expect(fixture.takeBodyDownloads() ?? 0).toBe(0);
      expectMirrorMatchesModel();
    });

    it('keeps its cursor in the catalog and uses it after a restart', async (t) => {
      if (!fixture) return t.skip();
      const stored = cursor();
      if (fixture.cursor === 'none') expect(stored).toBeNull();
      else expect(stored).toEqual(expect.any(String));
      // A restart: nothing but the data folder survives (not even a cached sign-in).
      clearTokenCache();
      await write('Rutiner/Medicin/Efter omstart.txt');
      const r = await sync();
      expect(counts(r)).toEqual({ added: 1, updated: 0, metadataUpdated: 0, removed: 0 });
      expectMirrorMatchesModel();
      if (fixture.cursor !== 'none') expect(cursor()).not.toBe(fixture.cursor === 'delta' ? stored : null);
    });

    it('falls back to a full listing with mark-and-sweep when the cursor is corrupt', async (t) => {
      if (!fixture) return t.skip();
      const catalog = Catalog.open(config.dataDir);
      catalog.setCursor(LIBRARY.id, '{"trasig": https://evil.example/');
      catalog.close();
      await fixture.remove('Läs först.txt');
      model.delete('Läs först.txt');
      await write('Rutiner/Medicin/Insulin.txt');
      const r = await sync();
      expect(counts(r)).toEqual({ added: 0, updated: 1, metadataUpdated: 0, removed: 1 });
      expectMirrorMatchesModel();
      if (fixture.cursor !== 'none') expect(cursor()).not.toContain('evil.example');
    });

    it('falls back to a full listing with mark-and-sweep when the server refuses the cursor', async (t) => {
      if (!fixture?.rejectCursor) return t.skip();
      fixture.rejectCursor();
      await fixture.remove('Rutiner/Akut/Ny rutin.txt');
      model.delete('Rutiner/Akut/Ny rutin.txt');
      await write('Rutiner/Akut/Efter omsynk.txt');
      const r = await sync();
      expect(counts(r)).toEqual({ added: 1, updated: 0, metadataUpdated: 0, removed: 1 });
      expect(opens).toBe(1);
      expectMirrorMatchesModel();
    });
  });
}

/** The real adapter, with its body downloads counted. */
function countingOpens(source: Source, onOpen: () => void): Source {
  return {
    type: source.type,
    location: source.location,
    probe: () => source.probe(),
    list: (cursor) => source.list(cursor),
    open: (doc, offset) => {
      onOpen();
      return source.open(doc, offset);
    },
  };
}

function expectWindowsSafe(rel: string): void {
  for (const segment of rel.split('/')) {
    expect(segment, rel).toBe(sanitizeSegment(segment));
    expect(segment, rel).not.toMatch(/^\.\.?$/);
  }
}
