// Search as you type: waits for a short pause in typing, then asks the API; answers that
// arrive after a newer query are dropped.
import { useEffect, useRef, useState } from 'react';
import type { SearchResponse } from '../../../sync/api/contract.js';
import { useApi } from '../api/ApiProvider';

export interface SearchFilters {
  libraryId?: string | undefined;
  documentType?: string | undefined;
  unit?: string | undefined;
}

export interface SearchState {
  response: SearchResponse | null;
  pending: boolean;
  error: string | null;
}

const DEBOUNCE_MS = 200;

export function useSearch(query: string, filters: SearchFilters): SearchState {
  const api = useApi();
  const [state, setState] = useState<SearchState>({ response: null, pending: false, error: null });
  const latest = useRef(0);
  const { libraryId, documentType, unit } = filters;

  useEffect(() => {
    const q = query.trim();
    if (q === '') {
      setState({ response: null, pending: false, error: null });
      return;
    }
    const seq = ++latest.current;
    setState((s) => ({ ...s, pending: true }));
    const timer = setTimeout(() => {
      void api.search({ query: q.slice(0, 200), libraryId, documentType, unit, limit: 100 }).then((r) => {
        if (seq !== latest.current) return;
        if (r.ok) setState({ response: r.value, pending: false, error: null });
        else setState({ response: null, pending: false, error: r.error.message });
      });
    }, DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [api, query, libraryId, documentType, unit]);

  return state;
}
