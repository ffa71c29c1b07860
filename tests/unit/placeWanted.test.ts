// Incremental placement: documents whose folder path, file name and content type did not
// change keep their paths without a new layout; the result must be what a full layout of
// the library gives whenever the full layout would not move a kept document.
import { describe, expect, it } from 'vitest';
import { placeWanted } from '../../sync/engine/plan.js';
import { layoutChanged, layoutLibrary, type LayoutResult } from '../../sync/mirror/mirrorLayout.js';
import type { DocumentRecord, RemoteDocument } from '../../sync/model.js';

const opts = { rootLength: 'C:\\ProgramData\\LITA Reserv\\Styrande dokument'.length, libraryTitle: 'Ledningssystem', libraryId: 'ls' };

function remote(id: string, path: string[], fileName: string): RemoteDocument {
  return {
    id, title: id, path, fileName, version: '1', modifiedAt: null, contentType: 'application/pdf',
    size: 1, sha256: null, revision: `r-${id}`, ref: `files/${id}`, metadata: {},
  };
}

function record(doc: RemoteDocument, mirrorPath: string): DocumentRecord {
  return {
    libraryId: 'ls', id: doc.id, title: doc.title, path: doc.path, fileName: doc.fileName, version: doc.version,
    modifiedAt: doc.modifiedAt, contentType: doc.contentType, size: 1, sha256: 'a'.repeat(64), revision: doc.revision,
    sourceRef: doc.ref, metadata: doc.metadata, mirrorPath, state: 'active', removedAt: null, syncedAt: '2026-01-01T00:00:00Z',
  };
}

function paths(layout: Map<string, LayoutResult>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [id, r] of [...layout].sort(([a], [b]) => (a < b ? -1 : 1))) out[id] = r.ok ? r.path : `!${r.reason}`;
  return out;
}

/** Lays a library out fully, as a first sync does, and returns what the catalog would show. */
function synced(docs: RemoteDocument[]): Map<string, DocumentRecord> {
  const layout = layoutLibrary(docs.map((d) => ({ ...d, currentPath: null })), opts);
  return new Map(docs.map((d) => {
    const r = layout.get(d.id)!;
    if (!r.ok) throw new Error(r.reason);
    return [d.id, record(d, r.path)];
  }));
}

function fullLayout(wanted: RemoteDocument[], shown: Map<string, DocumentRecord>): Map<string, LayoutResult> {
  return layoutLibrary(wanted.map((d) => ({ ...d, currentPath: shown.get(d.id)?.mirrorPath ?? null })), opts);
}

// A deterministic library with shared folders, case twins in folder names and clashing file names.
function library(n: number, seed: number): RemoteDocument[] {
  let x = seed;
  const next = (m: number) => (x = (x * 1103515245 + 12345) % 2 ** 31) % m;
  const units = ['Akutmottagningen', 'AKUTMOTTAGNINGEN', 'Barnkliniken', 'Vårdhygien', 'Ambulans'];
  const types = ['Rutin', 'Riktlinje', 'PM'];
  const titles = ['Hjärtstopp', 'Handhygien', 'Sepsis', 'Överflyttning', 'Reservrutin IT-avbrott'];
  return Array.from({ length: n }, (_, i) =>
    remote(`DOC-${String(i).padStart(4, '0')}`, ['Hälso- och sjukvård', units[next(units.length)]!, types[next(types.length)]!], `${titles[next(titles.length)]}.pdf`),
  );
}

/** Removes every 17th document, renames every 23rd, moves every 29th and adds 40. */
function changeLibrary(before: RemoteDocument[], seed: number): RemoteDocument[] {
  const after = before.filter((_, i) => i % 17 !== 0).map((d, i) =>
    i % 23 === 0 ? { ...d, fileName: `Ny ${d.fileName}` } : i % 29 === 0 ? { ...d, path: ['Regionservice', 'IT'] } : d,
  );
  after.push(...library(40, seed + 100).map((d) => ({ ...d, id: `NEW-${d.id}`, fileName: `NEW-${d.id} ${d.fileName}` })));
  return after;
}

describe('placeWanted', () => {
  it('matches the full layout after documents are added, renamed, moved and removed, when names do not clash', () => {
    for (const seed of [1, 2, 3]) {
      const before = library(300, seed).map((d) => ({ ...d, fileName: `${d.id} ${d.fileName}` }));
      const shown = synced(before);
      const after = changeLibrary(before, seed);
      expect(paths(placeWanted(after, shown, { ...opts, full: false }))).toEqual(paths(fullLayout(after, shown)));
    }
  });

  it('keeps names unique and kept documents in place when names clash in every case', () => {
    for (const seed of [1, 2, 3, 4, 5]) {
      const before = library(300, seed);
      const shown = synced(before);
      const after = changeLibrary(before, seed);
      const layout = placeWanted(after, shown, { ...opts, full: false });
      const placed = [...layout.values()].map((r) => (r.ok ? r.path : null));
      expect(placed.every((p) => p !== null)).toBe(true);
      const keys = placed.map((p) => p!.normalize('NFC').toLowerCase());
      expect(new Set(keys).size).toBe(keys.length);
      const folders = new Set(keys.flatMap((k) => k.split('/').slice(0, -1).map((_, i, segs) => segs.slice(0, i + 1).join('/'))));
      expect(keys.filter((k) => folders.has(k))).toEqual([]);
      for (const d of after) {
        const previous = shown.get(d.id);
        if (previous && previous.fileName === d.fileName && previous.path.join('/') === d.path.join('/')) {
          expect(layout.get(d.id)).toEqual({ ok: true, path: previous.mirrorPath });
        }
      }
    }
  });

  it('keeps every unchanged document where it is, without laying it out again', () => {
    const docs = library(200, 9);
    const shown = synced(docs);
    // A kept path that no layout would produce: proof that it was taken, not recomputed.
    const odd = docs[0]!;
    shown.set(odd.id, record(odd, 'Ledningssystem/Hand flyttad/fil.pdf'));
    const layout = placeWanted(docs, shown, { ...opts, full: false });
    expect(layout.get(odd.id)).toEqual({ ok: true, path: 'Ledningssystem/Hand flyttad/fil.pdf' });
    expect(placeWanted(docs, shown, { ...opts, full: true }).get(odd.id)).not.toEqual({ ok: true, path: 'Ledningssystem/Hand flyttad/fil.pdf' });
  });

  it('gives a newcomer a different name than a kept document with the same name in another case', () => {
    const old = remote('A1', ['Rutiner'], 'Hjärtstopp.pdf');
    const shown = synced([old]);
    const newcomer = remote('B2', ['RUTINER'], 'HJÄRTSTOPP.pdf');
    const layout = placeWanted([old, newcomer], shown, { ...opts, full: false });
    expect(layout.get('A1')).toEqual({ ok: true, path: 'Ledningssystem/Rutiner/Hjärtstopp.pdf' });
    // The folder keeps the spelling it has on disk; the file name is made unique.
    const placed = layout.get('B2');
    expect(placed?.ok && placed.path.startsWith('Ledningssystem/Rutiner/HJÄRTSTOPP (')).toBe(true);
    expect(paths(layout)).toEqual(paths(fullLayout([old, newcomer], shown)));
  });

  it('falls back to a full layout when a newcomer needs a folder where a kept file lies', () => {
    const file = remote('A1', [], 'Rutiner.pdf');
    const shown = synced([file]);
    expect(shown.get('A1')!.mirrorPath).toBe('Ledningssystem/Rutiner.pdf');
    const newcomer = remote('B2', ['RUTINER.pdf'], 'Sepsis.pdf');
    expect(layoutChanged([{ ...newcomer, currentPath: null }], ['Ledningssystem/Rutiner.pdf'], opts)).toBeNull();
    const layout = placeWanted([file, newcomer], shown, { ...opts, full: false });
    expect(paths(layout)).toEqual(paths(fullLayout([file, newcomer], shown)));
    expect(layout.get('B2')).toEqual({ ok: true, path: 'Ledningssystem/RUTINER.pdf/Sepsis.pdf' });
    expect(layout.get('A1')).toEqual({ ok: true, path: 'Ledningssystem/Rutiner (A1).pdf' });
  });
});
