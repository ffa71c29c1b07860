// The `manifest` source: a lita-manifest/1 library published over HTTP(S). An unchanged
// library costs one conditional request (ETag/If-None-Match); with a configured public
// key the manifest's Ed25519 signature must verify before anything in it is used.
import type { ManifestSourceConfig } from '../config/schema.js';
import type { RemoteDocument } from '../model.js';
import type { OpenedBody } from '../store/contentStore.js';
import { classifyHttpError, displayUrl, HttpClient, HttpError, readBody } from '../net/http.js';
import { withRetry } from '../net/retry.js';
import { documentsWithRefs, ManifestError, parseManifestBytes } from './manifestFormat.js';
import { verifySignature } from './signature.js';
import type { Listing, ProbeResult, Source, SourceContext } from './types.js';
import { probeWith } from './probe.js';

export const MAX_MANIFEST_BYTES = 128 * 1024 * 1024;

interface ManifestCursor {
  etag?: string;
  lastModified?: string;
}

export class SignatureError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SignatureError';
  }
}

export class ManifestSource implements Source {
  readonly type = 'manifest';
  readonly location: string;
  private readonly http: HttpClient;

  constructor(
    private readonly config: ManifestSourceConfig,
    private readonly ctx: SourceContext,
  ) {
    this.location = displayUrl(config.url);
    this.http = new HttpClient({ timeoutMs: ctx.timeoutMs, userAgent: ctx.userAgent });
  }

  async list(cursor: string | null): Promise<Listing> {
    const previous = parseCursor(cursor);
    const headers: Record<string, string> = { accept: 'application/json' };
    if (previous.etag) headers['if-none-match'] = previous.etag;
    else if (previous.lastModified) headers['if-modified-since'] = previous.lastModified;

    const { status, body, etag, lastModified } = await this.retrying(async () => {
      const res = await this.http.request(this.config.url, { headers, signal: this.ctx.signal }, [200, 304]);
      if (res.status === 304) {
        res.cancel();
        return { status: 304, body: Buffer.alloc(0), etag: null, lastModified: null };
      }
      return {
        status: 200,
        body: await readBody(res, MAX_MANIFEST_BYTES, 'Manifestet'),
        etag: res.headers.get('etag'),
        lastModified: res.headers.get('last-modified'),
      };
    });
    if (status === 304) return { kind: 'unchanged' };

    if (this.config.publicKey) await this.checkSignature(body, this.config.publicKey);
    const manifest = parseManifestBytes(body);
    const { documents, invalid } = documentsWithRefs(manifest, hrefResolver(this.config.url), (href) => `Ogiltig href "${href}" (bara http och https tillåts)`);
    if (manifest.libraryId && manifest.libraryId !== this.ctx.libraryId) {
      this.ctx.log.warn('manifest library id differs from config', {
        library: this.ctx.libraryId,
        manifestLibrary: manifest.libraryId,
      });
    }
    const next: ManifestCursor = {};
    if (etag) next.etag = etag;
    if (lastModified) next.lastModified = lastModified;
    return { kind: 'full', documents, invalid, cursor: etag || lastModified ? JSON.stringify(next) : null };
  }

  probe(): Promise<ProbeResult> {
    return probeWith(async () => {
      const res = await this.http.request(this.config.url, { method: 'HEAD', signal: this.ctx.signal });
      res.cancel();
    });
  }

  async open(doc: RemoteDocument, offset: number): Promise<OpenedBody> {
    const headers: Record<string, string> = { 'accept-encoding': 'identity' };
    if (offset > 0) headers.range = `bytes=${offset}-`;
    const res = await this.http.request(doc.ref, { headers, signal: this.ctx.signal }, [200, 206]);
    if (res.status === 206) {
      const start = /^bytes (\d+)-/.exec(res.headers.get('content-range') ?? '')?.[1];
      if (Number(start) !== offset) {
        res.cancel();
        throw new HttpError(`${displayUrl(doc.ref)} skickade fel del av filen`, doc.ref, 206);
      }
      return { body: res.body, offset };
    }
    return { body: res.body, offset: 0 };
  }

  private async checkSignature(body: Buffer, publicKey: string): Promise<void> {
    const sigUrl = `${this.config.url}.sig`;
    let signature: string;
    try {
      signature = await this.retrying(async () => {
        const res = await this.http.request(sigUrl, { signal: this.ctx.signal });
        return (await readBody(res, 4096, 'Signaturfilen')).toString('utf8');
      });
    } catch (err) {
      if (err instanceof HttpError && err.status === 404) {
        throw new SignatureError(`Signaturfilen saknas (${displayUrl(sigUrl)}); manifestet används inte`);
      }
      throw err;
    }
    let ok = false;
    try {
      ok = verifySignature(body, signature, publicKey);
    } catch (err) {
      throw new SignatureError(`Den konfigurerade publicKey går inte att använda: ${(err as Error).message}`);
    }
    if (!ok) throw new SignatureError('Manifestets signatur stämmer inte med den konfigurerade nyckeln; manifestet används inte');
  }

  private retrying<T>(fn: () => Promise<T>): Promise<T> {
    return withRetry(fn, classifyHttpError, this.ctx.retry, {
      signal: this.ctx.signal,
      onRetry: (err, delayMs, attempt) =>
        this.ctx.log.info('retrying manifest request', { error: (err as Error).message, delayMs, attempt }),
    });
  }
}

function parseCursor(cursor: string | null): ManifestCursor {
  if (!cursor) return {};
  try {
    const parsed = JSON.parse(cursor) as ManifestCursor;
    return typeof parsed === 'object' && parsed !== null ? parsed : {};
  } catch {
    return {};
  }
}

// A path of plain characters below the manifest's folder: no scheme, query, fragment,
// escapes, backslashes or leading slash (checked by PLAIN_PATH), and no "." or ".." segment.
const PLAIN_PATH = /^[A-Za-z0-9._~-]+(?:\/[A-Za-z0-9._~-]+)*$/;
const DOT_SEGMENT = /(?:^|\/)\.\.?(?:\/|$)/;

/**
 * Resolves hrefs against one manifest URL. A plain relative path (what `publish` writes)
 * resolves to the manifest's folder plus the path, exactly as URL resolution would, without
 * parsing a URL for each of 50 000 entries; every other href is resolved by the URL parser.
 */
export function hrefResolver(base: string): (href: string) => string | null {
  let folder: string | null = null;
  try {
    const url = new URL('.', base);
    if (url.protocol === 'http:' || url.protocol === 'https:') folder = url.href;
  } catch {
    folder = null;
  }
  return (href) => (folder !== null && PLAIN_PATH.test(href) && !DOT_SEGMENT.test(href) ? folder + href : resolveHref(href, base));
}

export function resolveHref(href: string, base: string): string | null {
  try {
    const url = new URL(href, base);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
    return url.toString();
  } catch {
    return null;
  }
}

export { ManifestError };
