// Requests to Microsoft Graph: the bearer token (refreshed once on 401), one shared pause
// for every request after a 429/503 (throttled requests count against the quota, so
// nobody may retry early), retries with Retry-After or backoff, Graph's error codes in
// the errors, and links followed only on Graph's own host so the token never leaves it.
import type { Logger } from '../../log/logger.js';
import type { HttpClient} from '../../net/http.js';
import { classifyHttpError, displayUrl, HttpError, readBody, type HttpResponse } from '../../net/http.js';
import { parseRetryAfter, sleep, withRetry, type RetryPolicy } from '../../net/retry.js';
import type { GraphTokenProvider } from './graphAuth.js';
import { SourceAccessError } from '../types.js';

const MAX_JSON_BYTES = 64 * 1024 * 1024;
const ANY_STATUS = Array.from({ length: 500 }, (_, i) => i + 100);

export class GraphError extends HttpError {
  constructor(
    message: string,
    url: string,
    status: number,
    readonly code: string | null,
    retryAfterMs?: number,
  ) {
    super(message, url, status, retryAfterMs);
    this.name = 'GraphError';
  }
}

export interface GraphClientOptions {
  baseUrl: string;
  http: HttpClient;
  tokens: GraphTokenProvider;
  retry: RetryPolicy;
  log: Logger;
  signal?: AbortSignal | undefined;
}

export class GraphClient {
  readonly baseUrl: string;
  private readonly origin: string;
  /** No request starts before this time (ms): set by a throttled answer, honoured by all. */
  private notBefore = 0;

  constructor(private readonly opts: GraphClientOptions) {
    this.baseUrl = opts.baseUrl.replace(/\/+$/, '');
    this.origin = new URL(this.baseUrl).origin;
  }

  /** Is `url` on Graph's own host (safe to send the token to)? */
  isGraphUrl(url: string): boolean {
    try {
      const u = new URL(url);
      return u.origin === this.origin && u.pathname.startsWith(new URL(this.baseUrl).pathname);
    } catch {
      return false;
    }
  }

  url(path: string): string {
    return `${this.baseUrl}${path}`;
  }

  /** GET a JSON resource (a path below the base URL, or a full Graph link), with retries. */
  async getJson<T>(pathOrUrl: string): Promise<T> {
    const url = pathOrUrl.startsWith('/') ? this.url(pathOrUrl) : pathOrUrl;
    return this.retrying(async () => {
      const res = await this.send(url, {}, [200]);
      return JSON.parse((await readBody(res, MAX_JSON_BYTES, 'Svaret från Microsoft Graph')).toString('utf8')) as T;
    });
  }

  /** GET with the token where the answer is a redirect or a body: returns the raw response. */
  async getRaw(path: string, ok: readonly number[]): Promise<HttpResponse> {
    return this.retrying(() => this.send(this.url(path), {}, ok));
  }

  private retrying<T>(fn: () => Promise<T>): Promise<T> {
    return withRetry(fn, classifyHttpError, this.opts.retry, {
      signal: this.opts.signal,
      onRetry: (err, delayMs, attempt) => this.opts.log.info('retrying Graph request', { error: (err as Error).message, delayMs, attempt }),
    });
  }

  private async send(url: string, headers: Record<string, string>, ok: readonly number[]): Promise<HttpResponse> {
    if (!this.isGraphUrl(url)) throw new Error(`Länken ${displayUrl(url)} pekar inte till Microsoft Graph (${this.baseUrl}); den följs inte`);
    for (let attempt = 0; ; attempt++) {
      const wait = this.notBefore - Date.now();
      if (wait > 0) await sleep(wait, this.opts.signal);
      const token = await this.opts.tokens.token(this.opts.signal, attempt > 0);
      const res = await this.opts.http.request(
        url,
        { headers: { ...headers, authorization: `Bearer ${token}`, accept: 'application/json' }, signal: this.opts.signal },
        ANY_STATUS,
      );
      if (ok.includes(res.status)) return res;
      if (res.status === 401 && attempt === 0) {
        res.cancel();
        continue;
      }
      throw await this.toError(url, res);
    }
  }

  private async toError(url: string, res: HttpResponse): Promise<Error> {
    let code: string | null = null;
    let message = '';
    try {
      const body = JSON.parse((await readBody(res, 1024 * 1024, 'Felsvaret')).toString('utf8')) as {
        error?: { code?: string; message?: string; innerError?: { code?: string; 'request-id'?: string; date?: string } };
      };
      code = body.error?.code ?? null;
      message = body.error?.message ?? '';
      this.opts.log.warn('Graph request failed', { url: displayUrl(url), status: res.status, code, innerCode: body.error?.innerError?.code, requestId: body.error?.innerError?.['request-id'] });
    } catch {
      res.cancel();
    }
    const retryAfterMs = parseRetryAfter(res.headers.get('retry-after'));
    if (res.status === 429 || res.status === 503) {
      // Everyone pauses: early retries prolong throttling and can get the app blocked.
      this.notBefore = Math.max(this.notBefore, Date.now() + (retryAfterMs ?? 1000));
    }
    const where = displayUrl(url);
    if (res.status === 401 || res.status === 403) {
      return new SourceAccessError(
        `Microsoft Graph nekade åtkomst (${res.status}${code ? ` ${code}` : ''}) till ${where}: ` +
          'appen behöver behörigheten Sites.Selected med läsrätt (read) på webbplatsen, beviljad av en administratör',
      );
    }
    const text = `${where} svarade ${res.status}${code ? ` (${code})` : ''}${message ? `: ${message.slice(0, 200)}` : ''}`;
    return new GraphError(text, url, res.status, code, retryAfterMs);
  }
}
