import { describe, expect, it } from 'vitest';
import { layoutLibrary, type LayoutInput } from '../../sync/mirror/mirrorLayout.js';
import { caseKey } from '../../sync/mirror/names.js';
import { validOnWindows } from '../helpers/windowsNames.js';

const ROOT = 'C:\\ProgramData\\LITA Reserv\\Styrande dokument';
const opts = { rootLength: ROOT.length, libraryTitle: 'Ledningssystem', libraryId: 'ls' };

function doc(id: string, path: string[], fileName: string, currentPath?: string): LayoutInput {
  return { id, path, fileName, contentType: 'application/pdf', currentPath: currentPath ?? null };
}

function paths(docs: LayoutInput[], o = opts): Map<string, string> {
  const out = new Map<string, string>();
  for (const [id, r] of layoutLibrary(docs, o)) {
    if (!r.ok) throw new Error(`${id}: ${r.reason}`);
    out.set(id, r.path);
  }
  return out;
}

function assertValid(result: Map<string, string>, rootLength = opts.rootLength): void {
  const seen = new Set<string>();
  for (const p of result.values()) {
    const segments = p.split('/');
    for (const s of segments) expect(validOnWindows(s), JSON.stringify(s)).toBe(true);
    expect(segments[0]).toBe('Ledningssystem');
    expect(rootLength + 1 + p.length).toBeLessThanOrEqual(240);
    expect(seen.has(caseKey(p)), p).toBe(false);
    seen.add(caseKey(p));
  }
}

describe('mirror layout', () => {
  it('places documents under library/path/file', () => {
    const r = paths([doc('1', ['Hälso- och sjukvård', 'Akutmottagning'], 'Hjärtstopp – rutin för vuxna.pdf')]);
    expect(r.get('1')).toBe('Ledningssystem/Hälso- och sjukvård/Akutmottagning/Hjärtstopp – rutin för vuxna.pdf');
  });

  it('never lets a path escape the library folder', () => {
    const hostile = [
      doc('a', ['..', '..', 'Windows'], 'system.ini'),
      doc('b', ['/etc'], '../../passwd'),
      doc('c', ['C:\\Windows\\System32'], 'evil.dll'),
      doc('d', ['\\\\server\\share'], 'x.pdf'),
      doc('e', ['.', '...', ''], '..'),
      doc('f', ['a/../../b'], 'AUX'),
    ];
    const r = paths(hostile);
    assertValid(r);
    for (const p of r.values()) expect(p.split('/')).not.toContain('..');
    expect(r.get('a')).toBe('Ledningssystem/Windows/system.ini');
    expect(r.get('b')).toBe('Ledningssystem/-etc/..-..-passwd.pdf');
    expect(r.get('e')).toBe('Ledningssystem/e.pdf');
  });

  it('resolves names that differ only in case (or normalisation) deterministically', () => {
    const docs = [
      doc('DOC-2', ['Rutiner'], 'Hygien.pdf'),
      doc('DOC-1', ['RUTINER'], 'HYGIEN.pdf'),
      doc('DOC-3', ['rutiner'], 'Hygien.pdf'.normalize('NFD')),
    ];
    const a = paths(docs);
    const b = paths([...docs].reverse());
    expect(a).toEqual(b);
    assertValid(a);
    // One folder, not three that Windows would merge.
    expect(new Set([...a.values()].map((p) => p.split('/')[1]))).toEqual(new Set(['RUTINER']));
    expect(a.get('DOC-1')).toBe('Ledningssystem/RUTINER/HYGIEN.pdf');
    expect(a.get('DOC-2')).toBe('Ledningssystem/RUTINER/Hygien (DOC-2).pdf');
  });

  it('lets a document keep its current path when a newcomer collides with it', () => {
    const existing = doc('DOC-9', ['Rutiner'], 'Hygien.pdf', 'Ledningssystem/Rutiner/Hygien.pdf');
    const newcomer = doc('DOC-1', ['Rutiner'], 'hygien.pdf');
    const r = paths([newcomer, existing]);
    expect(r.get('DOC-9')).toBe('Ledningssystem/Rutiner/Hygien.pdf');
    expect(r.get('DOC-1')).toBe('Ledningssystem/Rutiner/hygien (DOC-1).pdf');
  });

  it('keeps the on-disk spelling of a folder when a newcomer spells it differently', () => {
    const existing = doc('DOC-9', ['rutiner'], 'A.pdf', 'Ledningssystem/rutiner/A.pdf');
    const newcomer = doc('DOC-1', ['Rutiner'], 'B.pdf');
    const r = paths([newcomer, existing]);
    expect(r.get('DOC-1')).toBe('Ledningssystem/rutiner/B.pdf');
  });

  it('does not give a file the name of a folder beside it', () => {
    const r = paths([doc('1', ['Akut'], 'Rutin.pdf'), { id: '2', path: [], fileName: 'Akut', contentType: null }]);
    assertValid(r);
    expect(r.get('2')).toBe('Ledningssystem/Akut (2)');
  });

  it('keeps every path within 240 characters, even with long titles and a deep root', () => {
    const longRoot = { ...opts, rootLength: 150 };
    const long = 'Mycket lång titel om basala hygienrutiner och klädregler inom vård och omsorg '.repeat(5);
    const docs = Array.from({ length: 20 }, (_, i) =>
      doc(`D${i}`, [long, `${long} ${i % 3}`, 'Underavdelning'], `${long} ${i}.pdf`),
    );
    const r = paths(docs, longRoot);
    assertValid(r, 150);
    for (const p of r.values()) expect(p.endsWith('.pdf')).toBe(true);
  });

  it('reports a document that cannot fit at all instead of writing a bad path', () => {
    const results = layoutLibrary([doc('1', ['a'], 'b.pdf')], { ...opts, rootLength: 230 });
    expect(results.get('1')).toMatchObject({ ok: false });
  });

  it('gives every document a valid, unique place whatever the input (fuzz)', () => {
    let seed = 42;
    const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const alphabet = ['a', 'A', 'å', 'Å', 'a\u030a', '.', ' ', '/', '\\', ':', '*', '?', '"', '<', '>', '|', '\u0000', '\u001f', 'CON', 'lpt1', '..', 'é', '\u202e', '😀'];
    const pick = (n: number) => Array.from({ length: n }, () => alphabet[Math.floor(rand() * alphabet.length)]).join('');
    const docs = Array.from({ length: 500 }, (_, i) =>
      doc(i % 7 === 0 ? pick(3) + i : `id-${i}`, Array.from({ length: Math.floor(rand() * 4) }, () => pick(1 + Math.floor(rand() * 6))), pick(Math.floor(rand() * 12))),
    );
    const r = paths(docs);
    expect(r.size).toBe(500);
    assertValid(r);
  });
});
