// The API over HTTP, for browser mode (`lita-reserv serve`): the same RendererApi the
// desktop app's preload exposes, so the UI does not know which host it runs in. The key
// arrives in the URL fragment (never sent to any server), is kept for this tab only, and
// goes in an Authorization header: a page on another site can neither read nor send it.
import type { ApiMethod, ApiResult, RendererApi, SyncEvent } from '../../../sync/api/contract.js';
import { apiMethodNames } from './methods';

const TOKEN_KEY = 'lita-reserv.token';

/** Takes the key out of the address bar (so it is not bookmarked or shown) and keeps it. */
export function takeToken(): string | null {
  const match = /(?:^#|&)token=([A-Za-z0-9_-]+)/.exec(window.location.hash);
  if (match?.[1]) {
    sessionStorage.setItem(TOKEN_KEY, match[1]);
    history.replaceState(null, '', window.location.pathname + window.location.search);
    return match[1];
  }
  return sessionStorage.getItem(TOKEN_KEY);
}

async function call(token: string, method: ApiMethod, input: unknown): Promise<ApiResult<unknown>> {
  let res: Response;
  try {
    res = await fetch(`api/${method}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
      body: JSON.stringify({ input }),
    });
  } catch (err) {
    return { ok: false, error: { code: 'unavailable', message: `LITA Reserv svarar inte (${String(err)}). Är "lita-reserv serve" igång?` } };
  }
  if (res.ok && res.headers.get('Content-Type') === 'application/octet-stream') {
    return { ok: true, value: new Uint8Array(await res.arrayBuffer()) };
  }
  try {
    return (await res.json()) as ApiResult<unknown>;
  } catch {
    return { ok: false, error: { code: 'internal', message: `Oväntat svar från servern (HTTP ${res.status}).` } };
  }
}

/** Reads the server-sent event stream with fetch (so the key travels in a header) and reconnects. */
function subscribeEvents(token: string, listener: (e: SyncEvent) => void): () => void {
  const controller = new AbortController();
  const run = async () => {
    while (!controller.signal.aborted) {
      try {
        const res = await fetch('api/events', { headers: { Authorization: `Bearer ${token}` }, signal: controller.signal });
        if (!res.ok || !res.body) throw new Error(`HTTP ${res.status}`);
        const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
        let buffer = '';
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          buffer += value;
          let end: number;
          while ((end = buffer.indexOf('\n\n')) >= 0) {
            const block = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            const data = block
              .split('\n')
              .filter((l) => l.startsWith('data: '))
              .map((l) => l.slice(6))
              .join('\n');
            if (data) listener(JSON.parse(data) as SyncEvent);
          }
        }
      } catch (err) {
        if (controller.signal.aborted) return;
        console.warn(`sync events: ${String(err)}; reconnecting`);
      }
      await new Promise((r) => setTimeout(r, 3000));
    }
  };
  void run();
  return () => controller.abort();
}

export function createHttpApi(token: string): RendererApi {
  const api: Record<string, unknown> = {};
  for (const m of apiMethodNames) api[m] = (input?: unknown) => call(token, m, input);
  api.onSyncEvent = (listener: (e: SyncEvent) => void) => subscribeEvents(token, listener);
  return api as RendererApi;
}
