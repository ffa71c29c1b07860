// Reading what a library shows for planning: rows the listing describes the same way are
// built from the listing, the rest read whole; the result equals Catalog.activeDocuments.
import { describe, expect, it } from 'vitest';
import { Catalog } from '../../sync/catalog/catalog.js';
import { shownDocuments } from '../../sync/catalog/shownDocuments.js';
import type { RemoteDocument } from '../../sync/model.js';
import { tempDir } from '../helpers/tempDir.js';

function record(id: string, extra: Record<string, unknown> = {}) {
  const sha = id.padEnd(64, '0');
  return {
    libraryId: 'ls', id, title: `Rutin ${id}`, path: ['Akut', 'Rutiner'], fileName: `${id}.pdf`, version: '2',
    modifiedAt: '2026-10-01T08:00:00Z', contentType: 'application/pdf', size: 10, sha256: sha, revision: sha,
    sourceRef: `http://h/files/${id}.pdf`, metadata: { documentType: 'Rutin', keywords: ['a', 'b'], validTo: null },
    mirrorPath: `Ledningssystem/Akut/Rutiner/${id}.pdf`, syncedAt: '2026-11-01T00:00:00.000Z', ...extra,
  };
}

function listed(r: ReturnType<typeof record>): RemoteDocument {
  return {
    id: r.id, title: r.title, path: [...r.path], fileName: r.fileName, version: r.version, modifiedAt: r.modifiedAt,
    contentType: r.contentType, size: r.size, sha256: r.sha256, revision: r.revision, ref: r.sourceRef,
    metadata: JSON.parse(JSON.stringify(r.metadata)) as RemoteDocument['metadata'],
  };
}

function catalogWith(records: ReturnType<typeof record>[]): Catalog {
  const c = Catalog.open(tempDir());
  c.ensureLibrary({ id: 'ls', title: 'Ledningssystem', sourceType: 'manifest', sourceKey: 'k' });
  c.saveDocuments(records);
  return c;
}

describe('shownDocuments', () => {
  it('equals activeDocuments whether the listing describes a document the same way, differently, or not at all', () => {
    const records = ['a1', 'b2', 'c3', 'd4'].map((id) => record(id));
    const c = catalogWith(records);
    const listing = [
      listed(records[0]!),
      { ...listed(records[1]!), title: 'Nytt namn' },
      { ...listed(records[2]!), metadata: { documentType: 'Riktlinje' } },
      // d4 is not listed (it is being removed); e5 is new.
      listed(record('e5')),
    ];
    const shown = shownDocuments(c.db, 'ls', listing).sort((a, b) => (a.id < b.id ? -1 : 1));
    expect(shown).toEqual(c.activeDocuments('ls'));
    // The row described the same way shares the listing's arrays: proof it was not read whole.
    expect(shown[0]!.metadata).toBe(listing[0]!.metadata);
    expect(shown[1]!.title).toBe('Rutin b2');
    expect(shown[2]!.metadata).toEqual({ documentType: 'Rutin', keywords: ['a', 'b'], validTo: null });
    c.close();
  });

  it('fills in the description of rows written before descriptions existed', () => {
    const records = ['a1', 'b2'].map((id) => record(id));
    const c = catalogWith(records);
    c.db.prepare('UPDATE documents SET description = NULL').run();
    const listing = records.map(listed);
    expect(shownDocuments(c.db, 'ls', listing).sort((a, b) => (a.id < b.id ? -1 : 1))).toEqual(c.activeDocuments('ls'));
    expect(c.db.prepare('SELECT count(*) FROM documents WHERE description IS NULL').pluck().get()).toBe(0);
    const again = shownDocuments(c.db, 'ls', listing);
    expect(again.find((d) => d.id === 'a1')!.metadata).toBe(listing[0]!.metadata);
    c.close();
  });

  it('replaces digests of an earlier format instead of reading those rows whole on every sync', () => {
    const records = ['a1', 'b2'].map((id) => record(id));
    const c = catalogWith(records);
    // What the first format stored: base64 SHA-1, without a format prefix.
    c.db.prepare("UPDATE documents SET description = 'Yk0xV2ZkQk1HbGpQbmhOd0lCQmFwdXc='").run();
    const listing = records.map(listed);
    expect(shownDocuments(c.db, 'ls', listing).sort((a, b) => (a.id < b.id ? -1 : 1))).toEqual(c.activeDocuments('ls'));
    expect(c.db.prepare("SELECT count(*) FROM documents WHERE description NOT LIKE 'd2:%'").pluck().get()).toBe(0);
    expect(shownDocuments(c.db, 'ls', listing).find((d) => d.id === 'b2')!.metadata).toBe(listing[1]!.metadata);
    c.close();
  });
});
