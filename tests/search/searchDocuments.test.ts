// Searching a real SQLite catalog the way people search under stress: fragments of
// compound words, no dots over å/ä/ö, any case, several words, hostile input.
import { createHash } from 'node:crypto';
import { beforeEach, describe, expect, it } from 'vitest';
import { Catalog } from '../../sync/catalog/catalog.js';
import { openDatabase } from '../../sync/catalog/openDatabase.js';
import { documentTextStatus, storeDocumentText, textStatuses, textStatusKey } from '../../sync/search/documentText.js';
import { searchDocuments, searchFacets } from '../../sync/search/searchDocuments.js';
import type { DocumentMetadata } from '../../sync/model.js';

interface TestDoc {
  id: string;
  title: string;
  body?: string | null;
  metadata?: DocumentMetadata;
  path?: string[];
  libraryId?: string;
}

function sha(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

function save(catalog: Catalog, d: TestDoc): string {
  const libraryId = d.libraryId ?? 'ledningssystem';
  const content = d.body ?? `ingen text ${d.id}`;
  const sha256 = sha(content);
  catalog.saveDocument({
    libraryId, id: d.id, title: d.title, path: d.path ?? ['Hälso- och sjukvård'], fileName: `${d.title}.pdf`, version: '1',
    modifiedAt: null, contentType: 'application/pdf', size: content.length, sha256, revision: sha256, sourceRef: d.id,
    metadata: d.metadata ?? {}, mirrorPath: `Ledningssystem/${d.id}.pdf`, syncedAt: '2026-11-23T02:00:00.000Z',
  });
  if (d.body !== null) storeDocumentText(catalog.db, sha256, { status: 'text', text: content, truncated: false }, 1, '2026-11-23T02:00:00.000Z');
  return sha256;
}

function ids(catalog: Catalog, query: string, opts = {}): string[] {
  return searchDocuments(catalog, query, opts).hits.map((h) => h.id);
}

function indexRows(catalog: Catalog): number {
  return catalog.db.prepare('SELECT count(*) FROM search_fts_docsize').pluck().get() as number;
}

function expectIndexExact(catalog: Catalog): void {
  const active = catalog.db.prepare("SELECT count(*) FROM documents WHERE state = 'active'").pluck().get() as number;
  expect(catalog.db.prepare('SELECT count(*) FROM search_entries').pluck().get()).toBe(active);
  expect(indexRows(catalog)).toBe(active);
  // FTS5 compares every index entry with the content it was built from.
  catalog.db.prepare("INSERT INTO search_fts (search_fts, rank) VALUES ('integrity-check', 1)").run();
}

let catalog: Catalog;

beforeEach(() => {
  catalog = new Catalog(openDatabase(':memory:'));
  catalog.ensureLibrary({ id: 'ledningssystem', title: 'Ledningssystem', sourceType: 'manifest', sourceKey: 'x' });
  catalog.ensureLibrary({ id: 'akut', title: 'Akutens rutiner', sourceType: 'folder', sourceKey: 'y' });
  save(catalog, {
    id: 'DOC-1', title: 'Hjärtstopp – rutin för vuxna',
    body: 'Vid hjärtstopp larmas HLR-teamet. Starta hjärt-lungräddning direkt. Vuxna patienter defibrilleras enligt algoritmen.',
    metadata: { documentType: 'Rutin', unit: 'Akutmottagning', owner: 'Verksamhetschef akutmottagningen' },
  });
  save(catalog, {
    id: 'DOC-2', title: 'Vårdhygien – basala hygienrutiner',
    body: 'Handdesinfektion före och efter patientkontakt. Skyddsförkläde vid nära kontakt.',
    metadata: { documentType: 'Riktlinje', unit: 'Vårdhygien', owner: 'Smittskyddsläkare', keywords: ['handsprit', 'smitta'] },
  });
  save(catalog, {
    id: 'DOC-3', title: 'Överflyttning av patient till IVA',
    body: 'Överrapportering sker enligt SBAR. Överflyttningen dokumenteras i journalen.',
    metadata: { documentType: 'PM', unit: 'Intensivvårdsavdelningen' },
  });
  save(catalog, {
    id: 'DOC-4', title: 'Läkemedelshantering på avdelning',
    body: 'Narkotikaklassade läkemedel förvaras i låst skåp. Narkotika kontrollräknas varje vecka. Narkotikajournalen signeras.',
    metadata: { documentType: 'Rutin', unit: 'Medicinavdelning 3' },
  });
  save(catalog, {
    id: 'DOC-5', title: 'Narkotika – förvaring och kontroll',
    body: 'Gäller alla enheter.',
    metadata: { documentType: 'Riktlinje', unit: 'Apoteksfunktionen' },
  });
  save(catalog, { id: 'DOC-6', title: 'Skannad blankett', body: null, metadata: { documentType: 'Blankett' } });
  save(catalog, { id: 'DOC-7', libraryId: 'akut', title: 'Reservrutin vid IT-avbrott', body: 'Använd pappersjournal när journalsystemet ligger nere.', metadata: { documentType: 'Rutin', unit: 'Akutmottagning' } });
});

describe('Swedish matching', () => {
  it('ignores case and diacritics', () => {
    for (const q of ['hjärtstopp', 'HJÄRTSTOPP', 'hjartstopp', 'HjArTsToPp']) expect(ids(catalog, q), q).toEqual(['DOC-1']);
  });

  it('finds å/ä/ö typed as a/a/o', () => {
    expect(ids(catalog, 'overflyttning')).toEqual(['DOC-3']);
    expect(ids(catalog, 'lakemedel')).toContain('DOC-4');
    expect(ids(catalog, 'vardhygien')).toEqual(['DOC-2']);
  });

  it('matches the beginning of words (prefix)', () => {
    expect(ids(catalog, 'hjärt')).toEqual(['DOC-1']);
    expect(ids(catalog, 'överfl')).toEqual(['DOC-3']);
    expect(ids(catalog, 'defibr')).toEqual(['DOC-1']);
  });

  it('finds a fragment inside a compound word of the title or metadata', () => {
    expect(ids(catalog, 'stopp')).toEqual(['DOC-1']);
    expect(ids(catalog, 'hygien')).toEqual(['DOC-2']);
    expect(ids(catalog, 'flyttning')).toEqual(['DOC-3']);
    // "sprit" only occurs inside the keyword "handsprit".
    expect(ids(catalog, 'sprit')).toEqual(['DOC-2']);
  });

  it('requires every word, whether it is in the title, the metadata or the text', () => {
    expect(ids(catalog, 'stopp vuxna')).toEqual(['DOC-1']);
    expect(ids(catalog, 'stopp defibrilleras')).toEqual(['DOC-1']);
    expect(ids(catalog, 'narkotika rutin')).toEqual(['DOC-4']);
    expect(ids(catalog, 'hjärtstopp narkotika')).toEqual([]);
  });

  it('ranks a match in the title above matches in the text', () => {
    const hits = ids(catalog, 'narkotika');
    expect(hits).toEqual(['DOC-5', 'DOC-4']);
  });

  it('lets terms under three characters match only word starts in title and metadata', () => {
    expect(ids(catalog, 'pm')).toEqual(['DOC-3']);
    expect(ids(catalog, 'iv')).toEqual(['DOC-3']);
    // "o" starts no title or metadata word of these documents; in the text it would match everything.
    expect(ids(catalog, 'q')).toEqual([]);
  });
});

describe('hits', () => {
  it('carry a snippet from the text with the match marked and as ranges', () => {
    const [hit] = searchDocuments(catalog, 'pappersjournal').hits;
    expect(hit).toMatchObject({ libraryId: 'akut', id: 'DOC-7', documentType: 'Rutin', unit: 'Akutmottagning', version: '1' });
    expect(hit!.matchedIn).toEqual({ title: false, metadata: false, text: true });
    expect(hit!.markedSnippet).toContain('«pappersjournal»');
    const { text, matches } = hit!.snippet;
    expect(matches.map((m) => text.slice(m.start, m.end))).toEqual(['pappersjournal']);
    expect(text).not.toMatch(/[\u0000-\u001f«»]/);
  });

  it('fall back to the marked title when only the title matches', () => {
    const [hit] = searchDocuments(catalog, 'stopp').hits;
    expect(hit!.markedSnippet).toBe('«Hjärtstopp» – rutin för vuxna');
    expect(hit!.titleMatches).toEqual([{ start: 0, end: 10 }]);
  });

  it('show the metadata when only the metadata matches', () => {
    const [hit] = searchDocuments(catalog, 'smittskydd').hits;
    expect(hit!.id).toBe('DOC-2');
    expect(hit!.matchedIn.metadata).toBe(true);
    expect(hit!.markedSnippet).toContain('«Smittskyddsläkare»');
  });

  it('are filtered by library, document type and unit, and facets list what there is', () => {
    expect(ids(catalog, 'rutin', { documentType: 'Rutin' }).sort()).toEqual(['DOC-1', 'DOC-4', 'DOC-7']);
    expect(ids(catalog, 'rutin', { libraryId: 'akut' })).toEqual(['DOC-7']);
    expect(ids(catalog, 'rutin', { unit: 'Akutmottagning' }).sort()).toEqual(['DOC-1', 'DOC-7']);
    const facets = searchFacets(catalog);
    expect(facets.documentTypes).toEqual([
      { value: 'Blankett', count: 1 },
      { value: 'PM', count: 1 },
      { value: 'Riktlinje', count: 2 },
      { value: 'Rutin', count: 3 },
    ]);
    expect(facets.units.find((u) => u.value === 'Akutmottagning')).toEqual({ value: 'Akutmottagning', count: 2 });
    expect(searchFacets(catalog, { libraryId: 'akut' }).documentTypes).toEqual([{ value: 'Rutin', count: 1 }]);
  });

  it('respect the limit and offset', () => {
    const all = ids(catalog, 'rutin');
    expect(all.length).toBeGreaterThan(2);
    expect(ids(catalog, 'rutin', { limit: 2 })).toEqual(all.slice(0, 2));
    expect(ids(catalog, 'rutin', { limit: 2, offset: 2 })).toEqual(all.slice(2, 4));
  });
});

describe('hostile input', () => {
  const inputs = [
    '"', '""', '"hjärt', '*', '**', 'hjärt*', '-', '-narkotika', 'NOT', 'AND', 'OR', 'hjärt AND', 'AND OR NOT', 'NEAR(', 'NEAR(a b',
    'NEAR("x" AND', '(', ')', '())', '{', '}', '{title}: x', 'title:hjärt', 'body:x', ':', '^', '^hjärt', '+', '.', "'", "'; DROP TABLE documents; --",
    '\u0000', '\u0002\u0003', '\\', '%', '_', 'a'.repeat(10_000), 'ö'.repeat(300), '🙂 hjärt', '𝓗𝓳ä𝓻𝓽', 'ǅ', '\u202e', ' '.repeat(50),
  ];
  it('never throws and never reads input as query syntax', () => {
    for (const q of inputs) {
      expect(() => searchDocuments(catalog, q), JSON.stringify(q.slice(0, 40))).not.toThrow();
    }
    expect(ids(catalog, 'NEAR(hjärtstopp')).toEqual([]);
    expect(ids(catalog, '"hjärtstopp"')).toEqual(['DOC-1']);
    expect(ids(catalog, 'hjärtstopp*')).toEqual(['DOC-1']);
    expect(ids(catalog, '-narkotika').sort()).toEqual(['DOC-4', 'DOC-5']);
    expect(catalog.db.prepare('SELECT count(*) FROM documents').pluck().get()).toBe(7);
  });
});

describe('the index follows the documents', () => {
  it('holds exactly the active documents through adds, updates and removals', () => {
    expectIndexExact(catalog);
    save(catalog, { id: 'DOC-1', title: 'Hjärtstopp – rutin för barn', body: 'Barn defibrilleras med pediatriska elektroder.' });
    expect(ids(catalog, 'vuxna')).toEqual([]);
    expect(ids(catalog, 'pediatriska')).toEqual(['DOC-1']);
    expect(ids(catalog, 'algoritmen')).toEqual([]);
    catalog.markRemoved('ledningssystem', 'DOC-5', '2026-11-24T02:00:00.000Z');
    expect(ids(catalog, 'narkotika')).toEqual(['DOC-4']);
    expect(ids(catalog, 'förvaring')).not.toContain('DOC-5');
    expectIndexExact(catalog);
    for (let i = 0; i < 30; i++) save(catalog, { id: `X-${i}`, title: `Dokument ${i}`, body: `text nummer ${i} om stroke` });
    for (let i = 0; i < 30; i += 2) catalog.markRemoved('ledningssystem', `X-${i}`, '2026-11-24T02:00:00.000Z');
    expect(ids(catalog, 'stroke', { limit: 100 })).toHaveLength(15);
    expectIndexExact(catalog);
  });

  it('keeps the extracted text when only the title or metadata changes', () => {
    const before = catalog.db.prepare('SELECT count(*) FROM document_text').pluck().get();
    save(catalog, { id: 'DOC-4', title: 'Läkemedel – hantering', body: null, metadata: { documentType: 'Riktlinje' } });
    // Same body, no new extraction: the text is still searchable, under the new title.
    const sameBody = 'Narkotikaklassade läkemedel förvaras i låst skåp. Narkotika kontrollräknas varje vecka. Narkotikajournalen signeras.';
    catalog.saveDocument({ ...catalog.getDocument('ledningssystem', 'DOC-4')!, sha256: sha(sameBody), revision: sha(sameBody) });
    expect(catalog.db.prepare('SELECT count(*) FROM document_text').pluck().get()).toBe(before);
    const [hit] = searchDocuments(catalog, 'kontrollräknas').hits;
    expect(hit).toMatchObject({ id: 'DOC-4', title: 'Läkemedel – hantering', documentType: 'Riktlinje' });
    expectIndexExact(catalog);
  });

  it('reports which documents are searchable by their text, and why not', () => {
    expect(documentTextStatus(catalog.db, 'ledningssystem', 'DOC-1')).toEqual({ state: 'text', searchable: true, reason: null, truncated: false });
    expect(documentTextStatus(catalog.db, 'ledningssystem', 'DOC-6')).toMatchObject({ state: 'pending', searchable: false });
    const shaOf6 = catalog.getDocument('ledningssystem', 'DOC-6')!.sha256;
    storeDocumentText(catalog.db, shaOf6, { status: 'none', reason: 'PDF:en innehåller ingen text, troligen inskannade bilder' }, 1, '2026-11-23T02:00:00.000Z');
    expect(documentTextStatus(catalog.db, 'ledningssystem', 'DOC-6')).toEqual({
      state: 'none', searchable: false, reason: 'PDF:en innehåller ingen text, troligen inskannade bilder', truncated: false,
    });
    // Still found by its title.
    expect(ids(catalog, 'blankett')).toEqual(['DOC-6']);
    const all = textStatuses(catalog.db);
    expect(all.size).toBe(7);
    expect(all.get(textStatusKey('akut', 'DOC-7'))?.searchable).toBe(true);
    expectIndexExact(catalog);
  });

  it('drops the cached text when its blob leaves the store', () => {
    const gone = save(catalog, { id: 'OLD', title: 'Gammal', body: 'unikordet finns här' });
    catalog.markRemoved('ledningssystem', 'OLD', '2026-11-24T02:00:00.000Z');
    catalog.forgetBlob(gone);
    expect(catalog.db.prepare('SELECT count(*) FROM document_text WHERE sha256 = ?').pluck().get(gone)).toBe(0);
    expectIndexExact(catalog);
  });
});
