// Pure planning: given what the mirror shows and what the source wants, decide what to
// fetch, what to rewrite (same bytes, new name or metadata), what to remove, and which
// documents cannot be placed. No I/O, so every rule here is unit-tested directly.
import type { DocumentRecord, RemoteDocument } from '../model.js';
import { layoutChanged, layoutLibrary, type LayoutInput, type LayoutOptions, type LayoutResult } from '../mirror/mirrorLayout.js';
import type { FailureRow, HeldDeletionRow } from '../catalog/catalog.js';
import type { InvalidEntry, Listing } from '../sources/types.js';

export interface PlannedDocument {
  doc: RemoteDocument;
  mirrorPath: string;
  previous: DocumentRecord | undefined;
}

export interface Plan {
  /** New content is needed (new document, or its revision changed). */
  fetch: PlannedDocument[];
  /** Same content; the name, place or metadata changed. */
  rewrite: PlannedDocument[];
  remove: DocumentRecord[];
  unplaceable: { doc: RemoteDocument; reason: string }[];
  unchanged: number;
}

export function recordToRemote(r: DocumentRecord): RemoteDocument {
  return {
    id: r.id,
    title: r.title,
    path: r.path,
    fileName: r.fileName,
    version: r.version,
    modifiedAt: r.modifiedAt,
    contentType: r.contentType,
    size: r.size,
    sha256: r.sha256,
    revision: r.revision,
    ref: r.sourceRef,
    metadata: r.metadata,
  };
}

/**
 * The complete set of documents the library should show after this run. A full listing is
 * the truth (plus shown documents whose entries were invalid this time, which must not
 * look deleted); a delta or an unchanged listing is applied on top of what is shown, the
 * downloads still owed from earlier runs, and minus deletions that are being held back.
 */
export function wantedDocuments(
  listing: Listing,
  shown: readonly DocumentRecord[],
  failures: readonly FailureRow[],
  held: readonly HeldDeletionRow[],
): RemoteDocument[] {
  const shownById = new Map(shown.map((s) => [s.id, s]));
  if (listing.kind === 'full') {
    const listed = new Map(listing.documents.map((d) => [d.id, d]));
    for (const entry of listing.invalid) {
      const keep = entry.id !== null && !listed.has(entry.id) ? shownById.get(entry.id) : undefined;
      if (keep) listed.set(keep.id, recordToRemote(keep));
    }
    return [...listed.values()];
  }
  const wanted = new Map<string, RemoteDocument>();
  for (const s of shown) wanted.set(s.id, recordToRemote(s));
  for (const f of failures) if (f.wanted) wanted.set(f.documentId, f.wanted);
  for (const h of held) wanted.delete(h.documentId);
  if (listing.kind === 'delta') {
    for (const id of listing.deletedIds) wanted.delete(id);
    for (const d of listing.upserts) wanted.set(d.id, d);
    // A document the source touched but could not describe stays as it is.
    for (const entry of listing.invalid) {
      const keep = entry.id !== null && !wanted.has(entry.id) ? shownById.get(entry.id) : undefined;
      if (keep) wanted.set(keep.id, recordToRemote(keep));
    }
  }
  return [...wanted.values()];
}

/**
 * Where every wanted document goes in the mirror. A document placed before whose folder
 * path, file name and content type are the same keeps its path without being laid out
 * again; only new and renamed documents are. `full` lays out the whole library (the mirror
 * folder, the library's folder or the naming rules changed).
 */
export function placeWanted(
  wanted: readonly RemoteDocument[],
  shownById: ReadonlyMap<string, DocumentRecord>,
  opts: LayoutOptions & { full: boolean },
): Map<string, LayoutResult> {
  const input = (d: RemoteDocument): LayoutInput => ({
    id: d.id,
    path: d.path,
    fileName: d.fileName,
    contentType: d.contentType,
    currentPath: shownById.get(d.id)?.mirrorPath ?? null,
  });
  if (!opts.full) {
    const placed = new Map<string, LayoutResult>();
    const kept: string[] = [];
    const changed: LayoutInput[] = [];
    for (const d of wanted) {
      const previous = shownById.get(d.id);
      if (previous && samePlacement(previous, d)) {
        kept.push(previous.mirrorPath);
        placed.set(d.id, { ok: true, path: previous.mirrorPath });
      } else changed.push(input(d));
    }
    const fresh = changed.length === 0 ? new Map<string, LayoutResult>() : layoutChanged(changed, kept, opts);
    if (fresh) {
      for (const [id, r] of fresh) placed.set(id, r);
      return placed;
    }
  }
  return layoutLibrary(wanted.map(input), opts);
}

function samePlacement(r: DocumentRecord, d: RemoteDocument): boolean {
  return r.fileName === d.fileName && r.contentType === d.contentType && samePath(r.path, d.path);
}

export function planChanges(
  shown: readonly DocumentRecord[],
  wanted: readonly RemoteDocument[],
  layout: ReadonlyMap<string, LayoutResult>,
): Plan {
  const byId = new Map(shown.map((s) => [s.id, s]));
  const plan: Plan = { fetch: [], rewrite: [], remove: [], unplaceable: [], unchanged: 0 };
  const wantedIds = new Set<string>();
  for (const doc of wanted) {
    wantedIds.add(doc.id);
    const placed = layout.get(doc.id);
    const previous = byId.get(doc.id);
    if (!placed || !placed.ok) {
      plan.unplaceable.push({ doc, reason: placed && !placed.ok ? placed.reason : 'Ingen plats i speglingen' });
      continue;
    }
    const item = { doc, mirrorPath: placed.path, previous };
    if (!previous || previous.revision !== doc.revision) plan.fetch.push(item);
    else if (previous.mirrorPath !== placed.path || describedDifferently(previous, doc)) plan.rewrite.push(item);
    else plan.unchanged++;
  }
  for (const s of shown) if (!wantedIds.has(s.id)) plan.remove.push(s);
  plan.remove.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return plan;
}

function describedDifferently(r: DocumentRecord, d: RemoteDocument): boolean {
  return (
    r.title !== d.title ||
    r.fileName !== d.fileName ||
    r.version !== d.version ||
    r.modifiedAt !== d.modifiedAt ||
    r.contentType !== d.contentType ||
    r.sourceRef !== d.ref ||
    // The same arrays and objects when the row was built from this listing (shownDocuments.ts).
    (r.path !== d.path && !samePath(r.path, d.path)) ||
    (r.metadata !== d.metadata && JSON.stringify(r.metadata) !== JSON.stringify(d.metadata))
  );
}

/** Folder segments are strings: comparing them one by one says what JSON.stringify did. */
function samePath(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Invalid entries are recorded as failures; those without an id get a stable key. */
export function failureKey(entry: InvalidEntry, index: number): string {
  return entry.id ?? `(utan id) #${index + 1}`;
}
