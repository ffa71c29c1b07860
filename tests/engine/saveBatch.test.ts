// Batched catalog writes: documents reach the catalog in one transaction per batch, a
// batch is written when full, and a batch that cannot be written fails each document.
import { describe, expect, it } from 'vitest';
import { Catalog } from '../../sync/catalog/catalog.js';
import { SaveBatch, type DocumentSave } from '../../sync/engine/saveBatch.js';
import { tempDir } from '../helpers/tempDir.js';

function record(id: string): DocumentSave {
  return {
    libraryId: 'lib',
    id,
    title: `Rutin ${id}`,
    path: ['Hälso- och sjukvård', 'Akutmottagningen'],
    fileName: `Rutin ${id}.pdf`,
    version: '1',
    modifiedAt: null,
    contentType: 'application/pdf',
    size: 10,
    sha256: id.padEnd(64, '0'),
    revision: id.padEnd(64, '0'),
    sourceRef: `files/${id}.pdf`,
    metadata: { documentType: 'Rutin' },
    mirrorPath: `Lib/Hälso- och sjukvård/Akutmottagningen/Rutin ${id}.pdf`,
    syncedAt: '2026-01-01T00:00:00.000Z',
  };
}

function openCatalog(): Catalog {
  const catalog = Catalog.open(tempDir());
  catalog.ensureLibrary({ id: 'lib', title: 'Lib', sourceType: 'manifest', sourceKey: 'k' });
  return catalog;
}

describe('SaveBatch', () => {
  it('writes a batch when it is full and the rest on flush, clearing old failures', () => {
    const catalog = openCatalog();
    catalog.recordFailure('lib', 'a1', 'Rutin a1', 'nätverksfel', null, '2026-01-01T00:00:00.000Z');
    const saved: string[] = [];
    const batch = new SaveBatch<string>(catalog, { saved: (id) => saved.push(id), failed: () => expect.unreachable(), maxDocuments: 2 });
    batch.add(record('a1'), 'a1');
    expect(catalog.countActive('lib')).toBe(0);
    batch.add(record('a2'), 'a2');
    batch.add(record('a3'), 'a3');
    expect(catalog.countActive('lib')).toBe(2);
    expect(saved).toEqual(['a1', 'a2']);
    expect(catalog.failures('lib')).toEqual([]);
    batch.flush();
    expect(catalog.activeDocuments('lib').map((d) => d.id)).toEqual(['a1', 'a2', 'a3']);
    expect(saved).toEqual(['a1', 'a2', 'a3']);
    catalog.close();
  });

  it('writes a batch once its oldest document has waited long enough', () => {
    const catalog = openCatalog();
    let clock = 0;
    const batch = new SaveBatch<string>(catalog, { saved: () => undefined, failed: () => expect.unreachable(), maxAgeMs: 1000, now: () => clock });
    batch.add(record('b1'), 'b1');
    clock = 999;
    batch.add(record('b2'), 'b2');
    expect(catalog.countActive('lib')).toBe(0);
    clock = 1000;
    batch.add(record('b3'), 'b3');
    expect(catalog.countActive('lib')).toBe(3);
    catalog.close();
  });

  it('fails every document of a batch that cannot be written and records none of them', () => {
    const catalog = openCatalog();
    const failed: string[] = [];
    const batch = new SaveBatch<string>(catalog, { saved: () => expect.unreachable(), failed: (id) => failed.push(id), maxDocuments: 10 });
    batch.add(record('c1'), 'c1');
    // The second row breaks a constraint (no such library): the whole transaction rolls back.
    batch.add({ ...record('c2'), libraryId: 'saknas' }, 'c2');
    batch.flush();
    expect(failed).toEqual(['c1', 'c2']);
    expect(catalog.countActive('lib')).toBe(0);
    catalog.close();
  });
});
