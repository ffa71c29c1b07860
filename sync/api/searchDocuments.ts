// The UI's search, in one place: the full-text engine (sync/search) answers, and the UI
// gets the contract's shape: results (title, type, unit, version, snippet with match
// ranges), the words to highlight inside the document, and facets for the filters.
import type { Catalog } from '../catalog/catalog.js';
import { searchDocuments as searchIndex, searchFacets } from '../search/searchDocuments.js';
import type { FacetValue, SearchResponse } from './contract.js';
import { documentKind } from './documentViews.js';

export interface SearchFilters {
  libraryId?: string | undefined;
  documentType?: string | undefined;
  unit?: string | undefined;
  limit: number;
}

export function searchDocuments(catalog: Catalog, query: string, filters: SearchFilters): SearchResponse {
  const found = searchIndex(catalog, query, {
    libraryId: filters.libraryId ?? null,
    documentType: filters.documentType ?? null,
    unit: filters.unit ?? null,
    limit: filters.limit,
  });
  const facets = cachedFacets(catalog, filters.libraryId ?? null);
  return {
    terms: found.terms,
    results: found.hits.map((h) => ({
      libraryId: h.libraryId,
      id: h.id,
      title: h.title,
      documentType: h.documentType,
      unit: h.unit,
      version: h.version,
      snippet: h.snippet.text,
      matches: h.snippet.matches.map((m): [number, number] => [m.start, m.end]),
      kind: documentKind(h.contentType, h.mirrorPath.split('/').at(-1) ?? ''),
    })),
    facets: {
      documentType: facets.documentTypes,
      unit: facets.units,
      libraryId: libraryFacet(catalog),
    },
  };
}

type Facets = ReturnType<typeof searchFacets>;
const facetCache = new WeakMap<Catalog, { version: number; byLibrary: Map<string | null, Facets> }>();

/**
 * The filter values do not depend on what is typed, only on the catalog: computed once per
 * library until a sync commits (PRAGMA data_version moves), not on every keystroke.
 */
function cachedFacets(catalog: Catalog, libraryId: string | null): Facets {
  const version = catalog.db.pragma('data_version', { simple: true }) as number;
  let entry = facetCache.get(catalog);
  if (!entry || entry.version !== version) {
    entry = { version, byLibrary: new Map() };
    facetCache.set(catalog, entry);
  }
  let facets = entry.byLibrary.get(libraryId);
  if (!facets) {
    facets = searchFacets(catalog, { libraryId });
    entry.byLibrary.set(libraryId, facets);
  }
  return facets;
}

function libraryFacet(catalog: Catalog): FacetValue[] {
  return catalog
    .libraries()
    .map((l) => ({ value: l.id, count: catalog.countActive(l.id) }))
    .filter((f) => f.count > 0);
}
