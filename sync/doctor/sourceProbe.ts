// How `doctor` asks a source "can I reach you, and may I read you?". One small interface,
// one probe per source type, registered by type: a new source adapter (WebDAV,
// SharePoint…) adds its probe with `registerSourceProbe` and doctor checks it like the rest.
// A probe only reads, never changes anything, and never puts a credential in its messages.
import fs from 'node:fs';
import path from 'node:path';
import type { FolderSourceConfig, ManifestSourceConfig, SourceConfig } from '../config/schema.js';
import { displayUrl, HttpClient, HttpError, NetworkError, readBody } from '../net/http.js';
import { parseManifestBytes } from '../sources/manifestFormat.js';
import { MAX_MANIFEST_BYTES } from '../sources/manifestSource.js';
import { verifySignature } from '../sources/signature.js';
import { errorMessage } from '../errors.js';
import { createSource } from '../sources/createSource.js';
import { memoryItemStore } from '../catalog/sourceItems.js';
import { silentLogger } from '../log/logger.js';
import { defaultRetryPolicy } from '../net/retry.js';

export interface ProbeContext {
  timeoutMs: number;
  userAgent: string;
  signal?: AbortSignal | undefined;
}

export type ProbeOutcome =
  | 'ok'
  /** Network or file system did not answer (DNS, refused, timeout, share offline). */
  | 'unreachable'
  /** Answered, but refused us: 401/403, EACCES, bad credentials. */
  | 'unauthorised'
  | 'not-found'
  /** Reached and allowed, but what is there is not usable (bad manifest, bad signature). */
  | 'invalid';

export interface ProbeStep {
  outcome: ProbeOutcome;
  /** What was found, in Swedish, without credentials. */
  detail: string;
}

export interface ProbeResult extends ProbeStep {
  /** The server's clock (HTTP Date header), when it gave one: doctor compares it with ours. */
  serverDate?: Date | null;
  /** The manifest signature, when a public key is configured. */
  signature?: ProbeStep;
}

export type SourceProbe = (source: SourceConfig, ctx: ProbeContext) => Promise<ProbeResult>;

const probes = new Map<string, SourceProbe>();

export function registerSourceProbe(type: string, probe: SourceProbe): void {
  probes.set(type, probe);
}

export function sourceProbeFor(type: string): SourceProbe | undefined {
  return probes.get(type);
}

/** GETs the manifest (and its .sig with a public key) and checks that it parses and verifies. */
export async function probeManifest(source: ManifestSourceConfig, ctx: ProbeContext): Promise<ProbeResult> {
  const http = new HttpClient({ timeoutMs: ctx.timeoutMs, userAgent: ctx.userAgent });
  const where = displayUrl(source.url);
  let body: Buffer;
  let serverDate: Date | null = null;
  try {
    const res = await http.request(source.url, { headers: { accept: 'application/json' }, signal: ctx.signal });
    serverDate = parseHttpDate(res.headers.get('date'));
    body = await readBody(res, MAX_MANIFEST_BYTES, 'Manifestet');
  } catch (err) {
    // HttpClient drops the response of a failed request, so the clock is compared on success only.
    return describeHttpFailure(err, where);
  }
  let documents: number;
  try {
    documents = parseManifestBytes(body).documents.length;
  } catch (err) {
    return { outcome: 'invalid', detail: `${where} svarar, men manifestet går inte att använda: ${errorMessage(err)}`, serverDate };
  }
  const result: ProbeResult = { outcome: 'ok', detail: `${where} svarar; manifestet har ${documents} dokument`, serverDate };
  if (source.publicKey) result.signature = await probeSignature(http, source, body, ctx);
  return result;
}

async function probeSignature(http: HttpClient, source: ManifestSourceConfig, manifest: Buffer, ctx: ProbeContext): Promise<ProbeStep> {
  const sigUrl = `${source.url}.sig`;
  let signature: string;
  try {
    signature = (await readBody(await http.request(sigUrl, { signal: ctx.signal }), 4096, 'Signaturfilen')).toString('utf8');
  } catch (err) {
    return describeHttpFailure(err, displayUrl(sigUrl));
  }
  try {
    return verifySignature(manifest, signature, source.publicKey!)
      ? { outcome: 'ok', detail: 'manifestets signatur stämmer med publicKey' }
      : { outcome: 'invalid', detail: 'manifestets signatur stämmer inte med publicKey' };
  } catch (err) {
    return { outcome: 'invalid', detail: `signaturen kunde inte kontrolleras: ${errorMessage(err)}` };
  }
}

/** Lists the folder (the access the sync needs) and reads its manifest.json when there is one. */
export async function probeFolder(source: FolderSourceConfig): Promise<ProbeResult> {
  const root = source.path;
  let entries: string[];
  try {
    entries = await fs.promises.readdir(root);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'fel';
    if (code === 'ENOENT') return { outcome: 'not-found', detail: `mappen ${root} finns inte (eller delningen är inte ansluten)` };
    if (code === 'EACCES' || code === 'EPERM') return { outcome: 'unauthorised', detail: `kontot får inte lista mappen ${root} (${code})` };
    if (code === 'ENOTDIR') return { outcome: 'invalid', detail: `${root} är ingen mapp` };
    return { outcome: 'unreachable', detail: `mappen ${root} går inte att nå (${code})` };
  }
  const manifestFile = path.join(root, 'manifest.json');
  if (!entries.includes('manifest.json')) {
    return { outcome: 'ok', detail: `mappen ${root} går att läsa (${entries.length} poster)` };
  }
  try {
    const count = parseManifestBytes(await fs.promises.readFile(manifestFile)).documents.length;
    return { outcome: 'ok', detail: `mappen ${root} går att läsa; manifest.json har ${count} dokument` };
  } catch (err) {
    return { outcome: 'invalid', detail: `${manifestFile} går inte att använda: ${errorMessage(err)}` };
  }
}

function describeHttpFailure(err: unknown, where: string): ProbeStep {
  if (err instanceof HttpError && err.status !== null) {
    if (err.status === 401 || err.status === 403) return { outcome: 'unauthorised', detail: err.message };
    if (err.status === 404 || err.status === 410) return { outcome: 'not-found', detail: err.message };
    return { outcome: 'unreachable', detail: err.message };
  }
  if (err instanceof NetworkError) return { outcome: 'unreachable', detail: err.message };
  return { outcome: 'unreachable', detail: `${where}: ${errorMessage(err)}` };
}

export function parseHttpDate(value: string | null): Date | null {
  if (!value) return null;
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? null : d;
}

/**
 * Sources that describe their own cheapest check (`Source.probe()`: WebDAV, SharePoint) are
 * probed through the adapter, so doctor and `sync --dry-run` agree.
 */
export async function probeThroughAdapter(source: SourceConfig, ctx: ProbeContext): Promise<ProbeResult> {
  const state = new Map<string, string>();
  const adapter = createSource(source, {
    libraryId: 'doctor',
    signal: ctx.signal,
    log: silentLogger,
    timeoutMs: ctx.timeoutMs,
    retry: { ...defaultRetryPolicy, retries: 0 },
    userAgent: ctx.userAgent,
    state: { get: (k) => state.get(k), set: (k, v) => void (v === null ? state.delete(k) : state.set(k, v)) },
    items: memoryItemStore(undefined),
  });
  if (!adapter.probe) return { outcome: 'unreachable', detail: `källtypen ${source.type} kan inte kontrolleras` };
  const r = await adapter.probe();
  if (r.reachable && r.authorised) return { outcome: 'ok', detail: r.message ?? `${adapter.location} svarar och inloggningen fungerar` };
  if (!r.reachable) return { outcome: 'unreachable', detail: r.message ?? `${adapter.location} svarar inte` };
  return { outcome: 'unauthorised', detail: r.message ?? `${adapter.location} nekar inloggningen` };
}

registerSourceProbe('manifest', (s, ctx) => probeManifest(s as ManifestSourceConfig, ctx));
registerSourceProbe('folder', (s) => probeFolder(s as FolderSourceConfig));
registerSourceProbe('webdav', probeThroughAdapter);
registerSourceProbe('sharepoint', probeThroughAdapter);
