// Gives every component the one API object: the desktop app's `window.api` (from the
// preload) or, in browser mode, the HTTP client.
import { createContext, useContext, type ReactNode } from 'react';
import type { ApiResult, RendererApi } from '../../../sync/api/contract.js';

const ApiContext = createContext<RendererApi | null>(null);

export function ApiProvider({ api, children }: { api: RendererApi; children: ReactNode }) {
  return <ApiContext.Provider value={api}>{children}</ApiContext.Provider>;
}

export function useApi(): RendererApi {
  const api = useContext(ApiContext);
  if (!api) throw new Error('useApi outside ApiProvider');
  return api;
}

/** The value, or throws the API's own (Swedish, actionable) message. */
export function unwrap<T>(result: ApiResult<T>): T {
  if (result.ok) return result.value;
  throw new Error(result.error.message);
}
