import { describe, expect, it } from 'vitest';
import { Catalog } from '../../sync/catalog/catalog.js';
import { indexPageList } from '../../sync/catalog/indexPageList.js';
import { indexDocumentsJson } from '../../sync/mirror/indexPage.js';
import type { DocumentMetadata } from '../../sync/model.js';
import { tempDir } from '../helpers/tempDir.js';

function doc(id: string, title: string, metadata: DocumentMetadata, version: string | null = '1') {
  return {
    libraryId: 'ls', id, title, path: ['A'], fileName: `${id}.pdf`, version, modifiedAt: null,
    contentType: 'application/pdf', size: 10, sha256: id.padEnd(64, '0'), revision: id,
    sourceRef: `files/${id}`, metadata, mirrorPath: `Ledningssystem/A/${title.slice(0, 20)}.pdf`,
    syncedAt: '2026-11-01T00:00:00.000Z',
  };
}

/** What the page must read for a document: strings as they are, numbers as text, anything else as null. */
function expectedEntry(d: ReturnType<typeof doc>): unknown[] {
  const text = (v: unknown) => (typeof v === 'string' || typeof v === 'number' ? String(v) : null);
  const m = d.metadata;
  return [d.title, d.mirrorPath, text(m.documentType), text(m.unit), d.version, text(m.validFrom), text(m.validTo), text(m.owner)];
}

const hostile = [
  doc('D1', 'Hjärtstopp – rutin för vuxna', { documentType: 'Rutin', unit: 'Akuten', validFrom: '2026-10-01', validTo: null, owner: 'Verksamhetschef' }),
  doc('D2', '</script><script>alert(1)</script>', { documentType: '<!--', owner: 'a & b > c' }),
  doc('D3', 'Radbrytning\u2028och\u2029stycke "citat" \\ snedstreck\ttab\u0001', { unit: 'Ö\u0000', documentType: 'x\ny' }),
  doc('D4', 'Tal och annat 🚑', { documentType: 7, unit: 2.5, validFrom: true, validTo: ['2027'], owner: ['a', 'b'] }, null),
  doc('D5', '', {}),
];

describe('index.html document list built by SQLite', () => {
  it('reads back exactly what the page needs for every document, hostile text included', () => {
    const catalog = Catalog.open(tempDir());
    catalog.ensureLibrary({ id: 'ls', title: 'Ledningssystem', sourceType: 'manifest', sourceKey: 'k' });
    catalog.saveDocuments(hostile);
    const list = indexPageList(catalog.db, 'ls');
    expect(list.count).toBe(hostile.length);
    const byTitle = (a: unknown[], b: unknown[]) => String(a[0]).localeCompare(String(b[0]));
    const entries = (JSON.parse(list.json.toString('utf8')) as unknown[][]).sort(byTitle);
    expect(entries).toEqual(hostile.map(expectedEntry).sort(byTitle));
    catalog.close();
  });

  it('keeps each entry current when a document is written again, and fills rows written before entries were stored', () => {
    const dir = tempDir();
    const catalog = Catalog.open(dir);
    catalog.ensureLibrary({ id: 'ls', title: 'Ledningssystem', sourceType: 'manifest', sourceKey: 'k' });
    catalog.saveDocuments(hostile);
    catalog.saveDocument({ ...hostile[0]!, title: 'Hjärtstopp – ny titel', metadata: { owner: 'Ny ägare' } });
    const titles = () => (JSON.parse(indexPageList(catalog.db, 'ls').json.toString('utf8')) as unknown[][]).map((d) => [d[0], d[7]]);
    expect(titles()).toContainEqual(['Hjärtstopp – ny titel', 'Ny ägare']);
    expect(titles()).not.toContainEqual(['Hjärtstopp – rutin för vuxna', null]);
    // A catalog from before migration 0005: its rows get their entries when it is opened.
    catalog.db.exec('UPDATE documents SET page_entry = NULL');
    const before = indexPageList(catalog.db, 'ls').json.toString('utf8');
    catalog.db.exec('ALTER TABLE documents DROP COLUMN page_entry');
    catalog.db.pragma('user_version = 4');
    catalog.close();
    const reopened = Catalog.open(dir);
    expect(reopened.db.prepare('SELECT count(*) FROM documents WHERE page_entry IS NULL').pluck().get()).toBe(0);
    expect(indexPageList(reopened.db, 'ls').json.toString('utf8')).toBe(before);
    reopened.close();
  });

  it('holds nothing that could end or comment out the script element it sits in', () => {
    const catalog = Catalog.open(tempDir());
    catalog.ensureLibrary({ id: 'ls', title: 'Ledningssystem', sourceType: 'manifest', sourceKey: 'k' });
    catalog.saveDocuments(hostile);
    const page = indexDocumentsJson([{ title: 'Lib </script> & <!--', ...indexPageList(catalog.db, 'ls') }]).json.toString('utf8');
    expect(page).not.toMatch(/[<>&\u2028\u2029]/);
    const parsed = JSON.parse(page) as { title: string; documents: unknown[][] }[];
    expect(parsed[0]!.title).toBe('Lib </script> & <!--');
    expect(parsed[0]!.documents.map((d) => d[0])).toContain('</script><script>alert(1)</script>');
    catalog.close();
  });

  it('lists only the active documents of the library asked for, and an empty library as []', () => {
    const catalog = Catalog.open(tempDir());
    catalog.ensureLibrary({ id: 'ls', title: 'Ledningssystem', sourceType: 'manifest', sourceKey: 'k' });
    catalog.ensureLibrary({ id: 'tom', title: 'Tom', sourceType: 'manifest', sourceKey: 'k2' });
    catalog.saveDocuments(hostile.slice(0, 2));
    catalog.markRemoved('ls', 'D2', '2026-11-02T00:00:00.000Z');
    const list = indexPageList(catalog.db, 'ls');
    expect(list.count).toBe(1);
    expect((JSON.parse(list.json.toString('utf8')) as unknown[][]).map((d) => d[0])).toEqual(['Hjärtstopp – rutin för vuxna']);
    expect(indexPageList(catalog.db, 'tom')).toEqual({ json: Buffer.from('[]'), count: 0 });
    catalog.close();
  });
});
