// The library browser's read side: the folder tree with counts, and document lists in
// Swedish alphabetical order, paged so the UI can virtualise 50 000 rows. Sorting with
// Intl.Collator happens once per folder and is cached until the catalog changes
// (PRAGMA data_version moves whenever another connection, such as a sync, commits).
import type { Catalog } from '../catalog/catalog.js';
import { toDocument } from '../catalog/catalog.js';
import type { DocumentPage, FolderNode, LibraryNode } from './contract.js';
import { toSummary } from './documentViews.js';

interface Key {
  libraryId: string;
  id: string;
}

interface ListQuery {
  libraryId?: string | undefined;
  folder: string[];
  offset: number;
  limit: number;
}

const MAX_CACHED_LISTS = 8;
const collator = new Intl.Collator('sv', { sensitivity: 'base', numeric: true });

export class LibraryBrowser {
  private version = -1;
  private tree: LibraryNode[] | null = null;
  private readonly lists = new Map<string, Key[]>();

  constructor(
    private readonly catalog: Catalog,
    private readonly libraries: readonly { id: string; title: string }[],
  ) {}

  libraryTree(): LibraryNode[] {
    this.dropCacheIfChanged();
    this.tree ??= this.buildTree();
    return this.tree;
  }

  listDocuments(q: ListQuery): DocumentPage {
    this.dropCacheIfChanged();
    const keys = this.sortedKeys(q.libraryId, q.folder);
    const slice = keys.slice(q.offset, q.offset + q.limit);
    const byKey = this.catalog.db.prepare('SELECT * FROM documents WHERE library_id = ? AND id = ?');
    const items = slice.flatMap((k) => {
      const row = byKey.get(k.libraryId, k.id) as Record<string, unknown> | undefined;
      return row ? [toSummary(toDocument(row))] : [];
    });
    return { total: keys.length, offset: q.offset, items };
  }

  private dropCacheIfChanged(): void {
    const v = this.catalog.db.pragma('data_version', { simple: true }) as number;
    if (v === this.version) return;
    this.version = v;
    this.tree = null;
    this.lists.clear();
  }

  private sortedKeys(libraryId: string | undefined, folder: string[]): Key[] {
    const cacheKey = JSON.stringify([libraryId ?? null, folder]);
    const cached = this.lists.get(cacheKey);
    if (cached) return cached;
    const where = ["state = 'active'"];
    const params: unknown[] = [];
    if (libraryId) {
      where.push('library_id = ?');
      params.push(libraryId);
    }
    if (folder.length > 0) {
      // A folder holds the documents whose path is it or starts with it. instr() = 1 is an
      // exact prefix test, with none of LIKE's wildcards or case folding.
      const exact = JSON.stringify(folder);
      where.push('(path_json = ? OR instr(path_json, ?) = 1)');
      params.push(exact, `${exact.slice(0, -1)},`);
    }
    const rows = this.catalog.db
      .prepare(`SELECT library_id AS libraryId, id, title FROM documents WHERE ${where.join(' AND ')}`)
      .all(...params) as (Key & { title: string })[];
    rows.sort((a, b) => collator.compare(a.title, b.title) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    const keys = rows.map(({ libraryId: l, id }) => ({ libraryId: l, id }));
    if (this.lists.size >= MAX_CACHED_LISTS) this.lists.delete(this.lists.keys().next().value!);
    this.lists.set(cacheKey, keys);
    return keys;
  }

  private buildTree(): LibraryNode[] {
    const groups = this.catalog.db
      .prepare(
        `SELECT library_id AS libraryId, path_json AS pathJson, count(*) AS n FROM documents
         WHERE state = 'active' GROUP BY library_id, path_json`,
      )
      .all() as { libraryId: string; pathJson: string; n: number }[];
    const roots = new Map<string, LibraryNode>(
      this.libraries.map((l) => [l.id, { id: l.id, title: l.title, documents: 0, folders: [] }]),
    );
    const nodes = new Map<string, FolderNode>();
    for (const g of groups) {
      const lib = roots.get(g.libraryId);
      if (!lib) continue; // a library no longer in the config
      lib.documents += g.n;
      let folders = lib.folders;
      const segments = JSON.parse(g.pathJson) as string[];
      segments.forEach((name, i) => {
        const path = segments.slice(0, i + 1);
        const key = JSON.stringify([g.libraryId, path]);
        let node = nodes.get(key);
        if (!node) {
          node = { name, path, documents: 0, folders: [] };
          nodes.set(key, node);
          folders.push(node);
        }
        node.documents += g.n;
        folders = node.folders;
      });
    }
    const sortNodes = (nodes: FolderNode[]) => {
      nodes.sort((a, b) => collator.compare(a.name, b.name));
      for (const n of nodes) sortNodes(n.folders);
    };
    for (const lib of roots.values()) sortNodes(lib.folders);
    return [...roots.values()];
  }
}
