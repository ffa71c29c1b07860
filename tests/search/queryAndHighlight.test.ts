// The pure parts of search: folding, query parsing (and its immunity to FTS5 syntax), and
// match ranges for snippets and the viewer.
import { describe, expect, it } from 'vitest';
import { foldText, foldWithMap, wordSuffixes } from '../../sync/search/fold.js';
import { MAX_TERMS, highlightTerms, parseQuery } from '../../sync/search/query.js';
import { findMatchRanges, markText, parseMarkedSnippet } from '../../sync/search/highlight.js';

describe('folding', () => {
  it('drops case and diacritics the way people type without them', () => {
    expect(foldText('Överflyttning ÅÄÖ åäö é ü')).toBe('overflyttning aao aao e u');
    expect(foldText('VÅRDHYGIEN')).toBe(foldText('vardhygien'));
  });

  it('maps folded positions back to the original, also for decomposed input', () => {
    const nfd = 'Va\u030Ardhygien';
    const { folded, starts, ends } = foldWithMap(nfd);
    expect(folded).toBe('vardhygien');
    expect(nfd.slice(starts[1]!, ends[1]!)).toBe('a\u030A');
  });

  it('makes the inner parts of a compound word into fragments', () => {
    expect(wordSuffixes('hjartstopp')).toContain('stopp');
    expect(wordSuffixes('hjartstopp')).not.toContain('hjartstopp');
    expect(wordSuffixes('abc')).toEqual([]);
  });
});

describe('parseQuery', () => {
  it('folds, splits and deduplicates words; every word must match', () => {
    const q = parseQuery('  Hjärtstopp  VUXNA hjartstopp ');
    expect(q.terms).toEqual(['hjartstopp', 'vuxna']);
    expect(q.expression).toBe('"hjartstopp"* AND "vuxna"*');
  });

  it('restricts terms under three characters to word starts in title and metadata', () => {
    expect(parseQuery('pm ab').expression).toBe('{title meta} : "pm"* AND {title meta} : "ab"*');
  });

  it('gives nothing to search for when nothing searchable was typed', () => {
    for (const q of ['', '   ', '"', '***', '()', '-', ':', '^', '{}', '+-*/']) expect(parseQuery(q)).toEqual({ terms: [], expression: null, broad: false });
  });

  it('turns FTS5 syntax into plain words', () => {
    const q = parseQuery('NEAR(hjärt stopp, 2) OR "rutin" -barn AND col:x* ^start');
    expect(q.terms).toEqual(['near', 'hjart', 'stopp', '2', 'or', 'rutin', 'barn', 'and', 'col', 'x', 'start']);
    for (const t of q.terms) expect(q.expression).toContain(`"${t}"*`);
    // Only the quoted terms, AND between them, and column filters we wrote ourselves.
    expect(q.expression!.replace(/\{title meta\} : /g, '').replace(/"[a-z0-9]+"\*/g, 'T')).toMatch(/^T( AND T)*$/);
  });

  it('leaves out words found in nearly every text, unless typed last or alone', () => {
    expect(parseQuery('rutin för hjärtstopp').expression).toBe('"rutin"* AND "hjartstopp"*');
    expect(parseQuery('rutin för').expression).toBe('"rutin"* AND "for"*');
    expect(parseQuery('och i').expression).toBe('"och"* AND {title meta} : "i"*');
    expect(parseQuery('rutin för hjärtstopp').terms).toEqual(['rutin', 'for', 'hjartstopp']);
  });

  it('marks single letters as too broad to rank', () => {
    expect(parseQuery('ö').broad).toBe(true);
    expect(parseQuery('ö a').broad).toBe(true);
    expect(parseQuery('ör').broad).toBe(false);
  });

  it('bounds the number and length of terms', () => {
    const many = Array.from({ length: 40 }, (_, i) => `ord${i}`).join(' ');
    expect(parseQuery(many).terms).toHaveLength(MAX_TERMS);
    expect([...parseQuery('a'.repeat(400)).terms[0]!]).toHaveLength(64);
  });

  it('gives the viewer the folded words to highlight', () => {
    expect(highlightTerms('Överflyttning till IVA')).toEqual(['overflyttning', 'till', 'iva']);
  });
});

describe('match ranges', () => {
  it('finds folded terms inside compounds and marks whole words on request', () => {
    const title = 'Hjärtstopp – rutin för vuxna';
    expect(findMatchRanges(title, ['stopp'])).toEqual([{ start: 5, end: 10 }]);
    const whole = findMatchRanges(title, ['stopp'], { wholeWords: true });
    expect(whole).toEqual([{ start: 0, end: 10 }]);
    expect(markText(title, whole)).toBe('«Hjärtstopp» – rutin för vuxna');
  });

  it('matches short terms only at the start of a word', () => {
    expect(findMatchRanges('PM om apor', ['pm', 'po'])).toEqual([{ start: 0, end: 2 }]);
  });

  it('maps matches of folded text onto the original characters', () => {
    const text = 'Överflyttning ÖVERFLYTTNING';
    const ranges = findMatchRanges(text, ['overflyttning']);
    expect(ranges.map((r) => text.slice(r.start, r.end))).toEqual(['Överflyttning', 'ÖVERFLYTTNING']);
  });

  it('merges overlapping matches of several terms', () => {
    expect(findMatchRanges('vårdhygien', ['hygien', 'vardhyg'])).toEqual([{ start: 0, end: 10 }]);
  });

  it('reads FTS5 snippets into plain text with ranges, white space made single', () => {
    const raw = 'Vid \u0002hjärtstopp\u0003:\n  larma,\tstarta \u0002HLR\u0003…';
    const { text, matches } = parseMarkedSnippet(raw, '\u0002', '\u0003');
    expect(text).toBe('Vid hjärtstopp: larma, starta HLR…');
    expect(matches.map((r) => text.slice(r.start, r.end))).toEqual(['hjärtstopp', 'HLR']);
  });
});
