// Migration 0004 (content version) on :memory:: the counter moves with every write to a
// library's documents and with nothing else, and the text-complete marker follows it.
import { describe, expect, it } from 'vitest';
import { migrate, openDatabase } from '../../sync/catalog/openDatabase.js';
import { migrations } from '../../sync/catalog/migrations/index.js';
import { Catalog } from '../../sync/catalog/catalog.js';
import { markTextComplete, textKnownComplete } from '../../sync/search/documentText.js';

const upTo = (version: number) => migrations.filter((m) => m.version <= version);

function insert(catalog: Catalog, library: string, id: string): void {
  catalog.db
    .prepare(
      `INSERT INTO documents (library_id, id, title, path_json, file_name, size, sha256, revision, source_ref, metadata_json, mirror_path, synced_at)
       VALUES (?, ?, 'T', '[]', 'a.pdf', 1, ?, 'r', 'ref', '{}', ?, 't')`,
    )
    .run(library, id, 'a'.repeat(64), `L/${id}.pdf`);
}

describe('migration 0004-content-version', () => {
  it('adds the counter to a catalog that holds libraries, at user_version 4', () => {
    const db = openDatabase(':memory:', upTo(3));
    db.exec("INSERT INTO libraries (id, title, source_type, source_key) VALUES ('a', 'A', 'folder', 'k')");
    migrate(db, upTo(4));
    expect(db.pragma('user_version', { simple: true })).toBe(4);
    expect(new Catalog(db).contentVersion('a')).toBe(0);
    db.close();
  });

  it('moves on insert, update and delete of a library’s documents, and only that library’s', () => {
    const catalog = new Catalog(openDatabase(':memory:', upTo(4)));
    for (const id of ['a', 'b']) catalog.ensureLibrary({ id, title: id, sourceType: 'folder', sourceKey: id });
    insert(catalog, 'a', '1');
    insert(catalog, 'a', '2');
    expect(catalog.contentVersion('a')).toBe(2);
    expect(catalog.contentVersion('b')).toBe(0);
    catalog.markRemoved('a', '1', '2026-01-01T00:00:00Z');
    expect(catalog.contentVersion('a')).toBe(3);
    catalog.db.prepare("DELETE FROM documents WHERE id = '2'").run();
    expect(catalog.contentVersion('a')).toBe(4);
    // Runs, cursors and failures are not document writes.
    const run = catalog.startRun('a', 'test', '2026-01-01T00:00:00Z');
    catalog.setCursor('a', 'c');
    catalog.finishRun(run, 'a', 'ok', { added: 0, updated: 0, metadataUpdated: 0, removed: 0, failed: 0, held: 0, bytesDownloaded: 0 }, null, '2026-01-01T00:00:01Z');
    expect(catalog.contentVersion('a')).toBe(4);
    expect(catalog.contentVersion('nonexistent')).toBe(0);
    catalog.close();
  });

  it('keeps the text-complete marker only until a document is written or the extractor changes', () => {
    const catalog = new Catalog(openDatabase(':memory:', upTo(4)));
    catalog.ensureLibrary({ id: 'a', title: 'A', sourceType: 'folder', sourceKey: 'k' });
    insert(catalog, 'a', '1');
    expect(textKnownComplete(catalog.db, 'a', 1)).toBe(false);
    markTextComplete(catalog.db, 'a', 1);
    expect(textKnownComplete(catalog.db, 'a', 1)).toBe(true);
    expect(textKnownComplete(catalog.db, 'a', 2)).toBe(false);
    insert(catalog, 'a', '2');
    expect(textKnownComplete(catalog.db, 'a', 1)).toBe(false);
    catalog.close();
  });
});
