// The `webdav` source: a library on a WebDAV server (Apache mod_dav, Nextcloud, SharePoint
// Server, Alfresco…). Walks collections breadth-first with Depth 1 PROPFINDs (servers
// refuse or mishandle Depth infinity), so an unchanged library costs PROPFINDs and no
// body downloads: the engine compares each file's revision (ETag and size) with what it
// mirrors. Nextcloud's oc:fileid keeps a document's identity across moves, its stored
// checksums are verified, and its propagating folder ETags let an untouched library be
// confirmed with one request. Only OPTIONS/PROPFIND/GET are ever sent.
import type { WebdavSourceConfig } from '../config/schema.js';
import type { RemoteDocument } from '../model.js';
import type { OpenedBody } from '../store/contentStore.js';
import { contentTypeForName, splitExtension } from '../mirror/names.js';
import { classifyHttpError, displayUrl, HttpClient, HttpError, readBody } from '../net/http.js';
import { withRetry } from '../net/retry.js';
import { normalizeEtag, parseChecksums, parseMultistatus, pathSegments, PROPFIND_BODY, type DavEntry } from './webdavMultistatus.js';
import { readSecret } from './secrets.js';
import { probeWith } from './probe.js';
import { SourceAccessError, type InvalidEntry, type Listing, type ProbeResult, type Source, type SourceContext } from './types.js';

const MAX_LISTING_BYTES = 64 * 1024 * 1024;
const MAX_DEPTH = 64;
// Office lock files and desktop droppings are never documents.
const IGNORED = /^(~\$.*|\.~lock\..*|thumbs\.db|desktop\.ini|\.ds_store)$/i;

interface WebdavCursor {
  format: 'webdav/1';
  /** The root collection's ETag, meaningful only where folder ETags propagate (Nextcloud). */
  root: string | null;
  propagates: boolean;
}

/** The document body changed between listing and download; the next sync lists it anew. */
export class SourceChangedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SourceChangedError';
  }
}

export class WebdavSource implements Source {
  readonly type = 'webdav';
  readonly location: string;
  private readonly base: URL;
  private http: HttpClient | undefined;

  constructor(
    private readonly config: WebdavSourceConfig,
    private readonly ctx: SourceContext,
    private readonly env: NodeJS.ProcessEnv = process.env,
  ) {
    this.base = new URL(config.url.endsWith('/') ? config.url : `${config.url}/`);
    this.location = displayUrl(this.base.toString());
  }

  probe(): Promise<ProbeResult> {
    return probeWith(async () => {
      await this.propfind(this.base.toString(), '0');
    });
  }

  async list(cursor: string | null): Promise<Listing> {
    const previous = parseCursor(cursor);
    if (previous?.propagates && previous.root) {
      const [self] = await this.propfind(this.base.toString(), '0');
      if (self && normalizeEtag(self.etag) === previous.root) return { kind: 'unchanged' };
    }
    const documents: RemoteDocument[] = [];
    const invalid: InvalidEntry[] = [];
    const baseSegments = segmentsOf(this.base);
    let root: DavEntry | undefined;
    const queue: { url: string; depth: number }[] = [{ url: this.base.toString(), depth: 0 }];
    const visited = new Set<string>();
    while (queue.length > 0) {
      const { url, depth } = queue.shift()!;
      const requested = segmentsOf(new URL(url));
      const key = requested.join('/').normalize('NFC');
      if (visited.has(key)) continue;
      visited.add(key);
      const entries = await this.propfind(url, '1');
      for (const entry of entries) {
        if (sameSegments(entry.segments, requested)) {
          if (depth === 0) root = entry;
          continue;
        }
        const rel = relativeSegments(entry.segments, baseSegments);
        if (!rel || !sameSegments(entry.segments.slice(0, -1), requested)) {
          this.ctx.log.warn('webdav member outside the requested collection ignored', { href: displayUrl(entry.url) });
          continue;
        }
        const name = rel.at(-1)!;
        if (entry.isCollection) {
          if (entry.status !== null) throw new HttpError(`${displayUrl(entry.url)} kunde inte listas (${entry.status})`, entry.url, entry.status);
          if (depth + 1 > MAX_DEPTH) throw new Error(`${this.location}: mappträdet är djupare än ${MAX_DEPTH} nivåer`);
          if (!entry.undecodable) queue.push({ url: entry.url, depth: depth + 1 });
          continue;
        }
        if (IGNORED.test(name)) continue;
        const problem = this.entryProblem(entry, rel);
        if (problem) invalid.push({ id: documentId(entry, rel), title: name, reason: problem });
        else documents.push(toDocument(entry, rel));
      }
    }
    const propagates = Boolean(root?.fileId);
    const next: WebdavCursor = { format: 'webdav/1', root: propagates ? normalizeEtag(root?.etag ?? null) : null, propagates };
    return { kind: 'full', documents, invalid, cursor: JSON.stringify(next) };
  }

  async open(doc: RemoteDocument, offset: number): Promise<OpenedBody> {
    const expectedEtag = doc.revision.startsWith('etag:') ? doc.revision.slice(5).split('\n')[0]! : null;
    const headers: Record<string, string> = { 'accept-encoding': 'identity' };
    if (offset > 0) {
      headers.range = `bytes=${offset}-`;
      // If-Range: the rest of the body only if it is still the version we started; otherwise all of it.
      if (expectedEtag) headers['if-range'] = expectedEtag;
    }
    const res = await (await this.client()).request(doc.ref, { headers, signal: this.ctx.signal }, [200, 206]);
    const got = normalizeEtag(res.headers.get('etag'));
    if (expectedEtag && got && got !== expectedEtag) {
      res.cancel();
      throw new SourceChangedError(`${displayUrl(doc.ref)} ändrades efter listningen; hämtas vid nästa synk`);
    }
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

  private entryProblem(entry: DavEntry, rel: string[]): string | null {
    const shown = rel.join('/');
    if (entry.status !== null) return `Servern kunde inte beskriva ${shown} (${entry.status})`;
    if (entry.undecodable) return `Namnet ${shown} är felaktigt kodat på servern`;
    if (rel.some((s) => s === '.' || s === '..' || s.includes('/') || s.includes('\\') || s.includes('\0'))) {
      return `Namnet ${shown} kan inte användas`;
    }
    if (new URL(entry.url).origin !== this.base.origin) return `${shown} pekar till en annan server`;
    return null;
  }

  private async propfind(url: string, depth: '0' | '1'): Promise<DavEntry[]> {
    const http = await this.client();
    return withRetry(
      async () => {
        let res;
        try {
          res = await http.request(
            url,
            { method: 'PROPFIND', headers: { depth, 'content-type': 'application/xml; charset=utf-8' }, body: PROPFIND_BODY, signal: this.ctx.signal },
            [207],
          );
        } catch (err) {
          if (err instanceof HttpError && (err.status === 401 || err.status === 403)) {
            throw new SourceAccessError(
              `${displayUrl(url)} svarade ${err.status}: ${err.status === 401 ? 'kontrollera användarnamn och lösenord (eller token) i konfigurationen' : 'kontot saknar läsrätt till mappen'}`,
            );
          }
          throw err;
        }
        const xml = (await readBody(res, MAX_LISTING_BYTES, 'WebDAV-listningen')).toString('utf8');
        try {
          return parseMultistatus(xml, res.url);
        } catch (err) {
          throw new Error(`${displayUrl(url)}: ${(err as Error).message}`);
        }
      },
      classifyHttpError,
      this.ctx.retry,
      { signal: this.ctx.signal, onRetry: (err, delayMs) => this.ctx.log.info('retrying PROPFIND', { error: (err as Error).message, delayMs }) },
    );
  }

  private async client(): Promise<HttpClient> {
    if (!this.http) {
      this.http = new HttpClient({ timeoutMs: this.ctx.timeoutMs, userAgent: this.ctx.userAgent, headers: await this.authorization() });
    }
    return this.http;
  }

  private async authorization(): Promise<Record<string, string>> {
    const c = this.config;
    if (c.username !== undefined) {
      const password = await readSecret({ file: c.passwordFile, env: c.passwordEnv, keys: ['passwordFile', 'passwordEnv'], what: 'WebDAV-lösenordet' }, this.env);
      return { authorization: `Basic ${Buffer.from(`${c.username}:${password}`, 'utf8').toString('base64')}` };
    }
    if (c.bearerTokenFile !== undefined || c.bearerTokenEnv !== undefined) {
      const token = await readSecret({ file: c.bearerTokenFile, env: c.bearerTokenEnv, keys: ['bearerTokenFile', 'bearerTokenEnv'], what: 'WebDAV-token' }, this.env);
      return { authorization: `Bearer ${token.trim()}` };
    }
    return {};
  }
}

function toDocument(entry: DavEntry, rel: string[]): RemoteDocument {
  const name = rel.at(-1)!;
  const sums = parseChecksums(entry.checksums);
  const etag = normalizeEtag(entry.etag);
  const doc: RemoteDocument = {
    id: documentId(entry, rel),
    title: splitExtension(name).stem.normalize('NFC'),
    path: rel.slice(0, -1),
    fileName: name,
    version: null,
    modifiedAt: entry.lastModified,
    contentType: entry.contentType ?? contentTypeForName(name),
    size: entry.size,
    sha256: sums.sha256 ?? null,
    // ETag and size together: a server whose ETag ignores the size (or has none) still shows a change.
    revision: etag ? `etag:${etag}\n${entry.size ?? ''}` : `modified:${entry.lastModified ?? ''}\n${entry.size ?? ''}`,
    ref: entry.url,
    metadata: {},
  };
  if (!doc.sha256 && (sums.sha1 || sums.md5)) {
    doc.sourceHash = sums.sha1 ? { algorithm: 'sha1', value: sums.sha1 } : { algorithm: 'md5', value: sums.md5! };
  }
  return doc;
}

/** Nextcloud's file id when there is one (it survives moves); otherwise the path below the library. */
function documentId(entry: DavEntry, rel: string[]): string {
  return entry.fileId ? `fileid:${entry.fileId}` : rel.join('/').normalize('NFC');
}

function segmentsOf(url: URL): string[] {
  return pathSegments(url).segments;
}

function sameSegments(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((s, i) => s.normalize('NFC') === b[i]!.normalize('NFC'));
}

function relativeSegments(segments: readonly string[], base: readonly string[]): string[] | null {
  if (segments.length <= base.length || !sameSegments(segments.slice(0, base.length), base)) return null;
  return segments.slice(base.length);
}

function parseCursor(cursor: string | null): WebdavCursor | null {
  if (!cursor) return null;
  try {
    const parsed = JSON.parse(cursor) as Partial<WebdavCursor>;
    if (parsed?.format !== 'webdav/1' || typeof parsed.propagates !== 'boolean') return null;
    return { format: 'webdav/1', root: typeof parsed.root === 'string' ? parsed.root : null, propagates: parsed.propagates };
  } catch {
    return null;
  }
}
