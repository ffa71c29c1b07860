// The `sharepoint` source: one SharePoint Online document library through Microsoft Graph
// delta, signed in app-only (Sites.Selected). The first run enumerates the drive with a
// tokenless delta; later runs GET the stored deltaLink, so an unchanged library costs one
// request. The item tree persists in the catalog with the deltaLink it belongs to; a
// rejected (410) or untrusted cursor means a full enumeration, which the engine applies
// as mark-and-sweep. Bodies come from a fresh pre-authenticated URL per download, checked
// against QuickXorHash (leniently for Office files, which SharePoint rewrites).
import type { SharepointSourceConfig } from '../../config/schema.js';
import type { RemoteDocument } from '../../model.js';
import type { OpenedBody } from '../../store/contentStore.js';
import { contentTypeForName, splitExtension } from '../../mirror/names.js';
import { displayUrl, HttpClient, HttpError } from '../../net/http.js';
import { probeWith } from '../probe.js';
import type { InvalidEntry, Listing, ProbeResult, Source, SourceContext } from '../types.js';
import { GraphTokenProvider } from './graphAuth.js';
import { GraphClient, GraphError } from './graphClient.js';
import { DriveTree, sameName, type DriveItem, type TreeNode } from './driveTree.js';
import { ListFieldReader } from './listFields.js';

const SELECT = 'id,name,parentReference,file,folder,root,deleted,package,size,eTag,lastModifiedDateTime,sharepointIds';
const DRIVE_KEY = 'sharepoint.drive';
const MAX_PAGES = 100_000;
/** More changed files than this in one delta: read all list items in pages rather than one by one. */
const BULK_FIELDS_THRESHOLD = 50;
const OFFICE = /\.(docx|docm|dotx|dotm|xlsx|xlsm|xltx|xltm|pptx|pptm|potx|potm|ppsx|doc|xls|ppt)$/i;

interface DriveRef {
  siteId: string;
  driveId: string;
}

interface DeltaPage {
  value?: DriveItem[];
  '@odata.nextLink'?: string;
  '@odata.deltaLink'?: string;
}

export class SharepointSource implements Source {
  readonly type = 'sharepoint';
  readonly location: string;
  private readonly graph: GraphClient;
  private readonly download: HttpClient;
  private readonly scope: string[];

  constructor(
    private readonly config: SharepointSourceConfig,
    private readonly ctx: SourceContext,
    env: NodeJS.ProcessEnv = process.env,
  ) {
    const [host, ...rest] = config.site.split(':');
    this.location = `https://${host}${rest.join(':')} (bibliotek "${config.library}"${config.folder ? `, mappen ${config.folder}` : ''})`;
    const userAgent = `ISV|LITA Reserv|${ctx.userAgent}`;
    const http = new HttpClient({ timeoutMs: ctx.timeoutMs, userAgent, maxRedirects: 0 });
    const tokens = new GraphTokenProvider(config, http, ctx.log, env);
    this.graph = new GraphClient({ baseUrl: config.graphBaseUrl, http, tokens, retry: ctx.retry, log: ctx.log, signal: ctx.signal });
    // Download URLs are pre-authenticated: this client never carries the token.
    this.download = new HttpClient({ timeoutMs: ctx.timeoutMs, userAgent });
    this.scope = (config.folder ?? '/').split('/').filter((s) => s !== '');
  }

  probe(): Promise<ProbeResult> {
    return probeWith(async () => {
      await this.resolveDrive(true);
    });
  }

  async list(cursor: string | null): Promise<Listing> {
    const store = this.ctx.items;
    if (!store) throw new Error('SharePoint-källan behöver katalogens objektlager');
    let drive = await this.resolveDrive(false);
    // The stored tree belongs to exactly one deltaLink; any other cursor cannot be trusted.
    const trusted = cursor !== null && cursor === store.marker() && this.isDeltaLinkFor(cursor, drive.driveId);
    if (cursor !== null && !trusted) this.ctx.log.info('delta cursor not usable; enumerating the library', {});
    let batch;
    try {
      batch = await this.readDelta(trusted ? cursor : null, drive.driveId);
    } catch (err) {
      if (!(err instanceof GraphError && err.status === 404)) throw err;
      // The remembered drive is gone (library recreated): look it up again and start over.
      drive = await this.resolveDrive(true);
      batch = await this.readDelta(null, drive.driveId);
    }
    if (!batch.full && batch.items.size === 0) {
      store.save({ upserts: [], deletes: [], replaceAll: false }, batch.deltaLink);
      return { kind: 'unchanged', cursor: batch.deltaLink };
    }
    const tree = batch.full ? new DriveTree() : DriveTree.fromStored(store.load().items.values());
    const result = tree.applyBatch(batch.items.values());
    const fileIds = batch.full ? tree.files().map((n) => n.id) : [...result.affectedFiles];
    const invalid: InvalidEntry[] = [];
    const documents: RemoteDocument[] = [];
    const deletedIds: string[] = [];
    const inScope: TreeNode[] = [];
    for (const id of fileIds) {
      const node = tree.nodes.get(id);
      const placement = node?.kind === 'file' ? tree.placement(id) : null;
      if (!node || !placement || placement.status === 'skip') {
        deletedIds.push(id);
      } else if (placement.status === 'orphan') {
        invalid.push({ id, title: node.name ?? id, reason: 'Mappen som filen ligger i finns inte i svaret från Microsoft Graph' });
      } else {
        const rel = this.relativeToScope(placement.segments);
        if (rel === null) deletedIds.push(id);
        else if (!node.name) invalid.push({ id, title: id, reason: 'Filen saknar namn i svaret från Microsoft Graph' });
        else inScope.push(node);
      }
    }
    const fieldsFor = batch.full ? inScope : inScope.filter((n) => batch.items.has(n.id));
    await this.readFields(drive, fieldsFor, batch.full);
    for (const node of inScope) documents.push(this.toDocument(node, this.relativeToScope((tree.placement(node.id) as { segments: string[] }).segments)!));
    store.save(
      { upserts: (batch.full ? [...tree.nodes.values()] : result.changed).map(DriveTree.toStored), deletes: result.removed, replaceAll: batch.full },
      batch.deltaLink,
    );
    if (batch.full) return { kind: 'full', documents, invalid, cursor: batch.deltaLink };
    return { kind: 'delta', upserts: documents, deletedIds, invalid, cursor: batch.deltaLink };
  }

  async open(doc: RemoteDocument, offset: number): Promise<OpenedBody> {
    const drive = await this.resolveDrive(false);
    // /content answers with a fresh pre-authenticated URL; URLs seen while listing may have expired.
    let res;
    try {
      res = await this.graph.getRaw(`/drives/${encodeURIComponent(drive.driveId)}/items/${encodeURIComponent(doc.ref)}/content`, [200, 302]);
    } catch (err) {
      if (err instanceof GraphError && err.status === 404) throw new GraphError(`"${doc.fileName}" finns inte längre i biblioteket`, err.url, 404, err.code);
      throw err;
    }
    if (res.status === 200) return { body: res.body, offset: 0 };
    res.cancel();
    const location = res.headers.get('location') ?? '';
    let target: URL;
    try {
      target = new URL(location, this.graph.baseUrl);
    } catch {
      throw new HttpError(`Microsoft Graph gav ingen användbar nedladdningsadress för "${doc.fileName}"`, res.url, 302);
    }
    const graphProtocol = new URL(this.graph.baseUrl).protocol;
    if (target.protocol !== 'https:' && target.protocol !== graphProtocol) {
      throw new HttpError(`Nedladdningsadressen för "${doc.fileName}" är inte https (${displayUrl(target.toString())})`, res.url, 302);
    }
    const headers: Record<string, string> = { 'accept-encoding': 'identity' };
    if (offset > 0) headers.range = `bytes=${offset}-`;
    const body = await this.download.request(target.toString(), { headers, signal: this.ctx.signal }, [200, 206]);
    if (body.status === 206) {
      const start = /^bytes (\d+)-/.exec(body.headers.get('content-range') ?? '')?.[1];
      if (Number(start) !== offset) {
        body.cancel();
        throw new HttpError(`Nedladdningen av "${doc.fileName}" gav fel del av filen`, body.url, 206);
      }
      return { body: body.body, offset };
    }
    return { body: body.body, offset: 0 };
  }

  private async readDelta(start: string | null, driveId: string): Promise<{ items: Map<string, DriveItem>; deltaLink: string; full: boolean }> {
    const initial = this.graph.url(`/drives/${encodeURIComponent(driveId)}/root/delta?$select=${SELECT}`);
    let url = start ?? initial;
    let full = start === null;
    const staged = new Map<string, DriveItem>();
    for (let pages = 0; pages < MAX_PAGES; pages++) {
      let page: DeltaPage;
      try {
        page = await this.graph.getJson<DeltaPage>(url);
      } catch (err) {
        if (!full && err instanceof GraphError && (err.status === 410 || /^(resync|syncStateNotFound)/.test(err.code ?? ''))) {
          this.ctx.log.warn('delta token rejected; enumerating the library again', { code: err.code });
          staged.clear();
          full = true;
          url = initial;
          continue;
        }
        throw err;
      }
      for (const item of page.value ?? []) {
        if (!item || typeof item.id !== 'string' || item.id === '') continue;
        // The same item may come more than once; the last occurrence is its current state.
        staged.delete(item.id);
        staged.set(item.id, item);
      }
      const next = page['@odata.nextLink'];
      const delta = page['@odata.deltaLink'];
      if (typeof next === 'string') url = next;
      else if (typeof delta === 'string') {
        if (!this.graph.isGraphUrl(delta)) throw new Error(`Microsoft Graph gav en deltaLink till en annan värd (${displayUrl(delta)})`);
        return { items: staged, deltaLink: delta, full };
      } else throw new Error('Svaret från Microsoft Graph saknar både @odata.nextLink och @odata.deltaLink');
    }
    throw new Error(`Delta-listningen slutade inte efter ${MAX_PAGES} sidor`);
  }

  private async readFields(drive: DriveRef, nodes: TreeNode[], full: boolean): Promise<void> {
    const columns = this.config.metadataColumns;
    if (!columns || Object.keys(columns).length === 0 || nodes.length === 0) return;
    const listId = nodes.find((n) => n.facts.listId)?.facts.listId;
    if (!listId) {
      this.ctx.log.warn('no SharePoint list id on the items; column metadata not read', {});
      return;
    }
    const reader = new ListFieldReader(this.graph, drive.siteId, listId, columns, this.ctx.log);
    if (full || nodes.length > BULK_FIELDS_THRESHOLD) {
      const all = await reader.allFields();
      for (const node of nodes) {
        const fields = node.facts.listItemId ? all.get(node.facts.listItemId) : undefined;
        node.facts.fields = await reader.mapFields(fields ?? {});
      }
      return;
    }
    for (const node of nodes) node.facts.fields = await reader.mapFields((await reader.itemFields(drive.driveId, node.id)) ?? {});
  }

  private toDocument(node: TreeNode, path: string[]): RemoteDocument {
    const name = node.name!;
    const f = node.facts;
    const office = OFFICE.test(name) || /officedocument|msword|ms-excel|ms-powerpoint/i.test(f.mimeType ?? '');
    return {
      id: node.id,
      title: f.fields?.title ?? splitExtension(name).stem.normalize('NFC'),
      path,
      fileName: name,
      version: f.fields?.version ?? null,
      modifiedAt: f.modified,
      contentType: f.mimeType ?? contentTypeForName(name),
      size: f.size,
      sha256: null,
      sourceHash: f.quickXorHash ? { algorithm: 'quickXorHash', value: f.quickXorHash, lenient: office } : null,
      // The content hash when Graph gives one: a metadata-only edit changes the eTag but needs no download.
      revision: f.quickXorHash ? `qxh:${f.quickXorHash}:${f.size ?? ''}` : `etag:${f.eTag ?? ''}:${f.size ?? ''}:${f.modified ?? ''}`,
      ref: node.id,
      metadata: f.fields?.metadata ?? {},
    };
  }

  /** Folder names below the configured folder, or null when the path lies outside it. */
  private relativeToScope(segments: string[]): string[] | null {
    if (segments.length <= this.scope.length) return null;
    for (let i = 0; i < this.scope.length; i++) if (!sameName(segments[i]!, this.scope[i]!)) return null;
    return segments.slice(this.scope.length, -1);
  }

  private isDeltaLinkFor(link: string, driveId: string): boolean {
    if (!this.graph.isGraphUrl(link)) return false;
    try {
      return decodeURIComponent(new URL(link).pathname).includes(`/drives/${driveId}/`);
    } catch {
      return false;
    }
  }

  private async resolveDrive(fresh: boolean): Promise<DriveRef> {
    if (!fresh) {
      const cached = parseDriveRef(this.ctx.state.get(DRIVE_KEY));
      if (cached) return cached;
    }
    const [host, ...rest] = this.config.site.split(':');
    const sitePath = rest.join(':').split('/').filter((s) => s !== '').map(encodeURIComponent).join('/');
    let site: { id?: string };
    try {
      site = await this.graph.getJson<{ id?: string }>(`/sites/${encodeURIComponent(host!)}:/${sitePath}`);
    } catch (err) {
      if (err instanceof GraphError && err.status === 404) {
        throw new GraphError(`Webbplatsen ${this.config.site} finns inte (eller syns inte för appen); kontrollera "site" i konfigurationen`, err.url, 404, err.code);
      }
      throw err;
    }
    if (typeof site.id !== 'string') throw new Error(`Microsoft Graph gav inget id för webbplatsen ${this.config.site}`);
    const drives: { id?: string; name?: string; webUrl?: string }[] = [];
    let url: string | undefined = `/sites/${encodeURIComponent(site.id)}/drives?$select=id,name,webUrl`;
    while (url) {
      const page: { value?: typeof drives; '@odata.nextLink'?: string } = await this.graph.getJson(url);
      drives.push(...(page.value ?? []));
      url = page['@odata.nextLink'];
    }
    const wanted = this.config.library;
    const drive =
      drives.find((d) => typeof d.name === 'string' && sameName(d.name, wanted)) ??
      drives.find((d) => typeof d.webUrl === 'string' && sameName(lastUrlSegment(d.webUrl), wanted));
    if (!drive || typeof drive.id !== 'string') {
      const names = drives.map((d) => d.name).filter(Boolean).join(', ') || 'inga';
      throw new Error(`Biblioteket "${wanted}" finns inte på webbplatsen ${this.config.site} (bibliotek där: ${names}); kontrollera "library"`);
    }
    const ref = { siteId: site.id, driveId: drive.id };
    this.ctx.state.set(DRIVE_KEY, JSON.stringify(ref));
    return ref;
  }
}

function lastUrlSegment(url: string): string {
  try {
    const segments = new URL(url).pathname.split('/').filter(Boolean);
    return decodeURIComponent(segments.at(-1) ?? '');
  } catch {
    return '';
  }
}

function parseDriveRef(text: string | undefined): DriveRef | null {
  if (!text) return null;
  try {
    const v = JSON.parse(text) as Partial<DriveRef>;
    return typeof v.siteId === 'string' && typeof v.driveId === 'string' ? { siteId: v.siteId, driveId: v.driveId } : null;
  } catch {
    return null;
  }
}
