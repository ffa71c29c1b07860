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
  const facets = searchFacets(catalog, { libraryId: filters.libraryId ?? null });
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

function libraryFacet(catalog: Catalog): FacetValue[] {
  return catalog
    .libraries()
    .map((l) => ({ value: l.id, count: catalog.countActive(l.id) }))
    .filter((f) => f.count > 0);
}
