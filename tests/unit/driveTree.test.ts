// The SharePoint item tree as Graph delta batches change it: children before parents,
// duplicates (last wins), folder renames that move everything below, deleted folders
// whose contents were moved out first, packages, and items whose parent never came.
import { describe, expect, it } from 'vitest';
import { DriveTree, type DriveItem } from '../../sync/sources/sharepoint/driveTree.js';

const root: DriveItem = { id: 'R', name: 'root', root: {}, folder: {} };
const folder = (id: string, name: string, parent: string): DriveItem => ({ id, name, folder: {}, parentReference: { id: parent } });
const file = (id: string, name: string, parent: string, hash = 'aCgDG9jwBhDc4Q1yawMZAAAAAAA='): DriveItem => ({
  id, name, parentReference: { id: parent }, size: 11, eTag: `"{${id}},1"`, file: { mimeType: 'text/plain', hashes: { quickXorHash: hash } },
});
const paths = (tree: DriveTree) =>
  Object.fromEntries(tree.files().map((f) => { const p = tree.placement(f.id); return [f.id, p.status === 'ok' ? p.segments.join('/') : p.status]; }));

describe('DriveTree', () => {
  it('places children that arrive before their parents', () => {
    const tree = new DriveTree();
    tree.applyBatch([file('f1', 'Rutin.pdf', 'B'), folder('B', 'Akut', 'A'), folder('A', 'Rutiner', 'R'), root]);
    expect(paths(tree)).toEqual({ f1: 'Rutiner/Akut/Rutin.pdf' });
  });

  it('moves everything below a renamed folder, though delta sends only the folder', () => {
    const tree = new DriveTree();
    tree.applyBatch([root, folder('A', 'Rutiner', 'R'), folder('B', 'Akut', 'A'), file('f1', 'Rutin.pdf', 'B'), file('f2', 'Annan.pdf', 'R')]);
    const result = tree.applyBatch([folder('A', 'Rutiner 2026', 'R'), root]);
    expect([...result.affectedFiles]).toEqual(['f1']);
    expect(paths(tree)).toEqual({ f1: 'Rutiner 2026/Akut/Rutin.pdf', f2: 'Annan.pdf' });
  });

  it('an unchanged folder sent again (as the parent of a change) touches nothing else', () => {
    const tree = new DriveTree();
    tree.applyBatch([root, folder('A', 'Rutiner', 'R'), file('f1', 'Rutin.pdf', 'A'), file('f2', 'Annan.pdf', 'A')]);
    const result = tree.applyBatch([root, folder('A', 'Rutiner', 'R'), file('f2', 'Annan.pdf', 'A', 'YRDDGAAAAAAAAAAAAwAAAAAAAAA=')]);
    expect([...result.affectedFiles]).toEqual(['f2']);
  });

  it('removes what lies under a deleted folder, except what the same batch moved out', () => {
    const tree = new DriveTree();
    tree.applyBatch([root, folder('A', 'Gammalt', 'R'), folder('B', 'Under', 'A'), file('f1', 'Kvar.pdf', 'B'), file('f2', 'Räddad.pdf', 'B')]);
    const result = tree.applyBatch([{ id: 'A', deleted: { state: 'deleted' }, folder: {}, parentReference: { id: 'R' } }, file('f2', 'Räddad.pdf', 'R')]);
    expect(result.removed.sort()).toEqual(['A', 'B', 'f1']);
    expect([...result.affectedFiles].sort()).toEqual(['A', 'f1', 'f2']);
    expect(paths(tree)).toEqual({ f2: 'Räddad.pdf' });
  });

  it('skips files inside packages and reports files whose parent never came', () => {
    const tree = new DriveTree();
    tree.applyBatch([root, { id: 'N', name: 'Anteckningar', package: { type: 'oneNote' }, parentReference: { id: 'R' } }, file('f1', 'Sektion.one', 'N'), file('f2', 'Vilse.pdf', 'X')]);
    expect(paths(tree)).toEqual({ f1: 'skip', f2: 'orphan' });
  });

  it('keeps its facts across a save and load, and ignores hashes that are not QuickXorHash', () => {
    const tree = new DriveTree();
    tree.applyBatch([root, file('f1', 'Rutin.pdf', 'R'), file('f2', 'Trasig.pdf', 'R', 'inte-en-hash')]);
    const again = DriveTree.fromStored([...tree.nodes.values()].map(DriveTree.toStored));
    expect(again.nodes.get('f1')!.facts).toMatchObject({ quickXorHash: 'aCgDG9jwBhDc4Q1yawMZAAAAAAA=', size: 11, eTag: '"{f1},1"' });
    expect(again.nodes.get('f2')!.facts.quickXorHash).toBeNull();
  });
});
