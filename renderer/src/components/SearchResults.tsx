// The search's answer: filters (library, document type, unit) from the facets, and the
// hits with title, type, unit and version. Each hit is a button; Enter or a click opens it.
import { forwardRef, useEffect } from 'react';
import type { DocumentSummary, LibraryNode } from '../../../sync/api/contract.js';
import { useI18n } from '../i18n/I18nProvider';
import { useDrill } from '../drill/DrillProvider';
import { Highlighted } from './Highlighted';
import type { SearchFilters, SearchState } from './useSearch';

interface Props {
  state: SearchState;
  filters: SearchFilters;
  libraries: LibraryNode[];
  onFilters(f: SearchFilters): void;
  onOpen(doc: Pick<DocumentSummary, 'libraryId' | 'id'>): void;
}

export const SearchResults = forwardRef<HTMLUListElement, Props>(function SearchResults({ state, filters, libraries, onFilters, onOpen }, ref) {
  const { t } = useI18n();
  const { report } = useDrill();
  const { response, pending, error } = state;
  const facets = response?.facets;
  // In a drill, the routine counts as found once the person's own search shows it.
  useEffect(() => {
    if (response) report({ type: 'shown', docs: response.results });
  }, [response, report]);
  return (
    <section className="search-results" aria-labelledby="search-results-heading">
      <h2 id="search-results-heading" className="section-heading">
        {pending && !response ? t.searching : response ? t.searchResultsCount(response.results.length) : t.searching}
      </h2>
      <div className="filters">
        <label>
          {t.library}
          <select value={filters.libraryId ?? ''} onChange={(e) => onFilters({ ...filters, libraryId: e.target.value || undefined })}>
            <option value="">{t.allLibraries}</option>
            {libraries.map((l) => (
              <option key={l.id} value={l.id}>
                {l.title}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t.documentType}
          <select value={filters.documentType ?? ''} onChange={(e) => onFilters({ ...filters, documentType: e.target.value || undefined })}>
            <option value="">{t.allTypes}</option>
            {(facets?.documentType ?? []).map((f) => (
              <option key={f.value} value={f.value}>
                {f.value} ({f.count})
              </option>
            ))}
          </select>
        </label>
        <label>
          {t.unit}
          <select value={filters.unit ?? ''} onChange={(e) => onFilters({ ...filters, unit: e.target.value || undefined })}>
            <option value="">{t.allUnits}</option>
            {(facets?.unit ?? []).map((f) => (
              <option key={f.value} value={f.value}>
                {f.value} ({f.count})
              </option>
            ))}
          </select>
        </label>
      </div>
      {error ? <p className="error">{t.errorPrefix} {error}</p> : null}
      {response && response.results.length === 0 ? <p className="notice">{t.noResults}</p> : null}
      <ul className="result-list" ref={ref} data-testid="search-results">
        {response?.results.map((r) => (
          <li key={`${r.libraryId}/${r.id}`}>
            <button type="button" className="result" onClick={() => onOpen(r)} onKeyDown={(e) => moveFocus(e)}>
              <span className="result__title">
                <Highlighted text={r.title} ranges={r.snippet === r.title ? r.matches : []} />
              </span>
              <span className="result__meta">
                {[r.documentType, r.unit, r.version ? `${t.version} ${r.version}` : null].filter(Boolean).join(' · ')}
              </span>
              {r.snippet !== r.title ? (
                <span className="result__snippet">
                  <Highlighted text={r.snippet} ranges={r.matches} />
                </span>
              ) : null}
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
});

/** Arrow keys walk the hits like a list. */
function moveFocus(e: React.KeyboardEvent<HTMLButtonElement>) {
  if (e.key !== 'ArrowDown' && e.key !== 'ArrowUp') return;
  const li = e.currentTarget.parentElement;
  const next = (e.key === 'ArrowDown' ? li?.nextElementSibling : li?.previousElementSibling)?.querySelector('button');
  if (next) {
    e.preventDefault();
    next.focus();
  }
}
