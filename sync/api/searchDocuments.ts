// The UI's search, in one place: today it runs the title search, tomorrow the full-text
// engine. Whatever engine answers, the UI gets the same shape: results (title, type,
// unit, version, snippet with match ranges) and facets for the filters.
import type { Catalog } from '../catalog/catalog.js';
import { fold, searchTitles } from '../search/titleSearch.js';
import type { FacetValue, SearchResponse, SearchResult } from './contract.js';
import { documentKind, metaText } from './documentViews.js';

export interface SearchFilters {
  libraryId?: string | undefined;
  documentType?: string | undefined;
  unit?: string | undefined;
  limit: number;
}

/** Enough candidates that filtering after the engine still fills a page. */
const CANDIDATES = 5000;

export function searchDocuments(catalog: Catalog, query: string, filters: SearchFilters): SearchResponse {
  const hits = searchTitles(catalog, query, CANDIDATES);
  const all: SearchResult[] = hits.map(({ doc, snippet }) => ({
    libraryId: doc.libraryId,
    id: doc.id,
    title: doc.title,
    documentType: metaText(doc.metadata, 'documentType'),
    unit: metaText(doc.metadata, 'unit'),
    version: doc.version,
    snippet,
    matches: matchRanges(snippet, query),
    kind: documentKind(doc.contentType, doc.fileName),
  }));
  const results = all.filter(
    (r) =>
      (!filters.libraryId || r.libraryId === filters.libraryId) &&
      (!filters.documentType || r.documentType === filters.documentType) &&
      (!filters.unit || r.unit === filters.unit),
  );
  return {
    results: results.slice(0, filters.limit),
    facets: {
      documentType: facet(all, (r) => r.documentType),
      unit: facet(all, (r) => r.unit),
      libraryId: facet(all, (r) => r.libraryId),
    },
  };
}

function facet(results: readonly SearchResult[], pick: (r: SearchResult) => string | null): FacetValue[] {
  const counts = new Map<string, number>();
  for (const r of results) {
    const v = pick(r);
    if (v) counts.set(v, (counts.get(v) ?? 0) + 1);
  }
  return [...counts].map(([value, count]) => ({ value, count })).sort((a, b) => b.count - a.count || a.value.localeCompare(b.value, 'sv'));
}

/**
 * Where the query's words occur in `text`, case- and diacritic-insensitively, as
 * [start, end) ranges of the original text (folding can change lengths, so each
 * original character is folded on its own and the offsets mapped back).
 */
export function matchRanges(text: string, query: string): [number, number][] {
  const terms = fold(query).split(/\s+/).filter(Boolean);
  if (terms.length === 0) return [];
  let folded = '';
  const origin: number[] = [];
  let i = 0;
  for (const ch of text) {
    const f = fold(ch);
    for (let k = 0; k < f.length; k++) origin.push(i);
    folded += f;
    i += ch.length;
  }
  origin.push(text.length);
  const ranges: [number, number][] = [];
  for (const t of terms) {
    for (let at = folded.indexOf(t); at >= 0; at = folded.indexOf(t, at + t.length)) {
      ranges.push([origin[at]!, origin[at + t.length] ?? text.length]);
    }
  }
  ranges.sort((a, b) => a[0] - b[0]);
  const merged: [number, number][] = [];
  for (const r of ranges) {
    const last = merged.at(-1);
    if (last && r[0] <= last[1]) last[1] = Math.max(last[1], r[1]);
    else merged.push([r[0], r[1]]);
  }
  return merged;
}
