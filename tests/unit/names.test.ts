import { describe, expect, it } from 'vitest';
import {
  documentFileName,
  idName,
  sanitizeSegment,
  splitExtension,
  truncateName,
} from '../../sync/mirror/names.js';
import { validOnWindows } from '../helpers/windowsNames.js';

describe('sanitizeSegment', () => {
  it.each([
    ['Hjärtstopp: rutin för vuxna', 'Hjärtstopp - rutin för vuxna'],
    ['Rutin 2026/2027', 'Rutin 2026-2027'],
    ['a\\b|c', 'a-b-c'],
    ['Vad gäller? *Viktigt*', 'Vad gäller Viktigt'],
    ['"Citat" <x>', "'Citat' (x)"],
    ['  Rutin.  ', 'Rutin'],
    ['Rutin...', 'Rutin'],
    ['tab\tand\nnewline', 'tab and newline'],
    ['CON', '_CON'],
    ['con.txt', '_con.txt'],
    ['LPT1', '_LPT1'],
    ['COM¹.pdf', '_COM¹.pdf'],
    ['Console', 'Console'],
    ['Nul rutin', 'Nul rutin'],
  ])('%j → %j', (raw, expected) => {
    expect(sanitizeSegment(raw)).toBe(expected);
    expect(validOnWindows(sanitizeSegment(raw))).toBe(true);
  });

  it.each(['', '   ', '.', '..', '...', '\u0000', '\u202e\u200b', '?*'])('leaves nothing usable of %j', (raw) => {
    expect(sanitizeSegment(raw)).toBe('');
  });

  it('normalises to NFC', () => {
    expect(sanitizeSegment('Va\u0308rdhygien')).toBe('V\u00e4rdhygien');
    expect(sanitizeSegment('Vårdhygien'.normalize('NFD'))).toBe('Vårdhygien'.normalize('NFC'));
  });

  it('removes bidi overrides that could disguise an extension', () => {
    expect(sanitizeSegment('rutin\u202Efdp.exe')).toBe('rutin fdp.exe');
  });
});

describe('file names', () => {
  it('keeps a good file name', () => {
    expect(documentFileName('Hjärtstopp.pdf', 'DOC-1', 'application/pdf')).toBe('Hjärtstopp.pdf');
  });
  it('adds the extension the content type implies', () => {
    expect(documentFileName('Hjärtstopp', 'DOC-1', 'application/pdf')).toBe('Hjärtstopp.pdf');
  });
  it('falls back to a name derived from the id', () => {
    expect(documentFileName('', 'DOC-1', 'application/pdf')).toBe('DOC-1.pdf');
    expect(documentFileName('...', 'DOC-1', null)).toBe('DOC-1');
    expect(documentFileName('??.docx', 'DOC-2', null)).toBe('DOC-2.docx');
    expect(documentFileName('CON', '../../etc/passwd', null)).toBe('_CON');
  });
  it('makes an unusable id into a hashed name', () => {
    expect(idName('..')).toMatch(/^dokument-[0-9a-f]{12}$/);
    expect(idName('x'.repeat(500))).toMatch(/^dokument-[0-9a-f]{12}$/);
    expect(idName('../a')).toBe('..-a');
  });
  it('splits extensions only when they look like one', () => {
    expect(splitExtension('Rutin.pdf')).toEqual({ stem: 'Rutin', ext: '.pdf' });
    expect(splitExtension('Rutin v. 2')).toEqual({ stem: 'Rutin v. 2', ext: '' });
    expect(splitExtension('.pdf')).toEqual({ stem: '.pdf', ext: '' });
  });
  it('truncates long names keeping the extension and telling them apart', () => {
    const a = truncateName(`${'Lång titel '.repeat(30)}A.pdf`, 60);
    const b = truncateName(`${'Lång titel '.repeat(30)}B.pdf`, 60);
    expect(a.length).toBeLessThanOrEqual(60);
    expect(a.endsWith('.pdf')).toBe(true);
    expect(a).not.toBe(b);
    expect(validOnWindows(a)).toBe(true);
  });
});
