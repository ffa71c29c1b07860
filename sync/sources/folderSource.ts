// The `folder` source: a local folder or UNC share the library is exported to. If it
// holds a lita-manifest/1 `manifest.json` (what `publish` writes), that gives ids and
// metadata; otherwise every file is a document identified by its relative path. Hashes,
// never modification times, decide what changed: shares report times coarsely.
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { createHash } from 'node:crypto';
import type { FolderSourceConfig } from '../config/schema.js';
import type { RemoteDocument } from '../model.js';
import type { OpenedBody } from '../store/contentStore.js';
import { contentTypeForName, splitExtension } from '../mirror/names.js';
import { documentsWithRefs, parseManifestBytes } from './manifestFormat.js';
import type { InvalidEntry, Listing, ProbeResult, Source, SourceContext } from './types.js';
import { probeWith } from './probe.js';
import { MAX_MANIFEST_BYTES } from './manifestSource.js';

// Files that are never documents: Office lock files, Explorer and macOS droppings, our own
// temp files, and what `publish` writes beside the documents.
const IGNORED = /^(~\$.*|\.~lock\..*|thumbs\.db|desktop\.ini|\.ds_store|.*\.lita-tmp|.*\.tmp)$/i;

export class FolderSource implements Source {
  readonly type = 'folder';
  readonly location: string;

  constructor(
    private readonly config: FolderSourceConfig,
    private readonly ctx: SourceContext,
  ) {
    this.location = config.path;
  }

  async list(): Promise<Listing> {
    const root = this.config.path;
    let st: fs.Stats;
    try {
      st = await fsp.stat(root);
    } catch (err) {
      throw new Error(`Mappen ${root} finns inte eller går inte att nå (${(err as NodeJS.ErrnoException).code ?? 'fel'})`);
    }
    if (!st.isDirectory()) throw new Error(`${root} är ingen mapp`);
    const manifestFile = path.join(root, 'manifest.json');
    if (fs.existsSync(manifestFile)) return this.listFromManifest(manifestFile);
    return this.listByWalking(root);
  }

  probe(): Promise<ProbeResult> {
    return probeWith(async () => {
      await fsp.readdir(this.config.path).catch((err: NodeJS.ErrnoException) => {
        const reason = err.code === 'ENOENT' ? 'finns inte' : err.code === 'EACCES' || err.code === 'EPERM' ? 'går inte att läsa (behörighet saknas)' : err.code;
        throw Object.assign(new Error(`Mappen ${this.config.path} ${reason}`), { code: err.code });
      });
    });
  }

  private async listFromManifest(file: string): Promise<Listing> {
    const st = await fsp.stat(file);
    if (st.size > MAX_MANIFEST_BYTES) throw new Error(`${file} är större än gränsen ${MAX_MANIFEST_BYTES / 1024 / 1024} MB`);
    const manifest = parseManifestBytes(await fsp.readFile(file));
    const { documents, invalid } = documentsWithRefs(manifest, (href) => this.confine(href), (href) => `href "${href}" pekar utanför mappen`);
    return { kind: 'full', documents, invalid, cursor: null };
  }

  private async listByWalking(root: string): Promise<Listing> {
    const documents: RemoteDocument[] = [];
    const invalid: InvalidEntry[] = [];
    const walk = async (dir: string, segments: string[]): Promise<void> => {
      // An unreadable folder fails the listing: reporting it as empty would look like deletions.
      const entries = await fsp.readdir(dir, { withFileTypes: true });
      entries.sort((a, b) => (a.name < b.name ? -1 : 1));
      for (const entry of entries) {
        if (IGNORED.test(entry.name) || entry.name.startsWith('.')) continue;
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) await walk(full, [...segments, entry.name]);
        else if (entry.isFile()) {
          const rel = [...segments, entry.name].join('/');
          try {
            documents.push(await describeFile(full, rel, segments, entry.name));
          } catch (err) {
            invalid.push({ id: rel.normalize('NFC'), title: entry.name, reason: `Kan inte läsa ${rel}: ${(err as Error).message}` });
          }
        }
        // Symbolic links are not followed: they could point anywhere on the machine.
      }
    };
    await walk(root, []);
    return { kind: 'full', documents, invalid, cursor: null };
  }

  /** A manifest href as a path inside the folder, or null when it would leave it. */
  private confine(href: string): string | null {
    let rel: string;
    try {
      rel = decodeURIComponent(href.split(/[?#]/)[0]!);
    } catch {
      return null;
    }
    if (/^[a-z][a-z0-9+.-]*:/i.test(rel) || rel.startsWith('/') || rel.startsWith('\\')) return null;
    const root = path.resolve(this.config.path);
    const full = path.resolve(root, rel);
    if (!full.startsWith(root + path.sep)) return null;
    return path.relative(root, full).split(path.sep).join('/');
  }

  async open(doc: RemoteDocument, offset: number): Promise<OpenedBody> {
    const full = path.join(this.config.path, ...doc.ref.split('/'));
    const st = await fsp.stat(full);
    const start = offset <= st.size ? offset : 0;
    return { body: fs.createReadStream(full, { start, highWaterMark: 1 << 20 }), offset: start };
  }

  watch(onChange: () => void): () => Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    let closed = false;
    const stop = import('chokidar').then(({ watch }) => {
      if (closed) return null;
      const watcher = watch(this.config.path, {
        ignoreInitial: true,
        awaitWriteFinish: { stabilityThreshold: 2000, pollInterval: 250 },
        ignored: (p: string) => IGNORED.test(path.basename(p)),
      });
      watcher.on('all', () => {
        clearTimeout(timer);
        timer = setTimeout(onChange, 1500);
      });
      watcher.on('error', (err) => this.ctx.log.warn('folder watch error', { error: String(err) }));
      return watcher;
    });
    return async () => {
      closed = true;
      clearTimeout(timer);
      await (await stop)?.close();
    };
  }
}

async function describeFile(full: string, rel: string, segments: string[], name: string): Promise<RemoteDocument> {
  const hash = createHash('sha256');
  let size = 0;
  for await (const chunk of fs.createReadStream(full, { highWaterMark: 1 << 20 })) {
    hash.update(chunk as Buffer);
    size += (chunk as Buffer).length;
  }
  const st = await fsp.stat(full);
  const sha256 = hash.digest('hex');
  return {
    id: rel.normalize('NFC'),
    title: splitExtension(name).stem.normalize('NFC'),
    path: segments,
    fileName: name,
    version: null,
    modifiedAt: st.mtime.toISOString(),
    contentType: contentTypeForName(name),
    size,
    sha256,
    revision: sha256,
    ref: rel,
    metadata: {},
  };
}
