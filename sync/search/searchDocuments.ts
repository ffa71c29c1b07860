// Searching the catalog: what the CLI's `search` and the UI's search box call. Every word
// typed must match the document somewhere (title, metadata, text); titles weigh most (bm25
// weights in migration 0003). Each hit carries a snippet with its matches as ranges, plain
// text marked «…» for the CLI, and facets list the document types and units to filter by.
import type Database from 'better-sqlite3';
import type { Catalog } from '../catalog/catalog.js';
import { findMatchRanges, markText, parseMarkedSnippet, type TextRange } from './highlight.js';
import { COLUMNS, parseQuery } from './query.js';
import { sql } from './searchIndex.js';

type Db = Database.Database;

export interface SearchOptions {
  libraryId?: string | null;
  documentType?: string | null;
  unit?: string | null;
  /** At most this many hits (default 20, at most 200). */
  limit?: number;
  offset?: number;
}

export interface SearchHit {
  libraryId: string;
  id: string;
  title: string;
  documentType: string | null;
  unit: string | null;
  version: string | null;
  contentType: string | null;
  /** Relative to the mirror folder, '/'-separated (MirrorWriter.resolve makes it absolute). */
  mirrorPath: string;
  /** A short passage around the matches (from the text, or else the title or metadata). */
  snippet: { text: string; matches: TextRange[] };
  /** The snippet with each match wrapped in «…», for plain-text output. */
  markedSnippet: string;
  /** Matches in the title, for marking it in a hit list. */
  titleMatches: TextRange[];
  /** Where the words were seen; `text` is true when the snippet comes from the text. */
  matchedIn: { title: boolean; metadata: boolean; text: boolean };
  /** bm25 rank within its tier (lower is better); title and metadata matches come first. */
  score: number;
}

export interface SearchResponse {
  /** The folded words searched for: what to highlight in the document (see findMatchRanges). */
  terms: string[];
  hits: SearchHit[];
}

const DEFAULT_LIMIT = 20;
const MAX_LIMIT = 200;
const SNIPPET_TOKENS = 16;
// Control characters never occur in indexed text (extraction strips them), so they can
// mark matches unambiguously until the snippet is parsed.
const OPEN = '\u0002';
const CLOSE = '\u0003';

interface HitRow {
  entryId: number;
  libraryId: string;
  id: string;
  title: string;
  meta: string;
  documentType: string | null;
  unit: string | null;
  version: string | null;
  contentType: string | null;
  mirrorPath: string;
  score: number;
  /** From search_fts only: the text around the matches, marked with OPEN/CLOSE. */
  snippet: string | null;
}

const HIT_COLUMNS = `e.id AS entryId, e.library_id AS libraryId, e.document_id AS id, e.title AS title, e.meta AS meta,
    e.document_type AS documentType, e.unit AS unit, d.version AS version, d.content_type AS contentType,
    d.mirror_path AS mirrorPath`;
const FILTERS = `(@libraryId IS NULL OR e.library_id = @libraryId)
    AND (@documentType IS NULL OR e.document_type = @documentType)
    AND (@unit IS NULL OR e.unit = @unit)`;

/** First tier: every word in the title or metadata. A small index, so this is fast however common the words. */
export const META_SEARCH_SQL = `
  SELECT ${HIT_COLUMNS}, search_meta.rank AS score, NULL AS snippet
  FROM search_meta
  JOIN search_entries e ON e.id = search_meta.rowid
  JOIN documents d ON d.library_id = e.library_id AND d.id = e.document_id
  WHERE search_meta MATCH @expression AND ${FILTERS}
  ORDER BY search_meta.rank
  LIMIT @limit`;

/** Single letters: unranked (in index order), since nearly everything matches. */
export const META_BROAD_SQL = META_SEARCH_SQL.replace('ORDER BY search_meta.rank', 'ORDER BY search_meta.rowid');

/**
 * Second tier, only when the first one does not fill the page: documents that need their
 * text for some word, with a snippet of it (computed only for the rows returned).
 */
export const TEXT_SEARCH_SQL = `
  SELECT ${HIT_COLUMNS}, search_fts.rank AS score,
    snippet(search_fts, ${COLUMNS.body}, char(2), char(3), '…', ${SNIPPET_TOKENS}) AS snippet
  FROM search_fts
  JOIN search_entries e ON e.id = search_fts.rowid
  JOIN documents d ON d.library_id = e.library_id AND d.id = e.document_id
  WHERE search_fts MATCH @expression AND ${FILTERS}
    AND search_fts.rowid NOT IN (SELECT value FROM json_each(@exclude))
  ORDER BY search_fts.rank
  LIMIT @limit`;

function dbOf(source: Catalog | Db): Db {
  return 'prepare' in source ? source : source.db;
}

function clampLimit(n: number | undefined): number {
  if (n === undefined || !Number.isFinite(n)) return DEFAULT_LIMIT;
  return Math.min(MAX_LIMIT, Math.max(1, Math.floor(n)));
}

/**
 * Searches the active documents, best first: documents with every word in their title or
 * metadata (ranked by bm25, titles weighing most), then documents that need their text for
 * some word (ranked by bm25 over title, metadata and text). Any input is safe: it is never
 * read as query syntax.
 */
export function searchDocuments(source: Catalog | Db, query: string, opts: SearchOptions = {}): SearchResponse {
  const db = dbOf(source);
  const { terms, expression, broad } = parseQuery(query);
  if (!expression) return { terms, hits: [] };
  const offset = Math.max(0, Math.floor(opts.offset ?? 0));
  const wanted = offset + clampLimit(opts.limit);
  const params = { expression, libraryId: opts.libraryId ?? null, documentType: opts.documentType ?? null, unit: opts.unit ?? null };
  const rows = sql(db, broad ? META_BROAD_SQL : META_SEARCH_SQL).all({ ...params, limit: wanted }) as HitRow[];
  if (rows.length < wanted && !broad) {
    const exclude = JSON.stringify(rows.map((r) => r.entryId));
    rows.push(...(sql(db, TEXT_SEARCH_SQL).all({ ...params, exclude, limit: wanted - rows.length }) as HitRow[]));
  }
  return { terms, hits: rows.slice(offset).map((r) => toHit(r, terms)) };
}

function toHit(r: HitRow, terms: string[]): SearchHit {
  const titleMatches = findMatchRanges(r.title, terms, { wholeWords: true });
  const metaMatches = findMatchRanges(r.meta, terms, { wholeWords: true });
  const body = r.snippet && r.snippet.includes(OPEN) ? parseMarkedSnippet(r.snippet, OPEN, CLOSE) : null;
  const snippet =
    body ??
    (titleMatches.length > 0 || metaMatches.length === 0
      ? { text: r.title, matches: titleMatches }
      : { text: r.meta, matches: metaMatches });
  return {
    libraryId: r.libraryId,
    id: r.id,
    title: r.title,
    documentType: r.documentType,
    unit: r.unit,
    version: r.version,
    contentType: r.contentType,
    mirrorPath: r.mirrorPath,
    snippet,
    markedSnippet: markText(snippet.text, snippet.matches),
    titleMatches,
    matchedIn: { title: titleMatches.length > 0, metadata: metaMatches.length > 0, text: body !== null },
    score: r.score,
  };
}

export interface FacetValue {
  value: string;
  count: number;
}

export interface SearchFacets {
  documentTypes: FacetValue[];
  units: FacetValue[];
}

/** The document types and units there are to filter by, with how many documents have each. */
export function searchFacets(source: Catalog | Db, opts: { libraryId?: string | null } = {}): SearchFacets {
  const db = dbOf(source);
  const facet = (column: 'document_type' | 'unit'): FacetValue[] =>
    (
      sql(
        db,
        `SELECT ${column} AS value, count(*) AS count FROM search_entries
         WHERE ${column} IS NOT NULL AND (@libraryId IS NULL OR library_id = @libraryId) GROUP BY ${column}`,
      ).all({ libraryId: opts.libraryId ?? null }) as FacetValue[]
    ).sort((a, b) => a.value.localeCompare(b.value, 'sv'));
  return { documentTypes: facet('document_type'), units: facet('unit') };
}
