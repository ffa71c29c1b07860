// Marking hits: where the search terms occur in a title, a snippet or a whole page of a
// document, as ranges into the original text (diacritics and case folded the same way as
// the index). Pure, so the UI can use it to highlight hits in its PDF viewer.
import { MIN_FRAGMENT, foldWithMap, isWordChar } from './fold.js';

/** A half-open range [start, end) of UTF-16 positions in a text. */
export interface TextRange {
  start: number;
  end: number;
}

/** How matches are marked in plain-text snippets (CLI output, `search --json`). */
export const MATCH_OPEN = '«';
export const MATCH_CLOSE = '»';

const MAX_RANGES = 1000;
const WORD_OR_MARK = /[\p{L}\p{N}\p{M}]/u;

/**
 * Where `terms` (folded, from `parseQuery` or `highlightTerms`) occur in `text`. Terms of
 * three or more characters match anywhere, also inside compound words; shorter ones only
 * at the start of a word, as in the index. With `wholeWords`, each range grows to the
 * whole word it touches ("stopp" marks all of "Hjärtstopp").
 */
export function findMatchRanges(text: string, terms: readonly string[], opts: { wholeWords?: boolean } = {}): TextRange[] {
  const { folded, starts, ends } = foldWithMap(text);
  const found: TextRange[] = [];
  for (const term of terms) {
    if (term === '') continue;
    const wordStartOnly = [...term].length < MIN_FRAGMENT;
    for (let at = folded.indexOf(term); at !== -1 && found.length < MAX_RANGES; at = folded.indexOf(term, at + term.length)) {
      if (wordStartOnly && at > 0 && isWordChar(folded[at - 1]!)) continue;
      found.push({ start: starts[at]!, end: ends[at + term.length - 1]! });
    }
  }
  const ranges = opts.wholeWords ? found.map((r) => growToWord(text, r)) : found;
  return mergeRanges(ranges);
}

function growToWord(text: string, r: TextRange): TextRange {
  let { start, end } = r;
  while (start > 0 && WORD_OR_MARK.test(text[start - 1]!)) start--;
  while (end < text.length && WORD_OR_MARK.test(text[end]!)) end++;
  return { start, end };
}

export function mergeRanges(ranges: readonly TextRange[]): TextRange[] {
  const sorted = [...ranges].sort((a, b) => a.start - b.start || a.end - b.end);
  const out: TextRange[] = [];
  for (const r of sorted) {
    const last = out.at(-1);
    if (last && r.start <= last.end) last.end = Math.max(last.end, r.end);
    else out.push({ ...r });
  }
  return out;
}

/** The text with each range wrapped in «…» (the convention of `search --json` snippets). */
export function markText(text: string, ranges: readonly TextRange[], open = MATCH_OPEN, close = MATCH_CLOSE): string {
  let out = '';
  let at = 0;
  for (const r of ranges) {
    out += text.slice(at, r.start) + open + text.slice(r.start, r.end) + close;
    at = r.end;
  }
  return out + text.slice(at);
}

/**
 * Reads a snippet whose matches FTS5 wrapped in `open`/`close` control characters into
 * plain text plus ranges, with runs of white space (line breaks from the PDF) made single
 * spaces.
 */
export function parseMarkedSnippet(raw: string, open: string, close: string): { text: string; matches: TextRange[] } {
  let text = '';
  const matches: TextRange[] = [];
  let openAt: number | null = null;
  let pendingSpace = false;
  for (const ch of raw) {
    if (ch === open) {
      if (pendingSpace && text !== '') text += ' ';
      pendingSpace = false;
      openAt = text.length;
    } else if (ch === close) {
      if (openAt !== null && text.length > openAt) matches.push({ start: openAt, end: text.length });
      openAt = null;
    } else if (/\s/u.test(ch)) {
      pendingSpace = true;
    } else {
      if (pendingSpace && text !== '') text += ' ';
      pendingSpace = false;
      text += ch;
    }
  }
  return { text, matches: mergeRanges(matches) };
}
