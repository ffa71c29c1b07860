// When a sync may skip looking for bodies still without text: the catalog remembers that
// every document of a library had current text, until a document is written or a body
// could not be read; a sync that changed documents then waits only for the ones it asked.
import fs from 'node:fs';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { Catalog } from '../../sync/catalog/catalog.js';
import { ContentStore } from '../../sync/store/contentStore.js';
import { EXTRACTOR_VERSION, TextIndexer } from '../../sync/extract/textIndexer.js';
import { textKnownComplete } from '../../sync/search/documentText.js';
import { searchDocuments } from '../../sync/search/searchDocuments.js';
import { tempDir } from '../helpers/tempDir.js';

const open: { close(): unknown }[] = [];
afterEach(async () => {
  for (const o of open.splice(0).reverse()) await o.close();
});

function setup() {
  const dir = tempDir('lita-text-');
  const catalog = Catalog.open(dir);
  const store = new ContentStore(dir);
  catalog.ensureLibrary({ id: 'ls', title: 'Ledningssystem', sourceType: 'folder', sourceKey: 'k' });
  const indexer = new TextIndexer(catalog, store, { poolSize: 1 });
  open.push(catalog, indexer);
  /** Stores a body and records its document, as the engine does (without asking for its text). */
  const save = (id: string, text: string | null) => {
    const body = Buffer.from(text ?? `missing ${id}`);
    const sha256 = createHash('sha256').update(body).digest('hex');
    if (text !== null) {
      fs.mkdirSync(path.dirname(store.blobPath(sha256)), { recursive: true });
      fs.writeFileSync(store.blobPath(sha256), body);
    }
    const record = {
      libraryId: 'ls', id, title: id, path: [], fileName: `${id}.txt`, version: null, modifiedAt: null, contentType: 'text/plain',
      size: body.length, sha256, revision: sha256, sourceRef: id, metadata: {}, mirrorPath: `Ledningssystem/${id}.txt`,
      syncedAt: '2026-11-01T00:00:00Z',
    };
    catalog.saveDocument(record);
    return record;
  };
  const found = (word: string) => searchDocuments(catalog, word).hits.map((h) => h.id);
  return { catalog, indexer, save, found };
}

describe('text indexer', () => {
  it('marks a library complete when every body was read, and looks again once a document is written', async () => {
    const { catalog, indexer, save, found } = setup();
    save('a', 'handsprit före patientkontakt');
    save('b', 'syrgas vid andningssvikt');
    await indexer.catchUp('ls');
    expect(found('handsprit')).toEqual(['a']);
    expect(textKnownComplete(catalog.db, 'ls', EXTRACTOR_VERSION)).toBe(true);
    save('c', 'narkotikaklassade läkemedel');
    expect(textKnownComplete(catalog.db, 'ls', EXTRACTOR_VERSION)).toBe(false);
    await indexer.catchUp('ls');
    expect(found('narkotikaklassade')).toEqual(['c']);
    expect(textKnownComplete(catalog.db, 'ls', EXTRACTOR_VERSION)).toBe(true);
  });

  it('after a sync that began complete, waits for the bodies it asked for and marks the library complete again', async () => {
    const { catalog, indexer, save, found } = setup();
    save('a', 'handsprit före patientkontakt');
    await indexer.catchUp('ls');
    const prepared = { textWasComplete: indexer.prepare('ls') };
    expect(prepared.textWasComplete).toBe(true);
    indexer.request(save('b', 'trycksår hos sängliggande'));
    await indexer.catchUp('ls', { prepared });
    expect(found('trycksår')).toEqual(['b']);
    expect(textKnownComplete(catalog.db, 'ls', EXTRACTOR_VERSION)).toBe(true);
  });

  it('does not mark a library complete when a body could not be read, so the next sync tries it again', async () => {
    const { catalog, indexer, save, found } = setup();
    save('a', 'handsprit före patientkontakt');
    const prepared = { textWasComplete: indexer.prepare('ls') };
    expect(prepared.textWasComplete).toBe(false);
    const gone = save('b', null); // its body is not in the store
    indexer.request(gone);
    await indexer.catchUp('ls', { prepared });
    expect(found('handsprit')).toEqual(['a']);
    expect(textKnownComplete(catalog.db, 'ls', EXTRACTOR_VERSION)).toBe(false);
    // The body arrives; an unchanged sync looks again and finds it.
    const body = Buffer.from(`missing b`);
    fs.mkdirSync(path.dirname(new ContentStore(path.dirname(catalog.db.name)).blobPath(gone.sha256)), { recursive: true });
    fs.writeFileSync(new ContentStore(path.dirname(catalog.db.name)).blobPath(gone.sha256), body);
    await indexer.catchUp('ls');
    expect(found('missing')).toEqual(['b']);
    expect(textKnownComplete(catalog.db, 'ls', EXTRACTOR_VERSION)).toBe(true);
  });
});
