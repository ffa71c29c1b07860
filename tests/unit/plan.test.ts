import { describe, expect, it } from 'vitest';
import { planChanges, wantedDocuments } from '../../sync/engine/plan.js';
import type { DocumentRecord, RemoteDocument } from '../../sync/model.js';
import type { LayoutResult } from '../../sync/mirror/mirrorLayout.js';
import type { FailureRow, HeldDeletionRow } from '../../sync/catalog/catalog.js';

function remote(id: string, revision = `r-${id}`, extra: Partial<RemoteDocument> = {}): RemoteDocument {
  return {
    id,
    title: `Titel ${id}`,
    path: ['A'],
    fileName: `${id}.pdf`,
    version: '1',
    modifiedAt: null,
    contentType: 'application/pdf',
    size: 1,
    sha256: null,
    revision,
    ref: `files/${id}`,
    metadata: {},
    ...extra,
  };
}

function shownFrom(doc: RemoteDocument, mirrorPath = `L/A/${doc.id}.pdf`): DocumentRecord {
  return {
    libraryId: 'l',
    id: doc.id,
    title: doc.title,
    path: doc.path,
    fileName: doc.fileName,
    version: doc.version,
    modifiedAt: doc.modifiedAt,
    contentType: doc.contentType,
    size: 1,
    sha256: 'a'.repeat(64),
    revision: doc.revision,
    sourceRef: doc.ref,
    metadata: doc.metadata,
    mirrorPath,
    state: 'active',
    removedAt: null,
    syncedAt: '2026-01-01T00:00:00Z',
  };
}

function layoutFor(docs: RemoteDocument[]): Map<string, LayoutResult> {
  return new Map(docs.map((d) => [d.id, { ok: true, path: `L/A/${d.id}.pdf` }]));
}

const failure = (doc: RemoteDocument): FailureRow => ({
  libraryId: 'l',
  documentId: doc.id,
  title: doc.title,
  reason: 'x',
  wanted: doc,
  attempts: 1,
  firstFailedAt: '',
  lastFailedAt: '',
});
const heldRow = (id: string): HeldDeletionRow => ({ libraryId: 'l', documentId: id, title: id, mirrorPath: '', reason: 'limit', heldAt: '' });

describe('planChanges', () => {
  it('sorts documents into fetch, rewrite, remove and unchanged', () => {
    const a = remote('a');
    const b = remote('b');
    const c = remote('c');
    const shown = [shownFrom(a), shownFrom(b), shownFrom(c)];
    const wanted = [a, remote('b', 'r-b2'), { ...c, title: 'Ny titel' }, remote('d')];
    const plan = planChanges(shown, wanted, layoutFor(wanted));
    expect(plan.fetch.map((p) => p.doc.id)).toEqual(['b', 'd']);
    expect(plan.fetch[0]!.previous?.id).toBe('b');
    expect(plan.fetch[1]!.previous).toBeUndefined();
    expect(plan.rewrite.map((p) => p.doc.id)).toEqual(['c']);
    expect(plan.unchanged).toBe(1);
    expect(plan.remove).toEqual([]);
  });

  it('rewrites a document whose place changed and removes what is no longer wanted', () => {
    const a = remote('a');
    const b = remote('b');
    const shown = [shownFrom(a, 'L/old/a.pdf'), shownFrom(b)];
    const plan = planChanges(shown, [a], layoutFor([a]));
    expect(plan.rewrite.map((p) => p.mirrorPath)).toEqual(['L/A/a.pdf']);
    expect(plan.remove.map((d) => d.id)).toEqual(['b']);
  });

  it('reports a document the layout could not place', () => {
    const a = remote('a');
    const plan = planChanges([], [a], new Map([['a', { ok: false, reason: 'för lång' }]]));
    expect(plan.unplaceable).toEqual([{ doc: a, reason: 'för lång' }]);
    expect(plan.fetch).toEqual([]);
  });
});

describe('wantedDocuments', () => {
  const a = remote('a');
  const b = remote('b');
  const shown = [shownFrom(a), shownFrom(b)];

  it('takes a full listing as the truth', () => {
    const c = remote('c');
    const wanted = wantedDocuments({ kind: 'full', documents: [a, c], invalid: [], cursor: null }, shown, [], []);
    expect(wanted.map((d) => d.id)).toEqual(['a', 'c']);
  });

  it('keeps a shown document whose entry is invalid this time, so it does not look deleted', () => {
    const wanted = wantedDocuments(
      { kind: 'full', documents: [a], invalid: [{ id: 'b', title: 'b', reason: 'trasig' }], cursor: null },
      shown,
      [],
      [],
    );
    expect(wanted.map((d) => d.id).sort()).toEqual(['a', 'b']);
  });

  it('applies a delta on top of what is shown, retrying owed downloads and leaving held deletions out', () => {
    const a2 = remote('a', 'r-a2');
    const owed = remote('x');
    const e = remote('e');
    const wanted = wantedDocuments(
      { kind: 'delta', upserts: [a2, e], deletedIds: ['b'], invalid: [], cursor: 'c' },
      [...shown, shownFrom(remote('h'))],
      [failure(owed)],
      [heldRow('h')],
    );
    expect(wanted.map((d) => [d.id, d.revision]).sort()).toEqual([
      ['a', 'r-a2'],
      ['e', 'r-e'],
      ['x', 'r-x'],
    ]);
  });

  it('with an unchanged listing, wants what is shown plus owed downloads', () => {
    const owed = remote('b', 'r-b2');
    const wanted = wantedDocuments({ kind: 'unchanged' }, shown, [failure(owed)], []);
    expect(wanted.map((d) => [d.id, d.revision])).toEqual([
      ['a', 'r-a'],
      ['b', 'r-b2'],
    ]);
  });
});
