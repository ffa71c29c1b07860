// Benchmark: the SharePoint adapter's item tree at library scale. Prints figures for a
// full enumeration of N items (apply, save to a real catalog file), loading it back, and
// a delta that renames a folder holding a tenth of the files. Run:
//   npx tsx tests/benchmarks/sharepointTree.bench.ts [items]
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Catalog } from '../../sync/catalog/catalog.js';
import { catalogItemStore } from '../../sync/catalog/sourceItems.js';
import { DriveTree, type DriveItem } from '../../sync/sources/sharepoint/driveTree.js';

const items = Number(process.argv[2] ?? 50_000);
const folders = Math.ceil(items / 100);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lita-bench-tree-'));

function time<T>(label: string, fn: () => T): T {
  const started = process.hrtime.bigint();
  const result = fn();
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  console.log(`${label.padEnd(44)} ${ms.toFixed(0).padStart(7)} ms   heap ${(process.memoryUsage().heapUsed / 1024 / 1024).toFixed(0)} MB`);
  return result;
}

const batch: DriveItem[] = [{ id: 'R', name: 'root', root: {}, folder: {} }];
for (let f = 0; f < folders; f++) batch.push({ id: `F${f}`, name: `Enhet ${f}`, folder: {}, parentReference: { id: f < 10 ? 'R' : `F${f % 10}` } });
for (let i = 0; i < items; i++) {
  batch.push({
    id: `I${i}`, name: `Rutin ${i}.pdf`, parentReference: { id: `F${i % folders}` }, size: 100_000 + i, eTag: `"{${i}},1"`,
    lastModifiedDateTime: '2026-10-01T08:12:00Z', file: { mimeType: 'application/pdf', hashes: { quickXorHash: 'aCgDG9jwBhDc4Q1yawMZAAAAAAA=' } },
    sharepointIds: { listId: 'L', listItemId: String(i) },
  });
}
// Children before parents, as delta may send them.
batch.reverse();

const catalog = Catalog.open(dir);
catalog.ensureLibrary({ id: 'sp', title: 'SP', sourceType: 'sharepoint', sourceKey: 'k' });
const store = catalogItemStore(catalog, 'sp');
console.log(`${items} files in ${folders} folders`);
const tree = time('full enumeration: apply batch', () => {
  const t = new DriveTree();
  t.applyBatch(batch);
  return t;
});
time('full enumeration: place every file', () => tree.files().filter((f) => tree.placement(f.id).status === 'ok').length);
time('full enumeration: save tree (one transaction)', () =>
  store.save({ upserts: [...tree.nodes.values()].map(DriveTree.toStored), deletes: [], replaceAll: true }, 'link-1'));
const loaded = time('next run: load tree', () => DriveTree.fromStored(store.load().items.values()));
const renamed = time('delta: rename a top folder (1/10 of files)', () => loaded.applyBatch([{ id: 'F3', name: 'Omdöpt', folder: {}, parentReference: { id: 'R' } }]));
console.log(`${'  files affected by the rename'.padEnd(44)} ${String(renamed.affectedFiles.size).padStart(7)}`);
time('delta: save changes', () => store.save({ upserts: renamed.changed.map(DriveTree.toStored), deletes: renamed.removed, replaceAll: false }, 'link-2'));
console.log(`catalog file ${(fs.statSync(path.join(dir, 'catalog.sqlite')).size / 1024 / 1024).toFixed(1)} MB (plus WAL)`);
catalog.close();
fs.rmSync(dir, { recursive: true, force: true });
