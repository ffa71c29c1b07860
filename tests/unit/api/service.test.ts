// The API service over a real synced catalog: tree and paged lists in Swedish order,
// folder filters, search with filters and facets, bytes from the verified store (never
// the editable mirror), opening files only inside the mirror, and "Synka nu" with its
// events and the data folder's lock.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiService, type ApiService } from '../../../sync/api/service.js';
import { invokeApi } from '../../../sync/api/dispatch.js';
import type { SyncEvent } from '../../../sync/api/contract.js';
import { ContentStore } from '../../../sync/store/contentStore.js';
import { publish } from '../../../sync/publish/publish.js';
import { runSync } from '../../../sync/engine/runSync.js';
import { sha256 } from '../../helpers/library.js';
import { apiDocs, syncedApiLibrary, type ApiLibrary } from '../../helpers/apiLibrary.js';

describe('API service', () => {
  let lib: ApiLibrary;
  let service: ApiService;
  const opened: string[] = [];

  beforeAll(async () => {
    lib = await syncedApiLibrary();
    service = createApiService(lib.config, {
      openFile: async (file) => {
        opened.push(file);
        return '';
      },
    });
  });
  afterAll(() => service?.close());

  it('builds the library tree with counts that include subfolders', async () => {
    const [root] = await service.libraryTree(undefined);
    expect(root).toMatchObject({ id: 'bib', title: 'Biblioteket', documents: 6 });
    expect(root!.folders.map((f) => [f.name, f.documents])).toEqual([
      ['Gemensamt', 2],
      ['Hälso- och sjukvård', 4],
    ]);
    const care = root!.folders[1]!;
    expect(care.folders.map((f) => [f.name, f.documents, f.path])).toEqual([
      ['Akut', 1, ['Hälso- och sjukvård', 'Akut']],
      ['Akutmottagning', 3, ['Hälso- och sjukvård', 'Akutmottagning']],
    ]);
  });

  it('lists documents in Swedish alphabetical order, paged', async () => {
    const all = await service.listDocuments({ libraryId: 'bib', folder: [], offset: 0, limit: 100 });
    expect(all.total).toBe(6);
    expect(all.items.map((d) => d.title)).toEqual(['Hjärtstopp – rutin', 'Sepsis – rutin', 'Zebrarutin', 'Åtgärdskort', 'Ärendehantering', 'Öppettider']);
    const page = await service.listDocuments({ libraryId: 'bib', folder: [], offset: 4, limit: 10 });
    expect(page).toMatchObject({ total: 6, offset: 4 });
    expect(page.items.map((d) => d.id)).toEqual(['A-3', 'A-6']);
    expect(all.items[0]).toMatchObject({ documentType: 'Rutin', unit: 'Akutmottagning', version: '7', validTo: '2024-01-01', kind: 'other' });
  });

  it('filters by folder exactly: "Akut" does not include "Akutmottagning"', async () => {
    const akut = await service.listDocuments({ libraryId: 'bib', folder: ['Hälso- och sjukvård', 'Akut'], offset: 0, limit: 100 });
    expect(akut.items.map((d) => d.id)).toEqual(['A-1']);
    const care = await service.listDocuments({ libraryId: 'bib', folder: ['Hälso- och sjukvård'], offset: 0, limit: 100 });
    expect(care.total).toBe(4);
    const none = await service.listDocuments({ libraryId: 'bib', folder: ['Hälso- och sjukvård', 'Aku'], offset: 0, limit: 100 });
    expect(none.total).toBe(0);
  });

  it('searches with filters, facets and match ranges', async () => {
    const r = await service.search({ query: 'rutin', limit: 50 });
    expect(r.results.map((x) => x.id).sort()).toEqual(['A-2', 'A-4', 'A-5']);
    // The filters offer every unit of the library, with its number of documents.
    expect(r.facets.unit).toEqual([
      { value: 'Akut', count: 1 },
      { value: 'Akutmottagning', count: 3 },
      { value: 'Gemensamt', count: 2 },
    ]);
    expect(r.terms).toEqual(['rutin']);
    const filtered = await service.search({ query: 'rutin', unit: 'Gemensamt', limit: 50 });
    expect(filtered.results.map((x) => x.id)).toEqual(['A-5']);
    const typed = await service.search({ query: 'rutin', documentType: 'PM', limit: 50 });
    expect(typed.results).toEqual([]);
    const folded = await service.search({ query: 'hjartstopp', limit: 5 });
    expect(folded.results[0]).toMatchObject({ id: 'A-2', title: 'Hjärtstopp – rutin', version: '7', documentType: 'Rutin' });
    expect(folded.results[0]!.matches).toEqual([[0, 10]]);
  });

  it('serves bytes from the verified store, not from the mirror a person may have edited', async () => {
    const details = await service.getDocument({ libraryId: 'bib', id: 'A-2' });
    expect(details.mirrorFile.startsWith(lib.config.mirrorDir + path.sep)).toBe(true);
    fs.writeFileSync(details.mirrorFile, 'ändrad av någon');
    const bytes = await service.documentContent({ libraryId: 'bib', id: 'A-2' });
    expect(Buffer.from(bytes).toString('utf8')).toBe('hjärtstopp\n');
    expect(sha256(Buffer.from(bytes))).toBe(details.sha256);
  });

  it('refuses to show a damaged stored copy', async () => {
    const details = await service.getDocument({ libraryId: 'bib', id: 'A-4' });
    const blob = new ContentStore(lib.config.dataDir).blobPath(details.sha256);
    const good = fs.readFileSync(blob);
    fs.chmodSync(blob, 0o644);
    fs.writeFileSync(blob, 'trasig');
    try {
      const r = await invokeApi(service, 'documentContent', { libraryId: 'bib', id: 'A-4' });
      expect(r.result).toEqual({ ok: false, error: { code: 'unavailable', message: expect.stringContaining('är skadad') } });
    } finally {
      fs.writeFileSync(blob, good);
    }
  });

  it('answers unknown documents with not-found', async () => {
    const r = await invokeApi(service, 'getDocument', { libraryId: 'bib', id: '../../etc/passwd' });
    expect(r.result).toMatchObject({ ok: false, error: { code: 'not-found' } });
  });

  it('opens files only from inside the mirror, through the host\'s opener', async () => {
    const r = await service.openInSystemApp({ libraryId: 'bib', id: 'A-5' });
    expect(r.opened).toBe(true);
    expect(opened).toEqual([path.join(lib.config.mirrorDir, 'Biblioteket', 'Gemensamt', 'Zebra.txt')]);
    const browserMode = createApiService(lib.config);
    try {
      const b = await browserMode.openInSystemApp({ libraryId: 'bib', id: 'A-5' });
      expect(b).toEqual({ opened: false, path: opened[0] });
      expect((await browserMode.status(undefined)).canOpenFiles).toBe(false);
    } finally {
      browserMode.close();
    }
  });

  it('refuses to open a mirror file that is a link leading out of the mirror', async () => {
    const details = await service.getDocument({ libraryId: 'bib', id: 'A-6' });
    const outside = path.join(lib.work, 'hemlig.txt');
    fs.writeFileSync(outside, 'hemligt');
    fs.rmSync(details.mirrorFile);
    fs.symlinkSync(outside, details.mirrorFile);
    const r = await invokeApi(service, 'openInSystemApp', { libraryId: 'bib', id: 'A-6' });
    expect(r.result).toMatchObject({ ok: false, error: { code: 'unavailable' } });
    expect(opened).not.toContain(details.mirrorFile);
  });

  it('reports status with the shared freshness time and recent runs', async () => {
    const s = await service.status(undefined);
    expect(s.libraries[0]).toMatchObject({ id: 'bib', documents: apiDocs.length, lastResult: 'ok', stale: false });
    expect(s.updatedAt).toBe(s.libraries[0]!.lastSuccessAt);
    expect(s).toMatchObject({ connection: 'online', staleAfterHours: 24, stale: false, language: 'sv', sync: { running: false, progress: null } });
    expect(s.recentRuns[0]).toMatchObject({ libraryId: 'bib', result: 'ok', added: apiDocs.length });
  });

  it('runs "Synka nu" and streams started, progress and finished events; a second start is busy', async () => {
    const events: SyncEvent[] = [];
    const finished = new Promise<void>((resolve) =>
      service.subscribe((e) => {
        events.push(e);
        if (e.type === 'finished' || e.type === 'failed') resolve();
      }),
    );
    expect(await service.syncNow(undefined)).toEqual({ started: true });
    const second = await invokeApi(service, 'syncNow', undefined);
    expect(second.result).toMatchObject({ ok: false, error: { code: 'busy' } });
    await finished;
    expect(events[0]).toMatchObject({ type: 'started', trigger: 'manual' });
    expect(events.some((e) => e.type === 'progress' && e.progress.phase === 'listing')).toBe(true);
    expect(events.at(-1)).toMatchObject({ type: 'finished', exitCode: 0, libraries: [{ id: 'bib', result: 'ok' }] });
    expect((await service.status(undefined)).sync.running).toBe(false);
  });

  it('says clearly that another process is syncing when the data folder is locked', async () => {
    const other = spawn('sleep', ['30'], { stdio: 'ignore' });
    const lock = path.join(lib.config.dataDir, 'sync.lock');
    fs.writeFileSync(lock, JSON.stringify({ pid: other.pid, hostname: os.hostname(), since: new Date().toISOString(), purpose: 'manual' }));
    try {
      const r = await invokeApi(service, 'syncNow', undefined);
      expect(r.result).toMatchObject({ ok: false, error: { code: 'busy', message: expect.stringContaining(`pid ${other.pid}`) } });
      expect((await service.status(undefined)).sync.running).toBe(false);
    } finally {
      fs.rmSync(lock, { force: true });
      other.kill();
    }
  });

  it('refuses approval for a library that is not configured', async () => {
    const r = await invokeApi(service, 'approveDeletions', { libraryId: 'okänd' });
    expect(r.result).toMatchObject({ ok: false, error: { code: 'not-found' } });
    expect(await service.heldDeletions(undefined)).toEqual([]);
  });

  it('lists deletions held back by the safety guard and applies them once approved', async () => {
    // The source comes back empty (a disconnected share): everything is held, nothing removed.
    const empty = path.join(lib.work, 'tom');
    fs.mkdirSync(empty);
    fs.writeFileSync(path.join(empty, 'library.json'), JSON.stringify({ id: 'bib', title: 'Biblioteket' }));
    fs.rmSync(lib.source, { recursive: true });
    await publish({ sourceDir: empty, outDir: lib.source });
    await runSync(lib.config, { trigger: 'manual' });
    const held = await service.heldDeletions(undefined);
    expect(held).toHaveLength(apiDocs.length);
    expect(held[0]).toMatchObject({ libraryId: 'bib', reason: 'empty-source' });
    expect((await service.status(undefined)).libraries[0]!.documents).toBe(apiDocs.length);

    const finished = new Promise<SyncEvent>((resolve) => service.subscribe((e) => (e.type === 'finished' || e.type === 'failed') && resolve(e)));
    expect(await service.approveDeletions({ libraryId: 'bib' })).toEqual({ started: true });
    expect(await finished).toMatchObject({ type: 'finished', libraries: [{ id: 'bib', removed: apiDocs.length }] });
    expect(await service.heldDeletions(undefined)).toEqual([]);
    expect((await service.listDocuments({ folder: [], offset: 0, limit: 10 })).total).toBe(0);
  });
});
