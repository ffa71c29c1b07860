// The HTTP client every network source uses: timeouts (to the headers, and between body
// chunks so a stalled server is noticed), redirects followed only on the same host, and
// errors a person can read. Credentials never appear in messages. Requests go over Node's
// http/https modules (nodeTransport.ts), or through fetch when a proxy is configured,
// since the proxy agent is installed behind fetch (proxy.ts).
import { parseRetryAfter, type RetryableInfo } from './retry.js';
import { nodeRequest, type ResponseHeaders, type TransportRequest, type TransportResponse } from './nodeTransport.js';

let viaFetch = false;

/** Sends every later request through fetch (and so through the proxy installed behind it). */
export function useFetchTransport(): void {
  viaFetch = true;
}

export interface HttpClientOptions {
  timeoutMs: number;
  userAgent: string;
  /** Headers sent with every request (Authorization…). Never logged. */
  headers?: Record<string, string>;
  maxRedirects?: number;
}

export class HttpError extends Error {
  constructor(
    message: string,
    readonly url: string,
    readonly status: number | null,
    readonly retryAfterMs?: number,
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

export class NetworkError extends Error {
  constructor(
    message: string,
    readonly url: string,
    readonly code: string,
  ) {
    super(message);
    this.name = 'NetworkError';
  }
}

export interface HttpResponse {
  status: number;
  headers: ResponseHeaders;
  url: string;
  body: AsyncIterable<Uint8Array>;
  /** Stops the body early (the connection is dropped). */
  cancel(): void;
}

/** URL without credentials or query string, for messages and logs. */
export function displayUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.origin}${u.pathname}${u.search ? '?…' : ''}`;
  } catch {
    return '(ogiltig adress)';
  }
}

export class HttpClient {
  constructor(private readonly options: HttpClientOptions) {}

  async request(
    url: string,
    init: { method?: string; headers?: Record<string, string>; body?: string; signal?: AbortSignal | undefined } = {},
    okStatuses: readonly number[] = [200],
  ): Promise<HttpResponse> {
    let current = url;
    const maxRedirects = this.options.maxRedirects ?? 5;
    for (let hop = 0; ; hop++) {
      const res = await this.once(current, init);
      // A caller that lists a redirect status among the wanted ones handles it itself
      // (Graph's /content answers 302 to a pre-authenticated URL on another host).
      const wanted = okStatuses.includes(res.status);
      if (res.status >= 300 && res.status < 400 && res.status !== 304 && !wanted && res.headers.has('location')) {
        res.cancel();
        const next = new URL(res.headers.get('location')!, current);
        if (hop >= maxRedirects) {
          throw new HttpError(`För många omdirigeringar från ${displayUrl(url)}`, url, res.status);
        }
        if (next.hostname !== new URL(current).hostname || !/^https?:$/.test(next.protocol)) {
          throw new HttpError(
            `${displayUrl(current)} omdirigerar till en annan server (${next.host}); det tillåts inte`,
            url,
            res.status,
          );
        }
        current = next.toString();
        continue;
      }
      if (!okStatuses.includes(res.status)) {
        res.cancel();
        throw new HttpError(
          `${displayUrl(current)} svarade ${res.status}${statusText(res.status)}`,
          current,
          res.status,
          parseRetryAfter(res.headers.get('retry-after')),
        );
      }
      return res;
    }
  }

  private async once(
    url: string,
    init: { method?: string; headers?: Record<string, string>; body?: string; signal?: AbortSignal | undefined },
  ): Promise<HttpResponse> {
    const controller = new AbortController();
    const onAbort = () => controller.abort(init.signal?.reason);
    init.signal?.addEventListener('abort', onAbort, { once: true });
    const detach = () => init.signal?.removeEventListener('abort', onAbort);
    const timeoutMs = this.options.timeoutMs;
    const timer = setTimeout(() => controller.abort(new TimeoutError(timeoutMs)), timeoutMs);
    let res: TransportResponse;
    try {
      res = await (viaFetch ? fetchRequest : nodeRequest)(url, {
        method: init.method ?? 'GET',
        headers: { 'user-agent': this.options.userAgent, ...this.options.headers, ...init.headers },
        ...(init.body !== undefined ? { body: init.body } : {}),
        signal: controller.signal,
      });
    } catch (err) {
      detach();
      throw toNetworkError(err, url, controller.signal);
    } finally {
      clearTimeout(timer);
    }
    const cancel = () => {
      detach();
      controller.abort(new Error('cancelled'));
    };
    return { status: res.status, headers: res.headers, url, body: timedBody(res.body, url, timeoutMs, controller, detach), cancel };
  }
}

/** Node's fetch: the transport behind a proxy, which proxy.ts installs as fetch's dispatcher. */
async function fetchRequest(url: string, init: TransportRequest): Promise<TransportResponse> {
  const res = await fetch(url, { ...init, redirect: 'manual' });
  return { status: res.status, headers: res.headers, body: (res.body ?? []) as AsyncIterable<Uint8Array> };
}

/**
 * The body's chunks, each awaited for at most `timeoutMs` (a server that stops sending is
 * noticed); a body left unfinished (its reader stopped early or failed) drops the request.
 */
async function* timedBody(
  body: AsyncIterable<Uint8Array>,
  url: string,
  timeoutMs: number,
  controller: AbortController,
  detach: () => void,
): AsyncGenerator<Uint8Array> {
  const chunks = body[Symbol.asyncIterator]();
  let finished = false;
  try {
    for (;;) {
      const timer = setTimeout(() => controller.abort(new TimeoutError(timeoutMs)), timeoutMs);
      let next: IteratorResult<Uint8Array>;
      try {
        next = await chunks.next();
      } catch (err) {
        throw toNetworkError(err, url, controller.signal);
      } finally {
        clearTimeout(timer);
      }
      if (next.done) {
        finished = true;
        return;
      }
      yield next.value;
    }
  } finally {
    detach();
    if (!finished && !controller.signal.aborted) controller.abort(new Error('cancelled'));
  }
}

export class TimeoutError extends Error {
  constructor(readonly ms: number) {
    super(`inget svar på ${Math.round(ms / 1000)} s`);
    this.name = 'TimeoutError';
  }
}

function toNetworkError(err: unknown, url: string, signal: AbortSignal): Error {
  if (signal.aborted && signal.reason instanceof TimeoutError) {
    return new NetworkError(`Kunde inte nå ${displayUrl(url)} (${signal.reason.message})`, url, 'ETIMEDOUT');
  }
  if (signal.aborted && !(signal.reason instanceof TimeoutError) && signal.reason) {
    return signal.reason as Error;
  }
  const cause = (err as { cause?: { code?: string; message?: string } }).cause;
  const code = cause?.code ?? (err as NodeJS.ErrnoException).code ?? 'ENETWORK';
  return new NetworkError(`Kunde inte nå ${displayUrl(url)} (${describeCode(code, cause?.message)})`, url, code);
}

function describeCode(code: string, fallback: string | undefined): string {
  const texts: Record<string, string> = {
    ECONNREFUSED: 'anslutningen nekades',
    ECONNRESET: 'anslutningen bröts',
    ENOTFOUND: 'servernamnet hittades inte',
    EAI_AGAIN: 'namnuppslagningen misslyckades',
    ETIMEDOUT: 'tidsgränsen gick ut',
    EHOSTUNREACH: 'servern går inte att nå',
    ENETUNREACH: 'nätverket går inte att nå',
    UND_ERR_SOCKET: 'anslutningen bröts',
    UND_ERR_CONNECT_TIMEOUT: 'tidsgränsen för anslutning gick ut',
    UND_ERR_HEADERS_TIMEOUT: 'inget svar från servern',
    UND_ERR_BODY_TIMEOUT: 'servern slutade skicka data',
    UND_ERR_RES_CONTENT_LENGTH_MISMATCH: 'svaret avbröts innan filen var hel',
    CERT_HAS_EXPIRED: 'serverns certifikat har gått ut',
    DEPTH_ZERO_SELF_SIGNED_CERT: 'serverns certifikat är inte betrott',
    SELF_SIGNED_CERT_IN_CHAIN: 'serverns certifikat är inte betrott',
    UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'serverns certifikat är inte betrott',
  };
  return texts[code] ?? fallback ?? code;
}

function statusText(status: number): string {
  const texts: Record<number, string> = {
    401: ' (inloggning krävs eller fel inloggningsuppgifter)',
    403: ' (åtkomst nekad)',
    404: ' (finns inte)',
    408: ' (tidsgräns)',
    429: ' (för många förfrågningar)',
    500: ' (serverfel)',
    502: ' (felaktig gateway)',
    503: ' (tjänsten är inte tillgänglig)',
    504: ' (gateway-timeout)',
  };
  return texts[status] ?? '';
}

/** Which errors a retry may cure. */
export function classifyHttpError(err: unknown): RetryableInfo {
  if (err instanceof NetworkError) return { retryable: true };
  if (err instanceof HttpError && err.status !== null) {
    const s = err.status;
    return { retryable: s >= 500 || s === 429 || s === 408, retryAfterMs: err.retryAfterMs };
  }
  return { retryable: false };
}

/** Reads a whole body into memory, refusing more than `maxBytes`. */
export async function readBody(res: HttpResponse, maxBytes: number, what: string): Promise<Buffer> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of res.body) {
    size += chunk.byteLength;
    if (size > maxBytes) {
      res.cancel();
      throw new HttpError(`${what} är större än gränsen ${Math.round(maxBytes / 1024 / 1024)} MB`, res.url, res.status);
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}
