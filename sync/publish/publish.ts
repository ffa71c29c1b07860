// `publish DIR --out DIR`: makes a lita-manifest/1 library from a folder tree, so any
// document system that can export files can feed LITA Reserv. Metadata comes from an
// optional `<file>.meta.json` beside each file and `library.json` at the top.
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { UserError } from '../errors.js';
import { contentTypeForName, sanitizeSegment, shortHash, splitExtension } from '../mirror/names.js';
import { writeFileAtomic } from '../store/durableFile.js';
import { MANIFEST_FORMAT } from '../sources/manifestFormat.js';
import { sign } from '../sources/signature.js';

const sidecarSchema = z.strictObject({
  id: z.string().min(1).optional(),
  title: z.string().optional(),
  version: z.union([z.string(), z.number()]).optional(),
  modifiedAt: z.string().optional(),
  metadata: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null(), z.array(z.string())])).optional(),
});

const libraryFileSchema = z.strictObject({ id: z.string().min(1), title: z.string().min(1) });

export interface PublishOptions {
  sourceDir: string;
  outDir: string;
  signKeyFile?: string | undefined;
  prune?: boolean;
  now?: Date;
  onProgress?: (done: number, total: number) => void;
}

export interface PublishResult {
  manifestPath: string;
  documents: number;
  signed: boolean;
  pruned: number;
}

interface Found {
  full: string;
  rel: string[];
}

export async function publish(opts: PublishOptions): Promise<PublishResult> {
  const src = path.resolve(opts.sourceDir);
  const out = path.resolve(opts.outDir);
  if (!fs.existsSync(src) || !fs.statSync(src).isDirectory()) throw new UserError(`Mappen finns inte: ${src}`, 2);
  if (out === src || out.startsWith(src + path.sep)) throw new UserError('--out får inte ligga i källmappen', 2);
  const privateKey = opts.signKeyFile ? readKey(opts.signKeyFile) : undefined;

  const library = await readLibraryFile(src);
  const files = await findFiles(src);
  const documents: unknown[] = [];
  const referenced = new Set<string>();
  const ids = new Set<string>();
  let done = 0;
  for (const f of files) {
    const meta = await readSidecar(f.full);
    const relText = f.rel.join('/').normalize('NFC');
    const id = meta.id ?? relText;
    if (ids.has(id)) throw new UserError(`Id "${id}" används av flera filer (${relText})`, 2);
    ids.add(id);
    const bytes = await fsp.readFile(f.full);
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const name = f.rel.at(-1)!;
    const idDir = sanitizeSegment(id).replace(/[^\p{L}\p{N}._-]+/gu, '_').slice(0, 60) || 'dok';
    const hrefParts = ['files', `${idDir}-${shortHash(id, 8)}`, `${sha256.slice(0, 16)}${splitExtension(name).ext.toLowerCase()}`];
    const target = path.join(out, ...hrefParts);
    referenced.add(target);
    if (!fs.existsSync(target)) await writeFileAtomic(target, bytes);
    const st = await fsp.stat(f.full);
    documents.push({
      id,
      title: meta.title ?? splitExtension(name).stem,
      path: f.rel.slice(0, -1),
      fileName: name,
      href: hrefParts.map(encodeURIComponent).join('/'),
      sha256,
      size: bytes.length,
      version: meta.version === undefined ? null : String(meta.version),
      modifiedAt: meta.modifiedAt ?? st.mtime.toISOString(),
      contentType: contentTypeForName(name),
      metadata: meta.metadata ?? {},
    });
    opts.onProgress?.(++done, files.length);
  }
  const manifest = {
    format: MANIFEST_FORMAT,
    library,
    generatedAt: (opts.now ?? new Date()).toISOString(),
    documents,
  };
  const bytes = Buffer.from(`${JSON.stringify(manifest, null, 1)}\n`);
  const manifestPath = path.join(out, 'manifest.json');
  // The signature goes first: a reader that sees the new manifest finds its signature.
  if (privateKey) await writeFileAtomic(`${manifestPath}.sig`, `${sign(bytes, privateKey)}\n`);
  else await fsp.rm(`${manifestPath}.sig`, { force: true });
  await writeFileAtomic(manifestPath, bytes);
  const pruned = opts.prune ? await pruneUnreferenced(path.join(out, 'files'), referenced) : 0;
  return { manifestPath, documents: documents.length, signed: Boolean(privateKey), pruned };
}

function readKey(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (err) {
    throw new UserError(`Kan inte läsa signeringsnyckeln ${file}: ${(err as NodeJS.ErrnoException).code ?? err}`, 2);
  }
}

async function readLibraryFile(src: string): Promise<{ id: string; title: string }> {
  const file = path.join(src, 'library.json');
  if (!fs.existsSync(file)) {
    const title = path.basename(src);
    return { id: sanitizeSegment(title).replace(/[^A-Za-z0-9._-]+/g, '-').toLowerCase() || 'bibliotek', title };
  }
  const parsed = libraryFileSchema.safeParse(JSON.parse(await fsp.readFile(file, 'utf8')));
  if (!parsed.success) throw new UserError(`${file}: ${parsed.error.issues[0]!.path.join('.')}: ${parsed.error.issues[0]!.message}`, 2);
  return parsed.data;
}

async function readSidecar(file: string): Promise<z.infer<typeof sidecarSchema>> {
  const sidecar = `${file}.meta.json`;
  if (!fs.existsSync(sidecar)) return {};
  let raw: unknown;
  try {
    raw = JSON.parse(await fsp.readFile(sidecar, 'utf8'));
  } catch (err) {
    throw new UserError(`${sidecar} är inte giltig JSON: ${(err as Error).message}`, 2);
  }
  const parsed = sidecarSchema.safeParse(raw);
  if (!parsed.success) {
    const i = parsed.error.issues[0]!;
    throw new UserError(`${sidecar}: ${i.path.join('.') || (i.code === 'unrecognized_keys' ? i.keys.join(', ') : '')}: ${i.message}`, 2);
  }
  return parsed.data;
}

async function findFiles(root: string): Promise<Found[]> {
  const found: Found[] = [];
  const walk = async (dir: string, rel: string[]) => {
    const entries = await fsp.readdir(dir, { withFileTypes: true });
    entries.sort((a, b) => (a.name < b.name ? -1 : 1));
    for (const e of entries) {
      if (e.name.startsWith('.') || e.name.endsWith('.meta.json') || (rel.length === 0 && e.name === 'library.json')) continue;
      const full = path.join(dir, e.name);
      if (e.isDirectory()) await walk(full, [...rel, e.name]);
      else if (e.isFile()) found.push({ full, rel: [...rel, e.name] });
    }
  };
  await walk(root, []);
  return found;
}

async function pruneUnreferenced(dir: string, keep: ReadonlySet<string>): Promise<number> {
  let removed = 0;
  const walk = async (d: string) => {
    for (const e of await fsp.readdir(d, { withFileTypes: true }).catch(() => [])) {
      const full = path.join(d, e.name);
      if (e.isDirectory()) {
        await walk(full);
        await fsp.rmdir(full).catch(() => undefined);
      } else if (!keep.has(full)) {
        await fsp.rm(full, { force: true });
        removed++;
      }
    }
  };
  await walk(dir);
  return removed;
}
