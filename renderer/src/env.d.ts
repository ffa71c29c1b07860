// The desktop app's preload puts the API on window (see main/preload.cts); browser mode
// has none and uses the HTTP client instead.
import type { RendererApi } from '../../sync/api/contract.js';

declare global {
  interface Window {
    api?: RendererApi;
  }
}
