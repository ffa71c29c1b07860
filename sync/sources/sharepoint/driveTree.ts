// The item tree of one SharePoint document library as Graph delta describes it: items by
// id with their parent and name, never paths (delta sends none). Pure: applies a batch of
// delta items (last occurrence wins, children may come before their parents), removes
// what lies under deleted folders unless it moved elsewhere, and works out paths, the
// configured folder scope, and which files a batch touched.
import type { DocumentMetadata } from '../../model.js';
import type { StoredItem } from '../types.js';

/** The fields of a Graph driveItem this adapter reads (everything is untrusted). */
export interface DriveItem {
  id: string;
  name?: string;
  parentReference?: { id?: string; driveId?: string };
  file?: { mimeType?: string; hashes?: { quickXorHash?: string } };
  folder?: { childCount?: number };
  root?: object;
  deleted?: object;
  package?: { type?: string };
  size?: number;
  eTag?: string;
  lastModifiedDateTime?: string;
  sharepointIds?: { listId?: string; listItemId?: string };
}

export interface ItemFacts {
  size: number | null;
  eTag: string | null;
  quickXorHash: string | null;
  mimeType: string | null;
  modified: string | null;
  listId: string | null;
  listItemId: string | null;
  /** Mapped column values, kept until the item's fields are read again. */
  fields?: { metadata: DocumentMetadata; title?: string; version?: string };
}

export interface TreeNode {
  id: string;
  parentId: string | null;
  name: string | null;
  kind: StoredItem['kind'];
  facts: ItemFacts;
}

export type Placement =
  | { status: 'ok'; segments: string[] }
  /** Under a OneNote notebook or similar package: not a document. */
  | { status: 'skip' }
  /** A parent the tree does not know: cannot be placed (yet). */
  | { status: 'orphan' };

export interface BatchResult {
  changed: TreeNode[];
  removed: string[];
  /** Files whose document may have changed: in the batch, under a moved folder, or removed. */
  affectedFiles: Set<string>;
}

export class DriveTree {
  readonly nodes: Map<string, TreeNode>;

  constructor(nodes: Iterable<TreeNode> = []) {
    this.nodes = new Map([...nodes].map((n) => [n.id, n]));
  }

  static fromStored(items: Iterable<StoredItem>): DriveTree {
    return new DriveTree([...items].map((i) => ({ id: i.id, parentId: i.parentId, name: i.name, kind: i.kind, facts: parseFacts(i.data) })));
  }

  static toStored(node: TreeNode): StoredItem {
    return { id: node.id, parentId: node.parentId, name: node.name, kind: node.kind, data: JSON.stringify(node.facts) };
  }

  applyBatch(batch: Iterable<DriveItem>): BatchResult {
    const changed: TreeNode[] = [];
    const removed = new Set<string>();
    const affectedFiles = new Set<string>();
    const tombstoned = new Set<string>();
    const movedFolders: string[] = [];
    for (const item of batch) {
      const before = this.nodes.get(item.id);
      if (item.deleted) {
        tombstoned.add(item.id);
        if (before) removed.add(item.id);
        this.nodes.delete(item.id);
        affectedFiles.add(item.id);
        continue;
      }
      const node = nodeFromItem(item, before);
      this.nodes.set(node.id, node);
      changed.push(node);
      if (node.kind === 'file') affectedFiles.add(node.id);
      else if (!before || before.parentId !== node.parentId || before.name !== node.name || before.kind !== node.kind) movedFolders.push(node.id);
    }
    // Whatever still hangs under a deleted folder after the batch's moves goes with it.
    if (tombstoned.size > 0) {
      const dead = [...this.nodes.keys()].filter((id) => this.reachesAny(id, tombstoned));
      for (const id of dead) {
        if (this.nodes.get(id)!.kind === 'file') affectedFiles.add(id);
        this.nodes.delete(id);
        removed.add(id);
      }
    }
    // A renamed or moved folder changes the path of everything below it; delta sends only the folder.
    if (movedFolders.length > 0) for (const id of this.descendantFiles(movedFolders)) affectedFiles.add(id);
    return { changed: changed.filter((n) => this.nodes.has(n.id)), removed: [...removed], affectedFiles };
  }

  /** Where an item sits: the names from the library root down to it (the root itself excluded). */
  placement(id: string): Placement {
    const segments: string[] = [];
    const seen = new Set<string>();
    let node = this.nodes.get(id);
    while (node && node.kind !== 'root') {
      if (seen.has(node.id)) return { status: 'orphan' };
      seen.add(node.id);
      if (node.kind === 'other') return { status: 'skip' };
      segments.unshift(node.name ?? '');
      node = node.parentId ? this.nodes.get(node.parentId) : undefined;
    }
    return node ? { status: 'ok', segments } : { status: 'orphan' };
  }

  files(): TreeNode[] {
    return [...this.nodes.values()].filter((n) => n.kind === 'file');
  }

  private reachesAny(id: string, targets: ReadonlySet<string>): boolean {
    const seen = new Set<string>();
    let parent = this.nodes.get(id)?.parentId ?? null;
    while (parent !== null && !seen.has(parent)) {
      if (targets.has(parent)) return true;
      seen.add(parent);
      parent = this.nodes.get(parent)?.parentId ?? null;
    }
    return false;
  }

  private descendantFiles(roots: readonly string[]): string[] {
    const children = new Map<string, string[]>();
    for (const n of this.nodes.values()) {
      if (n.parentId === null) continue;
      const list = children.get(n.parentId);
      if (list) list.push(n.id);
      else children.set(n.parentId, [n.id]);
    }
    const out: string[] = [];
    const queue = [...roots];
    const seen = new Set(queue);
    while (queue.length > 0) {
      for (const child of children.get(queue.pop()!) ?? []) {
        if (seen.has(child)) continue;
        seen.add(child);
        if (this.nodes.get(child)!.kind === 'file') out.push(child);
        else queue.push(child);
      }
    }
    return out;
  }
}

function nodeFromItem(item: DriveItem, before: TreeNode | undefined): TreeNode {
  const kind: TreeNode['kind'] = item.root ? 'root' : item.package ? 'other' : item.folder ? 'folder' : item.file ? 'file' : 'other';
  const facts: ItemFacts = {
    size: typeof item.size === 'number' && Number.isSafeInteger(item.size) && item.size >= 0 ? item.size : null,
    eTag: typeof item.eTag === 'string' ? item.eTag : null,
    quickXorHash: validHash(item.file?.hashes?.quickXorHash),
    mimeType: typeof item.file?.mimeType === 'string' ? item.file.mimeType : null,
    modified: typeof item.lastModifiedDateTime === 'string' ? item.lastModifiedDateTime : null,
    listId: typeof item.sharepointIds?.listId === 'string' ? item.sharepointIds.listId : (before?.facts.listId ?? null),
    listItemId: typeof item.sharepointIds?.listItemId === 'string' ? item.sharepointIds.listItemId : (before?.facts.listItemId ?? null),
  };
  if (before?.facts.fields) facts.fields = before.facts.fields;
  return {
    id: item.id,
    parentId: kind === 'root' ? null : typeof item.parentReference?.id === 'string' ? item.parentReference.id : null,
    name: typeof item.name === 'string' ? item.name : null,
    kind,
    facts,
  };
}

/** QuickXorHash is 20 bytes in standard base64 (28 characters); anything else is ignored. */
function validHash(value: unknown): string | null {
  return typeof value === 'string' && /^[A-Za-z0-9+/]{27}=$/.test(value) ? value : null;
}

function parseFacts(data: string): ItemFacts {
  const empty: ItemFacts = { size: null, eTag: null, quickXorHash: null, mimeType: null, modified: null, listId: null, listItemId: null };
  try {
    return { ...empty, ...(JSON.parse(data) as Partial<ItemFacts>) };
  } catch {
    return empty;
  }
}

/** Compares names as SharePoint does: case-insensitively, whatever the Unicode normalisation. */
export function sameName(a: string, b: string): boolean {
  return a.normalize('NFC').toLocaleLowerCase('sv-SE') === b.normalize('NFC').toLocaleLowerCase('sv-SE');
}
