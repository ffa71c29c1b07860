// Turns what a person typed into search terms and a safe FTS5 query. Input is never
// passed to FTS5 as syntax: it is folded and split into words, and every word becomes a
// quoted prefix term, so quotes, stars, parentheses, AND/OR/NOT/NEAR and minus signs are
// just text. Pure: the UI uses `highlightTerms` to mark hits in its viewer.
import { MIN_FRAGMENT, foldedWords } from './fold.js';

/** Longer input is cut: nobody types more, and a huge query must not cost a huge plan. */
export const MAX_QUERY_CHARS = 500;
export const MAX_TERMS = 16;
const MAX_TERM_CHARS = 64;

/** The FTS5 columns of search_fts (migration 0003), in order. */
export const COLUMNS = { title: 0, fragments: 1, meta: 2, body: 3 } as const;

export interface ParsedQuery {
  /** Folded words, deduplicated, in the order typed: what to highlight. */
  terms: string[];
  /** The FTS5 MATCH expression, or null when nothing searchable was typed. */
  expression: string | null;
  /** Only single letters were typed: they match so much that ranking them is pointless. */
  broad: boolean;
}

// Words in nearly every Swedish text (folded). They are left out of a query that has other
// words, unless typed last: the last word may be the start of a longer one ("för" → "förlossning").
const STOP_WORDS = new Set(
  'och i att det som en ett pa ar av for med till den de om vid eller samt fran hos har inte kan ska'.split(' '),
);

export function parseQuery(input: string): ParsedQuery {
  const seen = new Set<string>();
  for (const word of foldedWords(input.slice(0, MAX_QUERY_CHARS))) {
    if (seen.size >= MAX_TERMS) break;
    seen.add([...word].slice(0, MAX_TERM_CHARS).join(''));
  }
  const terms = [...seen];
  if (terms.length === 0) return { terms, expression: null, broad: false };
  const last = terms.at(-1);
  const searched = terms.some((t) => !STOP_WORDS.has(t)) ? terms.filter((t) => !STOP_WORDS.has(t) || t === last) : terms;
  return { terms, expression: searched.map(termExpression).join(' AND '), broad: searched.every((t) => [...t].length === 1) };
}

/**
 * A term of three or more characters is a prefix of a word anywhere (title, metadata,
 * text) or a fragment of a word in the title or metadata (compound words). Shorter terms
 * would match nearly every text, so they only match the start of a title or metadata word.
 */
function termExpression(term: string): string {
  const quoted = `"${term.replace(/"/g, '""')}"*`;
  return [...term].length >= MIN_FRAGMENT ? quoted : `{title meta} : ${quoted}`;
}

/** The words to highlight in a document's text (e.g. inside the PDF viewer) for a query. */
export function highlightTerms(query: string): string[] {
  return parseQuery(query).terms;
}
