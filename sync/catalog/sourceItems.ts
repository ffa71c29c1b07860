// The catalog side of a source adapter's item tree (migration 0002): rows in source_items
// plus a marker in source_state, always written together in one transaction so the tree
// and the cursor it belongs to cannot drift apart. Also an in-memory variant, for runs
// that must not write (sync --dry-run).
import type { Catalog } from './catalog.js';
import type { SourceItemStore, StoredItem } from '../sources/types.js';

const MARKER_KEY = 'items.marker';

type Row = { item_id: string; parent_id: string | null; name: string | null; kind: StoredItem['kind']; data_json: string };

export function catalogItemStore(catalog: Catalog, libraryId: string): SourceItemStore {
  const db = catalog.db;
  return {
    marker: () => catalog.getSourceState(libraryId, MARKER_KEY) ?? null,
    load: () => {
      const rows = db
        .prepare('SELECT item_id, parent_id, name, kind, data_json FROM source_items WHERE library_id = ?')
        .all(libraryId) as Row[];
      const items = new Map<string, StoredItem>();
      for (const r of rows) items.set(r.item_id, { id: r.item_id, parentId: r.parent_id, name: r.name, kind: r.kind, data: r.data_json });
      return { items, marker: catalog.getSourceState(libraryId, MARKER_KEY) ?? null };
    },
    save: (change, marker) => {
      const upsert = db.prepare(
        `INSERT INTO source_items (library_id, item_id, parent_id, name, kind, data_json) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (library_id, item_id) DO UPDATE SET parent_id = excluded.parent_id, name = excluded.name,
           kind = excluded.kind, data_json = excluded.data_json`,
      );
      const remove = db.prepare('DELETE FROM source_items WHERE library_id = ? AND item_id = ?');
      catalog.transaction(() => {
        if (change.replaceAll) db.prepare('DELETE FROM source_items WHERE library_id = ?').run(libraryId);
        for (const id of change.deletes) remove.run(libraryId, id);
        for (const i of change.upserts) upsert.run(libraryId, i.id, i.parentId, i.name, i.kind, i.data);
        catalog.setSourceState(libraryId, MARKER_KEY, marker);
      });
    },
  };
}

/** Starts from what `seed` holds (if anything) and keeps every change in memory only. */
export function memoryItemStore(seed?: SourceItemStore): SourceItemStore {
  let loaded: { items: Map<string, StoredItem>; marker: string | null } | null = null;
  const current = () => (loaded ??= seed ? seed.load() : { items: new Map(), marker: null });
  return {
    marker: () => (loaded ? loaded.marker : (seed?.marker() ?? null)),
    load: () => {
      const { items, marker } = current();
      return { items: new Map(items), marker };
    },
    save: (change, marker) => {
      const state = current();
      if (change.replaceAll) state.items.clear();
      for (const id of change.deletes) state.items.delete(id);
      for (const i of change.upserts) state.items.set(i.id, i);
      state.marker = marker;
    },
  };
}
