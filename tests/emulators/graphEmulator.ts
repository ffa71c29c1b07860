// A Microsoft Graph + Entra ID EMULATOR on loopback, for testing the sharepoint source
// where SharePoint Online cannot be reached. It is not SharePoint: it follows the
// documented behaviour in connectors.md §A (token endpoint with client secret or signed
// certificate assertion, Sites.Selected grants, site and drive resolution, delta with
// nextLink/deltaLink paging, duplicates, children before parents, tombstones without
// names, 410 resyncRequired, 429/503 with Retry-After, /content redirects to short-lived
// pre-authenticated URLs on another host, list columns and fields, and Office files whose
// bytes no longer match the reported size and quickXorHash).
import crypto from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { EmulatedDrive, type EmuItem } from './graphDrive.js';

export interface EmulatorOptions {
  tenantId: string;
  clientId: string;
  clientSecret?: string;
  /** PEM of the certificate uploaded to the app registration (for assertions). */
  certificatePem?: string;
  site: { hostname: string; path: string };
  library: string;
  columns?: { name: string; displayName: string }[];
}

export interface LoggedRequest {
  server: 'login' | 'graph' | 'download';
  method: string;
  path: string;
  authorization: boolean;
  status: number;
}

interface DeltaSession {
  items: object[];
  deltaLink: string;
}

const json = (res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
};
const graphError = (res: http.ServerResponse, status: number, code: string, message: string, headers: Record<string, string> = {}) =>
  json(res, status, { error: { code, message, innerError: { 'request-id': crypto.randomUUID(), date: new Date().toISOString() } } }, headers);

export class GraphEmulator {
  readonly drive: EmulatedDrive;
  readonly log: LoggedRequest[] = [];
  /** Apps (client ids) granted read on the site (Sites.Selected). */
  readonly grants = new Set<string>();
  pageSize = 4;
  /** Send children before their parents (reverse depth order). */
  childrenFirst = true;
  /** Send every item of a delta twice (on different pages). */
  duplicates = true;
  tokenLifetimeSeconds = 3599;
  downloadUrlTtlMs = 60_000;
  /** Office files download with extra bytes, as after SharePoint's property promotion. */
  officeRewrite = false;
  private throttle: { count: number; status: number; retryAfter: string | null } | null = null;
  private readonly tokens = new Map<string, { clientId: string; expiresAt: number }>();
  private readonly downloads = new Map<string, { itemId: string; expiresAt: number }>();
  private readonly sessions = new Map<string, DeltaSession>();
  private servers: http.Server[] = [];
  loginUrl = '';
  graphUrl = '';
  private downloadOrigin = '';

  constructor(readonly opts: EmulatorOptions) {
    this.drive = new EmulatedDrive(opts.site.hostname, opts.site.path, opts.library);
    this.grants.add(opts.clientId);
  }

  async start(): Promise<void> {
    const listen = async (server: 'login' | 'graph' | 'download') => {
      const s = http.createServer((req, res) => this.handle(server, req, res));
      await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
      this.servers.push(s);
      return `http://127.0.0.1:${(s.address() as AddressInfo).port}`;
    };
    this.loginUrl = await listen('login');
    this.graphUrl = `${await listen('graph')}/v1.0`;
    this.downloadOrigin = await listen('download');
  }

  async stop(): Promise<void> {
    await Promise.all(this.servers.map((s) => new Promise<void>((resolve) => { s.closeAllConnections(); s.close(() => resolve()); })));
  }

  /** The next `count` Graph requests answer `status` (429 or 503) with this Retry-After. */
  throttleNext(count: number, status = 429, retryAfter: string | null = '1'): void {
    this.throttle = { count, status, retryAfter };
  }

  /** Every delta token issued so far becomes invalid (410 resyncRequired). */
  invalidateDeltaTokens(): void {
    this.drive.epoch++;
  }

  expireAccessTokens(): void {
    for (const t of this.tokens.values()) t.expiresAt = 0;
  }

  requests(server?: LoggedRequest['server']): LoggedRequest[] {
    return server ? this.log.filter((r) => r.server === server) : this.log;
  }

  private handle(server: LoggedRequest['server'], req: http.IncomingMessage, res: http.ServerResponse): void {
    const entry: LoggedRequest = { server, method: req.method ?? '', path: req.url ?? '', authorization: Boolean(req.headers.authorization), status: 0 };
    this.log.push(entry);
    res.on('finish', () => (entry.status = res.statusCode));
    let body = '';
    req.on('data', (d: Buffer) => (body += d.toString()));
    req.on('end', () => {
      try {
        if (server === 'login') this.token(req, body, res);
        else if (server === 'download') this.serveDownload(req, res);
        else this.graph(req, res);
      } catch (err) {
        graphError(res, 500, 'generalException', (err as Error).message);
      }
    });
  }

  // ── Entra ID token endpoint ──────────────────────────────────────────────
  private token(req: http.IncomingMessage, body: string, res: http.ServerResponse): void {
    const url = new URL(req.url ?? '/', this.loginUrl);
    const tokenPath = `/${this.opts.tenantId}/oauth2/v2.0/token`;
    const fail = (status: number, error: string, description: string) =>
      json(res, status, { error, error_description: description, error_codes: [Number(/AADSTS(\d+)/.exec(description)?.[1] ?? 0)], trace_id: crypto.randomUUID(), correlation_id: crypto.randomUUID() });
    if (req.method !== 'POST' || url.pathname !== tokenPath) return fail(400, 'invalid_request', `AADSTS90002: Tenant '${url.pathname.split('/')[1]}' not found.`);
    if (!/^application\/x-www-form-urlencoded/.test(req.headers['content-type'] ?? '')) return fail(400, 'invalid_request', 'AADSTS900144: The request body must contain the following parameter: grant_type.');
    const form = new URLSearchParams(body);
    if (form.get('grant_type') !== 'client_credentials') return fail(400, 'unsupported_grant_type', 'AADSTS70003: unsupported grant type');
    if (form.get('client_id') !== this.opts.clientId) return fail(400, 'unauthorized_client', `AADSTS700016: Application with identifier '${form.get('client_id')}' was not found in the directory.`);
    if (form.get('scope') !== `${new URL(this.graphUrl).origin}/.default`) return fail(400, 'invalid_scope', 'AADSTS70011: The provided value for the input parameter scope is not valid.');
    const secret = form.get('client_secret');
    const assertion = form.get('client_assertion');
    if (secret !== null) {
      if (!this.opts.clientSecret || secret !== this.opts.clientSecret) return fail(401, 'invalid_client', 'AADSTS7000215: Invalid client secret provided.');
    } else if (assertion !== null) {
      const problem = this.checkAssertion(assertion, form.get('client_assertion_type'), `${this.loginUrl}${tokenPath}`);
      if (problem) return fail(401, 'invalid_client', `AADSTS700027: Client assertion failed signature validation: ${problem}`);
    } else return fail(401, 'invalid_client', 'AADSTS7000218: The request body must contain client_assertion or client_secret.');
    const accessToken = crypto.randomBytes(24).toString('base64url');
    this.tokens.set(accessToken, { clientId: this.opts.clientId, expiresAt: Date.now() + this.tokenLifetimeSeconds * 1000 });
    json(res, 200, { token_type: 'Bearer', expires_in: this.tokenLifetimeSeconds, ext_expires_in: this.tokenLifetimeSeconds, access_token: accessToken });
  }

  private checkAssertion(jwt: string, type: string | null, audience: string): string | null {
    if (type !== 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer') return 'wrong client_assertion_type';
    if (!this.opts.certificatePem) return 'no certificate registered';
    const [h, p, s] = jwt.split('.');
    if (!h || !p || !s) return 'malformed JWT';
    const header = JSON.parse(Buffer.from(h, 'base64url').toString()) as Record<string, string>;
    const claims = JSON.parse(Buffer.from(p, 'base64url').toString()) as Record<string, string | number>;
    const cert = new crypto.X509Certificate(this.opts.certificatePem);
    const thumb = (alg: string) => crypto.createHash(alg).update(cert.raw).digest('base64url');
    const input = Buffer.from(`${h}.${p}`);
    const sig = Buffer.from(s, 'base64url');
    let ok: boolean;
    if (header.alg === 'PS256') {
      if (header['x5t#S256'] !== thumb('sha256')) return 'x5t#S256 does not match the certificate';
      ok = crypto.verify('sha256', input, { key: cert.publicKey, padding: crypto.constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 }, sig);
    } else if (header.alg === 'RS256') {
      if (header.x5t !== thumb('sha1')) return 'x5t does not match the certificate';
      ok = crypto.verify('sha256', input, cert.publicKey, sig);
    } else return `unsupported alg ${header.alg}`;
    if (!ok) return 'bad signature';
    const now = Math.floor(Date.now() / 1000);
    if (claims.aud !== audience) return `aud ${claims.aud} is not ${audience}`;
    if (claims.iss !== this.opts.clientId || claims.sub !== this.opts.clientId) return 'iss/sub is not the client id';
    if (typeof claims.exp !== 'number' || claims.exp < now || claims.exp > now + 3600) return 'exp out of range';
    if (typeof claims.nbf !== 'number' || claims.nbf > now + 60) return 'not yet valid';
    if (typeof claims.jti !== 'string' || claims.jti === '') return 'no jti';
    return null;
  }

  // ── Graph ────────────────────────────────────────────────────────────────
  private graph(req: http.IncomingMessage, res: http.ServerResponse): void {
    const url = new URL(req.url ?? '/', this.graphUrl);
    const auth = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    const token = auth ? this.tokens.get(auth) : undefined;
    if (!token || token.expiresAt < Date.now()) return graphError(res, 401, 'InvalidAuthenticationToken', 'Access token has expired or is not yet valid.');
    if (this.throttle && this.throttle.count > 0) {
      this.throttle.count--;
      const headers: Record<string, string> = this.throttle.retryAfter ? { 'retry-after': this.throttle.retryAfter } : {};
      return graphError(res, this.throttle.status, this.throttle.status === 429 ? 'activityLimitReached' : 'serviceNotAvailable', 'The request has been throttled', headers);
    }
    if (!this.grants.has(token.clientId)) return graphError(res, 403, 'accessDenied', 'Either scp or roles claim need to be present in the token.');
    const path = url.pathname.replace(/^\/v1\.0/, '');
    const d = this.drive;
    const sitePath = `/sites/${d.hostname}:${d.sitePath}`;
    const segments = path.split('/').filter(Boolean).map(decodeURIComponent);
    if (decodeURIComponent(path).toLowerCase() === sitePath.toLowerCase()) return json(res, 200, { id: d.siteId, name: d.sitePath.split('/').at(-1), webUrl: `https://${d.hostname}${d.sitePath}` });
    if (segments[0] === 'sites' && segments[1] !== d.siteId) return graphError(res, 404, 'itemNotFound', 'Requested site could not be found');
    if (segments[0] === 'sites' && segments[2] === 'drives') {
      return json(res, 200, { value: [
        { id: 'b!other', name: 'Webbplatsresurser', driveType: 'documentLibrary', webUrl: `https://${d.hostname}${d.sitePath}/SiteAssets` },
        { id: d.driveId, name: d.libraryName, driveType: 'documentLibrary', webUrl: `https://${d.hostname}${d.sitePath}/Delade%20dokument` },
      ] });
    }
    if (segments[0] === 'sites' && segments[2] === 'lists' && segments[3] === d.listId) {
      if (segments[4] === 'columns') return json(res, 200, { value: this.opts.columns ?? [] });
      if (segments[4] === 'items') return this.listItems(url, res);
    }
    if (segments[0] !== 'drives' || segments[1] !== d.driveId) return graphError(res, 404, 'itemNotFound', 'The resource could not be found.');
    if (segments[2] === 'root' && segments[3] === 'delta') return this.delta(url, res);
    const item = segments[2] === 'items' ? d.items.get(segments[3] ?? '') : undefined;
    if (!item) return graphError(res, 404, 'itemNotFound', 'The resource could not be found.');
    if (segments[4] === 'content') return this.redirectToDownload(item, res);
    if (segments[4] === 'listItem') return json(res, 200, { id: item.listItemId, fields: { id: item.listItemId, ...item.fields } });
    return graphError(res, 400, 'invalidRequest', `emulator: unsupported ${path}`);
  }

  private listItems(url: URL, res: http.ServerResponse): void {
    const all = [...this.drive.items.values()].filter((i) => i.kind !== 'root');
    const skip = Number(url.searchParams.get('$skiptoken') ?? 0);
    const top = Math.min(Number(url.searchParams.get('$top') ?? 200), 200);
    const page = all.slice(skip, skip + top).map((i) => ({ id: i.listItemId, fields: { id: i.listItemId, ...i.fields } }));
    const next = skip + top < all.length ? new URL(url) : null;
    next?.searchParams.set('$skiptoken', String(skip + top));
    json(res, 200, { value: page, ...(next ? { '@odata.nextLink': next.toString() } : {}) });
  }

  private delta(url: URL, res: http.ServerResponse): void {
    const skip = url.searchParams.get('$skiptoken');
    if (skip) {
      const [id, offset] = skip.split('.');
      const session = this.sessions.get(id ?? '');
      if (!session) return graphError(res, 410, 'resyncRequired', 'Resync required.');
      return this.deltaPage(session, id!, Number(offset), url, res);
    }
    const token = url.searchParams.get('token');
    let changes;
    if (token) {
      const parsed = /^(\d+)\.(\d+)$/.exec(Buffer.from(token, 'base64url').toString());
      if (!parsed || Number(parsed[1]) !== this.drive.epoch) {
        const fresh = new URL(url);
        fresh.searchParams.delete('token');
        return graphError(res, 410, 'resyncRequired', 'Resync required. Replace any local items with the server\'s version.', { location: fresh.toString() });
      }
      changes = this.drive.changesSince(Number(parsed[2]));
    } else changes = this.drive.snapshot();
    const select = url.searchParams.get('$select')?.split(',') ?? null;
    let live = changes.live;
    if (this.childrenFirst) live = [...live].sort((a, b) => this.drive.depth(b.id) - this.drive.depth(a.id));
    let items: object[] = [...live.map((i) => this.itemJson(i, select)), ...changes.deleted.map((t) => pick({ id: t.id, deleted: { state: 'deleted' }, [t.kind]: {}, parentReference: { driveId: this.drive.driveId, driveType: 'documentLibrary', id: t.parentId } }, select))];
    if (this.duplicates && items.length > 1) items = [...items, ...items.slice(0, Math.ceil(items.length / 2))];
    const tokenValue = Buffer.from(`${this.drive.epoch}.${this.drive.seq}`).toString('base64url');
    const base = new URL(url);
    base.search = '';
    if (select) base.searchParams.set('$select', select.join(','));
    base.searchParams.set('token', tokenValue);
    const id = crypto.randomUUID();
    this.sessions.set(id, { items, deltaLink: base.toString() });
    this.deltaPage(this.sessions.get(id)!, id, 0, url, res);
  }

  private deltaPage(session: DeltaSession, id: string, offset: number, url: URL, res: http.ServerResponse): void {
    const page = session.items.slice(offset, offset + this.pageSize);
    const end = offset + this.pageSize >= session.items.length;
    const next = new URL(url);
    next.search = '';
    next.searchParams.set('$skiptoken', `${id}.${offset + this.pageSize}`);
    json(res, 200, { '@odata.context': `${this.graphUrl}/$metadata#Collection(driveItem)`, value: page, ...(end ? { '@odata.deltaLink': session.deltaLink } : { '@odata.nextLink': next.toString() }) });
  }

  private itemJson(i: EmuItem, select: string[] | null): object {
    const d = this.drive;
    const base: Record<string, unknown> = {
      id: i.id,
      name: i.kind === 'root' ? 'root' : i.name,
      eTag: `"{${i.id.slice(2, 10)}},${i.version}"`,
      lastModifiedDateTime: i.modified,
      createdDateTime: i.modified,
      size: i.content.length,
      webUrl: `https://${d.hostname}${d.sitePath}/Delade%20dokument/${encodeURIComponent(d.pathOf(i.id))}`,
      parentReference: { driveId: d.driveId, driveType: 'documentLibrary', ...(i.parentId ? { id: i.parentId } : {}) },
      sharepointIds: { listId: d.listId, listItemId: i.listItemId, siteId: d.siteId.split(',')[1] },
      '@microsoft.graph.downloadUrl': this.mintDownload(i.id),
    };
    if (i.kind === 'root') base.root = {};
    if (i.kind !== 'file') base.folder = { childCount: [...d.items.values()].filter((c) => c.parentId === i.id).length };
    else base.file = { mimeType: mimeFor(i.name), hashes: { quickXorHash: d.quickXorHash(i.content) } };
    return pick(base, select);
  }

  private redirectToDownload(item: EmuItem, res: http.ServerResponse): void {
    res.writeHead(302, { location: this.mintDownload(item.id) });
    res.end();
  }

  mintDownloadUrl(itemId: string): string {
    return this.mintDownload(itemId);
  }

  private mintDownload(itemId: string): string {
    const nonce = crypto.randomBytes(16).toString('base64url');
    this.downloads.set(nonce, { itemId, expiresAt: Date.now() + this.downloadUrlTtlMs });
    return `${this.downloadOrigin}/download.aspx?tempauth=${nonce}`;
  }

  private serveDownload(req: http.IncomingMessage, res: http.ServerResponse): void {
    const nonce = new URL(req.url ?? '/', this.downloadOrigin).searchParams.get('tempauth') ?? '';
    const grant = this.downloads.get(nonce);
    if (req.headers.authorization) return graphError(res, 400, 'invalidRequest', 'Pre-authenticated URLs take no Authorization header');
    if (!grant || grant.expiresAt < Date.now()) return graphError(res, 401, 'unauthenticated', 'The download URL has expired');
    const item = this.drive.items.get(grant.itemId);
    if (!item) return graphError(res, 404, 'itemNotFound', 'Item not found');
    let bytes = item.content;
    if (this.officeRewrite && /\.(docx|xlsx|pptx)$/i.test(item.name)) bytes = Buffer.concat([bytes, Buffer.from('<!-- promoted properties -->')]);
    const range = /^bytes=(\d+)-$/.exec(req.headers.range ?? '');
    if (range && Number(range[1]) < bytes.length) {
      const start = Number(range[1]);
      res.writeHead(206, { 'content-range': `bytes ${start}-${bytes.length - 1}/${bytes.length}`, 'content-length': String(bytes.length - start) });
      return void res.end(bytes.subarray(start));
    }
    res.writeHead(200, { 'content-length': String(bytes.length), 'accept-ranges': 'bytes' });
    res.end(bytes);
  }
}

/** $select keeps only the named properties; without `deleted` in it, tombstones lose their facet. */
function pick(item: Record<string, unknown>, select: string[] | null): Record<string, unknown> {
  if (!select) return item;
  return Object.fromEntries(Object.entries(item).filter(([k]) => k === 'id' || select.includes(k)));
}

function mimeFor(name: string): string {
  if (/\.pdf$/i.test(name)) return 'application/pdf';
  if (/\.docx$/i.test(name)) return 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
  if (/\.txt$/i.test(name)) return 'text/plain';
  return 'application/octet-stream';
}
