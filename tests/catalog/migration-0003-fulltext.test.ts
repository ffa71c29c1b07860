// Migration 0003 (full-text search) on :memory:, from an empty catalog and from a catalog
// that already holds documents, and the query plans of the hot search queries.
import { describe, expect, it } from 'vitest';
import { migrate, openDatabase, type Db } from '../../sync/catalog/openDatabase.js';
import { migrations } from '../../sync/catalog/migrations/index.js';
import { Catalog } from '../../sync/catalog/catalog.js';
import { ENTRIES_BY_BODY_SQL, ENTRY_BY_DOCUMENT_SQL } from '../../sync/search/searchIndex.js';
import { AWAITING_TEXT_SQL } from '../../sync/search/documentText.js';
import { META_BROAD_SQL, META_SEARCH_SQL, TEXT_SEARCH_SQL, searchDocuments } from '../../sync/search/searchDocuments.js';

const upTo = (version: number) => migrations.filter((m) => m.version <= version);

function tables(db: Db): string[] {
  return (db.prepare("SELECT name FROM sqlite_schema WHERE type IN ('table', 'view') ORDER BY name").pluck().all() as string[]).filter(
    (n) => !n.startsWith('sqlite_'),
  );
}

function plan(db: Db, sql: string, params: unknown[] | Record<string, unknown>): string[] {
  const stmt = db.prepare(`EXPLAIN QUERY PLAN ${sql}`);
  return (Array.isArray(params) ? stmt.all(...params) : stmt.all(params)).map((r) => (r as { detail: string }).detail);
}

describe('migration 0003-fulltext', () => {
  it('creates the text cache, the entries, both FTS5 indexes and the view, at user_version 3', () => {
    const db = openDatabase(':memory:', upTo(3));
    expect(db.pragma('user_version', { simple: true })).toBe(3);
    expect(tables(db)).toEqual(expect.arrayContaining(['document_text', 'search_entries', 'search_source', 'search_meta', 'search_fts', 'search_state']));
    expect(db.prepare("SELECT value FROM search_state WHERE key = 'entry_format'").pluck().get()).toBe('0');
    // The ranking weights are stored with the index.
    expect(db.prepare("SELECT v FROM search_fts_config WHERE k = 'rank'").pluck().get()).toBe('bm25(10.0, 4.0, 3.0, 1.0)');
    db.close();
  });

  it('indexes the documents of a catalog written before full-text search when it is opened', () => {
    const db = openDatabase(':memory:', upTo(2));
    db.exec(`
      INSERT INTO libraries (id, title, source_type, source_key) VALUES ('lib', 'Bibliotek', 'folder', 'k');
      INSERT INTO documents (library_id, id, title, path_json, file_name, size, sha256, revision, source_ref,
        metadata_json, mirror_path, state, synced_at) VALUES
        ('lib', 'A', 'Hjärtstopp – rutin', '["Akut"]', 'a.pdf', 1, '${'a'.repeat(64)}', 'r', 'a', '{"documentType":"Rutin"}', 'Bibliotek/a.pdf', 'active', 't'),
        ('lib', 'B', 'Borttagen rutin', '[]', 'b.pdf', 1, '${'b'.repeat(64)}', 'r', 'b', '{}', 'Bibliotek/b.pdf', 'removed', 't');
    `);
    migrate(db, upTo(3));
    expect(db.prepare('SELECT count(*) FROM search_entries').pluck().get()).toBe(0);
    const catalog = new Catalog(db);
    expect(db.prepare('SELECT document_id FROM search_entries').pluck().all()).toEqual(['A']);
    expect(searchDocuments(catalog, 'stopp').hits.map((h) => h.id)).toEqual(['A']);
    expect(searchDocuments(catalog, 'borttagen').hits).toEqual([]);
    db.prepare("INSERT INTO search_fts (search_fts, rank) VALUES ('integrity-check', 1)").run();
    db.prepare("INSERT INTO search_meta (search_meta, rank) VALUES ('integrity-check', 1)").run();
    // Once built, opening again does not rebuild.
    db.prepare("UPDATE search_entries SET unit = 'markerad'").run();
    new Catalog(db);
    expect(db.prepare('SELECT unit FROM search_entries').pluck().get()).toBe('markerad');
    catalog.close();
  });

  it('is refused by a program that only knows migration 2', () => {
    const db = openDatabase(':memory:', upTo(3));
    expect(() => migrate(db, upTo(2))).toThrow(/nyare version/);
    db.close();
  });
});

describe('query plans of the hot search queries', () => {
  const db = openDatabase(':memory:');
  const meta = { expression: '"x"*', libraryId: null, documentType: null, unit: null, limit: 20 };
  const text = { ...meta, exclude: '[]' };

  it('search both indexes in rank order, without sorting, and join by primary keys', () => {
    for (const [sql, index, params] of [
      [META_SEARCH_SQL, 'search_meta', meta],
      [TEXT_SEARCH_SQL, 'search_fts', text],
    ] as const) {
      // The excluded rows (json_each) are a small list subquery, not part of the join.
      const steps = plan(db, sql, params).filter((s) => !s.includes('json_each') && !s.includes('LIST SUBQUERY'));
      // FTS5 takes the MATCH and the ORDER BY rank itself (idxNum bit 32): no temp B-tree.
      expect(steps[0], sql).toMatch(new RegExp(`^SCAN ${index} VIRTUAL TABLE INDEX 3\\d:M`));
      expect(steps).toContain('SEARCH e USING INTEGER PRIMARY KEY (rowid=?)');
      expect(steps).toContain('SEARCH d USING INDEX sqlite_autoindex_documents_1 (library_id=? AND id=?)');
      expect(steps.join('\n')).not.toMatch(/TEMP B-TREE|SCAN e\b|SCAN d\b/);
    }
    expect(plan(db, META_BROAD_SQL, meta).join('\n')).not.toMatch(/TEMP B-TREE/);
  });

  it('find entries and texts by index when documents are written', () => {
    expect(plan(db, ENTRY_BY_DOCUMENT_SQL, ['lib', 'A'])).toEqual([
      'SEARCH search_entries USING INDEX sqlite_autoindex_search_entries_1 (library_id=? AND document_id=?)',
    ]);
    expect(plan(db, ENTRIES_BY_BODY_SQL, ['x'])).toEqual(['SEARCH search_entries USING COVERING INDEX search_entries_by_sha256 (sha256=?)']);
    expect(plan(db, AWAITING_TEXT_SQL, ['lib', 1])).toEqual([
      'SEARCH d USING INDEX documents_by_state (library_id=? AND state=?)',
      'SEARCH t USING INDEX sqlite_autoindex_document_text_1 (sha256=?) LEFT-JOIN',
    ]);
  });
});
