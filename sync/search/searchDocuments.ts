// Searching the catalog: what the CLI's `search` and the UI's search box call. Every word
// typed must match the document somewhere (title, metadata, text); titles weigh most (bm25
// weights in migration 0002). Each hit carries a snippet with its matches as ranges, plain
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
  matchedIn: { title: boolean; metadata: boolean; text: boolean };
  /** bm25 rank: lower is better. */
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
}

export const SEARCH_SQL = `
  SELECT e.id AS entryId, e.library_id AS libraryId, e.document_id AS id, e.title AS title, e.meta AS meta,
    e.document_type AS documentType, e.unit AS unit, d.version AS version, d.content_type AS contentType,
    d.mirror_path AS mirrorPath, search_fts.rank AS score
  FROM search_fts
  JOIN search_entries e ON e.id = search_fts.rowid
  JOIN documents d ON d.library_id = e.library_id AND d.id = e.document_id
  WHERE search_fts MATCH @expression
    AND (@libraryId IS NULL OR e.library_id = @libraryId)
    AND (@documentType IS NULL OR e.document_type = @documentType)
    AND (@unit IS NULL OR e.unit = @unit)
  ORDER BY search_fts.rank
  LIMIT @limit OFFSET @offset`;

export const SNIPPET_SQL = `
  SELECT snippet(search_fts, ${COLUMNS.body}, char(2), char(3), '…', ${SNIPPET_TOKENS})
  FROM search_fts WHERE search_fts MATCH ? AND rowid = ?`;

function dbOf(source: Catalog | Db): Db {
  return 'prepare' in source ? source : source.db;
}

function clampLimit(n: number | undefined): number {
  if (n === undefined || !Number.isFinite(n)) return DEFAULT_LIMIT;
  return Math.min(MAX_LIMIT, Math.max(1, Math.floor(n)));
}

/** Searches the active documents. Any input is safe: it is never read as query syntax. */
export function searchDocuments(source: Catalog | Db, query: string, opts: SearchOptions = {}): SearchResponse {
  const db = dbOf(source);
  const { terms, expression } = parseQuery(query);
  if (!expression) return { terms, hits: [] };
  const rows = sql(db, SEARCH_SQL).all({
    expression,
    libraryId: opts.libraryId ?? null,
    documentType: opts.documentType ?? null,
    unit: opts.unit ?? null,
    limit: clampLimit(opts.limit),
    offset: Math.max(0, Math.floor(opts.offset ?? 0)),
  }) as HitRow[];
  return { terms, hits: rows.map((r) => toHit(db, r, expression, terms)) };
}

function toHit(db: Db, r: HitRow, expression: string, terms: string[]): SearchHit {
  const titleMatches = findMatchRanges(r.title, terms, { wholeWords: true });
  const metaMatches = findMatchRanges(r.meta, terms, { wholeWords: true });
  const rawBody = sql(db, SNIPPET_SQL).pluck().get(expression, r.entryId) as string | null;
  const body = rawBody && rawBody.includes(OPEN) ? parseMarkedSnippet(rawBody, OPEN, CLOSE) : null;
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
