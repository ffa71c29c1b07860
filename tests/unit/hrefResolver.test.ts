// Resolving a manifest's hrefs: the shortcut for plain relative paths must give exactly what
// URL resolution gives, and leave everything else to it.
import { describe, expect, it } from 'vitest';
import { hrefResolver, resolveHref } from '../../sync/sources/manifestSource.js';

const bases = [
  'https://docs.example.org/reserv/manifest.json',
  'https://docs.example.org/reserv/manifest.json?token=1#x',
  'http://user:secret@127.0.0.1:8080/a/b/',
  'http://127.0.0.1:8080',
  'https://docs.example.org/Styrande%20dokument/manifest.json',
];
const hrefs = [
  'files/DOC-1042/7.pdf', 'DOC-1.pdf', 'a/b/c/d.docx', 'files/..pdf', 'files/...', '...x/a', '~u/a-b_c.d',
  './files/a.pdf', '../a.pdf', 'files/../../a.pdf', 'files/./a.pdf', 'files/..', '.', '..', '/abs/a.pdf', '//evil.example/a',
  'https://other.example/a.pdf', 'ftp://h/a.pdf', 'file:///etc/passwd', 'javascript:alert(1)', 'C:/x.pdf', 'C:\\x.pdf',
  'files\\a.pdf', 'files/a b.pdf', 'files/Hjärtstopp.pdf', 'files/a%2e%2e/b', '%2e%2e/a', 'a?x=1', 'a#f', 'a//b', 'a/', '',
];

describe('hrefResolver', () => {
  it('gives what URL resolution gives for every href', () => {
    let shortcut = 0;
    for (const base of bases) {
      const resolve = hrefResolver(base);
      for (const href of hrefs) {
        expect(resolve(href), `${href} against ${base}`).toBe(resolveHref(href, base));
        if (/^[A-Za-z0-9._~/-]+$/.test(href)) shortcut++;
      }
    }
    expect(shortcut).toBeGreaterThan(20);
  });

  it('never resolves outside http(s)', () => {
    const resolve = hrefResolver('https://docs.example.org/reserv/manifest.json');
    expect(resolve('javascript:alert(1)')).toBeNull();
    expect(resolve('file:///etc/passwd')).toBeNull();
    expect(resolve('files/a.pdf')).toBe('https://docs.example.org/reserv/files/a.pdf');
    expect(resolve('../a.pdf')).toBe('https://docs.example.org/a.pdf');
  });
});
