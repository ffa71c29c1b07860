// The state behind the Microsoft Graph EMULATOR (graphEmulator.ts): one SharePoint site
// with one document library (drive) and its list, a change sequence for delta, and
// tombstones. Built from connectors.md §A: opaque ids that survive moves, eTags that
// change with content or metadata, only quickXorHash in file.hashes, no name on
// tombstones, and no tombstones for the children of a deleted folder.
import { randomUUID } from 'node:crypto';
import { QuickXorHash } from '../../sync/store/hashes.js';

export interface EmuItem {
  id: string;
  name: string;
  parentId: string | null;
  kind: 'root' | 'folder' | 'file';
  content: Buffer;
  version: number;
  changedSeq: number;
  modified: string;
  listItemId: string;
  fields: Record<string, unknown>;
}

interface Tombstone {
  id: string;
  parentId: string | null;
  kind: 'folder' | 'file';
  seq: number;
}

export class EmulatedDrive {
  readonly siteId: string;
  readonly driveId = `b!${randomUUID().replace(/-/g, '')}`;
  readonly listId = randomUUID();
  readonly rootId: string;
  seq = 1;
  /** Bumped to make every delta token issued so far answer 410 (resyncRequired). */
  epoch = 1;
  readonly items = new Map<string, EmuItem>();
  private readonly tombstones: Tombstone[] = [];
  private nextListItem = 1;

  constructor(readonly hostname: string, readonly sitePath: string, readonly libraryName: string) {
    this.siteId = `${hostname},${randomUUID()},${randomUUID()}`;
    this.rootId = this.newId();
    this.items.set(this.rootId, this.make(this.rootId, 'root', null, 'root', Buffer.alloc(0)));
  }

  /** Adds or replaces a file at a '/'-separated path, creating folders on the way. */
  putFile(path: string, content: Buffer | string, fields: Record<string, unknown> = {}): EmuItem {
    const segments = split(path);
    const parent = this.ensureFolder(segments.slice(0, -1));
    const name = segments.at(-1)!;
    const existing = this.child(parent.id, name);
    const bytes = Buffer.from(content);
    if (existing) {
      existing.content = bytes;
      existing.fields = { ...existing.fields, ...fields };
      this.touch(existing);
      return existing;
    }
    const item = this.make(this.newId(), name, parent.id, 'file', bytes);
    item.fields = { FileLeafRef: name, ...fields };
    this.items.set(item.id, item);
    this.touch(parent);
    return item;
  }

  setFields(path: string, fields: Record<string, unknown>): void {
    const item = this.at(path);
    item.fields = { ...item.fields, ...fields };
    this.touch(item);
  }

  /** Rename or move a file or folder; its id stays. Only the moved item itself changes. */
  move(from: string, to: string): void {
    const item = this.at(from);
    const segments = split(to);
    const parent = this.ensureFolder(segments.slice(0, -1));
    const oldParent = item.parentId ? this.items.get(item.parentId) : undefined;
    item.parentId = parent.id;
    item.name = segments.at(-1)!;
    this.touch(item);
    this.touch(parent);
    if (oldParent && oldParent !== parent) this.touch(oldParent);
  }

  /** Deletes an item; a folder's contents go with it, but only the folder gets a tombstone. */
  remove(path: string): void {
    const item = this.at(path);
    const doomed = [item.id, ...this.descendants(item.id)];
    for (const id of doomed) this.items.delete(id);
    this.seq++;
    this.tombstones.push({ id: item.id, parentId: item.parentId, kind: item.kind === 'folder' ? 'folder' : 'file', seq: this.seq });
    const parent = item.parentId ? this.items.get(item.parentId) : undefined;
    if (parent) this.touch(parent);
  }

  at(path: string): EmuItem {
    let node = this.items.get(this.rootId)!;
    for (const name of split(path)) {
      const next = this.child(node.id, name);
      if (!next) throw new Error(`emulator: no item at ${path}`);
      node = next;
    }
    return node;
  }

  pathOf(id: string): string {
    const names: string[] = [];
    for (let n = this.items.get(id); n && n.kind !== 'root'; n = n.parentId ? this.items.get(n.parentId) : undefined) names.unshift(n.name);
    return names.join('/');
  }

  /** Everything that exists now (a tokenless delta). */
  snapshot(): { live: EmuItem[]; deleted: Tombstone[] } {
    return { live: [...this.items.values()], deleted: [] };
  }

  /** What changed after `seq`, with the parent chain of each changed item (Graph's default). */
  changesSince(seq: number): { live: EmuItem[]; deleted: Tombstone[] } {
    const live = new Map<string, EmuItem>();
    for (const item of this.items.values()) {
      if (item.changedSeq <= seq) continue;
      live.set(item.id, item);
      for (let p = item.parentId ? this.items.get(item.parentId) : undefined; p; p = p.parentId ? this.items.get(p.parentId) : undefined) {
        live.set(p.id, p);
      }
    }
    const deleted = this.tombstones.filter((t) => t.seq > seq && !this.items.has(t.id));
    return { live: [...live.values()], deleted };
  }

  depth(id: string): number {
    let d = 0;
    for (let n = this.items.get(id); n?.parentId; n = this.items.get(n.parentId)) d++;
    return d;
  }

  quickXorHash(content: Buffer): string {
    const h = new QuickXorHash();
    h.update(content);
    return h.digest();
  }

  private ensureFolder(segments: string[]): EmuItem {
    let node = this.items.get(this.rootId)!;
    for (const name of segments) {
      let next = this.child(node.id, name);
      if (!next) {
        next = this.make(this.newId(), name, node.id, 'folder', Buffer.alloc(0));
        this.items.set(next.id, next);
        this.touch(node);
      }
      node = next;
    }
    return node;
  }

  private child(parentId: string, name: string): EmuItem | undefined {
    const key = name.normalize('NFC').toLowerCase();
    for (const item of this.items.values()) if (item.parentId === parentId && item.name.normalize('NFC').toLowerCase() === key) return item;
    return undefined;
  }

  private descendants(id: string): string[] {
    const out: string[] = [];
    for (const item of this.items.values()) if (item.parentId === id) out.push(item.id, ...this.descendants(item.id));
    return out;
  }

  private make(id: string, name: string, parentId: string | null, kind: EmuItem['kind'], content: Buffer): EmuItem {
    this.seq++;
    return { id, name, parentId, kind, content, version: 1, changedSeq: this.seq, modified: new Date().toISOString(), listItemId: String(this.nextListItem++), fields: {} };
  }

  private touch(item: EmuItem): void {
    this.seq++;
    item.version++;
    item.changedSeq = this.seq;
    item.modified = new Date().toISOString();
  }

  private newId(): string {
    return `01${randomUUID().replace(/-/g, '').toUpperCase().slice(0, 32)}`;
  }
}

function split(path: string): string[] {
  return path.split('/').filter((s) => s !== '');
}
