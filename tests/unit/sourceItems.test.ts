// Migration 0002 and the item store on it: the tree and its marker are saved together,
// a full listing replaces the tree, and the in-memory store (dry runs) never writes.
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { Catalog } from '../../sync/catalog/catalog.js';
import { openDatabase } from '../../sync/catalog/openDatabase.js';
import { migrations } from '../../sync/catalog/migrations/index.js';
import { catalogItemStore, memoryItemStore } from '../../sync/catalog/sourceItems.js';
import type { StoredItem } from '../../sync/sources/types.js';
import { ContentStore, ContentMismatchError } from '../../sync/store/contentStore.js';
import { QuickXorHash } from '../../sync/store/hashes.js';
import { tempDir } from '../helpers/tempDir.js';

const item = (id: string, parentId: string | null, name: string): StoredItem => ({ id, parentId, name, kind: parentId ? 'file' : 'root', data: '{}' });

describe('source_items (migration 0002)', () => {
  it('creates the table with its primary key', () => {
    const db = openDatabase(':memory:');
    expect(db.pragma('user_version', { simple: true })).toBe(migrations.at(-1)!.version);
    expect(db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name = 'source_items'").get()).toEqual({ n: 1 });
    const plan = db.prepare("EXPLAIN QUERY PLAN SELECT * FROM source_items WHERE library_id = 'a'").all() as { detail: string }[];
    expect(plan.map((p) => p.detail).join(' ')).toMatch(/USING (INDEX|PRIMARY KEY)/);
    db.close();
  });

  it('saves items with their marker, replaces them on a full listing, and scopes them by library', () => {
    const catalog = new Catalog(openDatabase(':memory:'));
    for (const id of ['a', 'b']) catalog.ensureLibrary({ id, title: id, sourceType: 'sharepoint', sourceKey: id });
    const store = catalogItemStore(catalog, 'a');
    expect(store.marker()).toBeNull();
    store.save({ upserts: [item('R', null, 'root'), item('f1', 'R', 'Ett.pdf'), item('f2', 'R', 'Två.pdf')], deletes: [], replaceAll: true }, 'link-1');
    catalogItemStore(catalog, 'b').save({ upserts: [item('X', null, 'root')], deletes: [], replaceAll: true }, 'other');
    store.save({ upserts: [item('f1', 'R', 'Ett (ny).pdf')], deletes: ['f2'], replaceAll: false }, 'link-2');
    const loaded = store.load();
    expect(loaded.marker).toBe('link-2');
    expect([...loaded.items.values()].map((i) => `${i.id}:${i.name}`).sort()).toEqual(['R:root', 'f1:Ett (ny).pdf']);
    store.save({ upserts: [item('R', null, 'root')], deletes: [], replaceAll: true }, 'link-3');
    expect([...store.load().items.keys()]).toEqual(['R']);
    expect([...catalogItemStore(catalog, 'b').load().items.keys()]).toEqual(['X']);
    catalog.close();
  });

  it('the memory store starts from the catalog and writes nothing back', () => {
    const catalog = new Catalog(openDatabase(':memory:'));
    catalog.ensureLibrary({ id: 'a', title: 'a', sourceType: 'sharepoint', sourceKey: 'a' });
    const real = catalogItemStore(catalog, 'a');
    real.save({ upserts: [item('R', null, 'root')], deletes: [], replaceAll: true }, 'link-1');
    const dry = memoryItemStore(real);
    expect(dry.marker()).toBe('link-1');
    dry.save({ upserts: [item('f1', 'R', 'Ny.pdf')], deletes: ['R'], replaceAll: false }, 'link-2');
    expect(dry.marker()).toBe('link-2');
    expect([...dry.load().items.keys()]).toEqual(['f1']);
    expect(real.marker()).toBe('link-1');
    expect([...real.load().items.keys()]).toEqual(['R']);
    catalog.close();
  });
});

describe('lenient source hashes (SharePoint Office files)', () => {
  const qxh = (text: string) => {
    const h = new QuickXorHash();
    h.update(Buffer.from(text));
    return h.digest();
  };
  const body = (text: string) => async () => ({ body: Readable.from([Buffer.from(text)]), offset: 0 });

  it('accepts a body larger than declared, with a warning, only when lenient', async () => {
    const store = new ContentStore(tempDir());
    const declared = { size: 5, other: { algorithm: 'quickXorHash', value: qxh('hello'), lenient: true } };
    const result = await store.ingest('k1', body('hello, with promoted properties'), declared);
    expect(result.warning).toMatch(/Storleken skiljer sig.*quickXorHash stämmer inte/);
    await expect(store.ingest('k2', body('hello, with promoted properties'), { ...declared, other: { ...declared.other, lenient: false } })).rejects.toBeInstanceOf(ContentMismatchError);
    await expect(store.ingest('k3', body('hellO'), { size: 5, other: { algorithm: 'quickXorHash', value: qxh('hello') } })).rejects.toThrow(/quickXorHash/);
    expect((await store.ingest('k4', body('hello'), { size: 5, other: { algorithm: 'quickXorHash', value: qxh('hello') } })).warning).toBeUndefined();
  });
});
