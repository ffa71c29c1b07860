// The lita-manifest/1 format (PRODUCT.md "Manifest format"), validated entry by entry so
// one bad document is reported as such instead of failing the library. Pure.
import { z } from 'zod';
import type { DocumentMetadata, RemoteDocument } from '../model.js';
import type { InvalidEntry } from './types.js';
import { describeIssue } from '../i18n/zodIssues.js';
import { splitManifest } from './manifestEntries.js';

export const MANIFEST_FORMAT = 'lita-manifest/1';
export const MAX_DOCUMENTS = 250_000;
const MAX_TITLE = 1000;

const metadataValue = z.union([
  z.string().max(10_000),
  z.number(),
  z.boolean(),
  z.null(),
  z.array(z.string().max(1000)).max(200),
]);

export const manifestDocumentSchema = z.object({
  id: z.string().trim().min(1).max(200),
  title: z.string().max(100_000).default(''),
  path: z.array(z.string().max(100_000)).max(64).default([]),
  fileName: z.string().max(100_000).default(''),
  href: z.string().min(1).max(4000),
  sha256: z.string().regex(/^[0-9a-fA-F]{64}$/, 'sha256 ska vara 64 hexadecimala tecken'),
  size: z.number().int().min(0),
  version: z.union([z.string().max(100), z.number()]).nullish(),
  modifiedAt: z.string().max(64).nullish(),
  contentType: z.string().max(200).nullish(),
  metadata: z.record(z.string().max(200), metadataValue).default({}),
});

export const manifestHeaderSchema = z.object({
  format: z.literal(MANIFEST_FORMAT, { error: `format ska vara "${MANIFEST_FORMAT}"` }),
  library: z.object({ id: z.string().optional(), title: z.string().optional() }).optional(),
  generatedAt: z.string().optional(),
  documents: z.array(z.unknown()).max(MAX_DOCUMENTS, `fler än ${MAX_DOCUMENTS} dokument`),
});

export interface ParsedManifest {
  libraryId: string | undefined;
  libraryTitle: string | undefined;
  generatedAt: string | undefined;
  documents: (RemoteDocument & { href: string })[];
  invalid: InvalidEntry[];
}

export class ManifestError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ManifestError';
  }
}

/** Parses a manifest's text (a leading byte-order mark already removed). */
export function parseManifest(text: string): ParsedManifest {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new ManifestError(`Manifestet är inte giltig JSON (${(err as Error).message})`);
  }
  const header = checkedHeader(raw);
  const entries = header.documents;
  return manifestFrom(header, entries.length, (i) => entries[i]);
}

/**
 * The manifest's documents with each href turned into the source's own reference by
 * `resolve`; an href it refuses (null) makes that entry invalid, with `refused` as the reason.
 */
export function documentsWithRefs(
  manifest: ParsedManifest,
  resolve: (href: string) => string | null,
  refused: (href: string) => string,
): { documents: RemoteDocument[]; invalid: InvalidEntry[] } {
  const documents: RemoteDocument[] = [];
  const invalid: InvalidEntry[] = [...manifest.invalid];
  for (const d of manifest.documents) {
    const ref = resolve(d.href);
    if (!ref) {
      invalid.push({ id: d.id, title: d.title, reason: refused(d.href.slice(0, 200)) });
      continue;
    }
    // Spelled out rather than spread: 50 000 spreads of a 13-field object cost more than the rest of this loop.
    documents.push({
      id: d.id, title: d.title, path: d.path, fileName: d.fileName, version: d.version, modifiedAt: d.modifiedAt,
      contentType: d.contentType, size: d.size, sha256: d.sha256, revision: d.revision, ref, metadata: d.metadata,
    });
  }
  return { documents, invalid };
}

/**
 * Parses a manifest's bytes (UTF-8, with or without a byte-order mark) one document at a
 * time (manifestEntries.ts), or as parseManifest does when they are not of the plain shape:
 * the result, and every error, is the same either way.
 */
export function parseManifestBytes(bytes: Buffer): ParsedManifest {
  const split = bytes.length > SPLIT_FROM_BYTES ? splitManifest(bytes) : null;
  if (split && split.offsets.length / 2 <= MAX_DOCUMENTS) {
    let raw: unknown = null;
    try {
      raw = JSON.parse(split.header);
    } catch {
      // Not JSON after all: parsing the whole text says why.
    }
    const documents = (raw as { documents?: unknown } | null)?.documents;
    // Always the emptied array (the split accepts no other way of writing the key); checked all the same.
    if (Array.isArray(documents) && documents.length === 0) {
      const { offsets } = split;
      try {
        return manifestFrom(checkedHeader(raw), offsets.length / 2, (i) => JSON.parse(bytes.toString('utf8', offsets[2 * i], offsets[2 * i + 1])));
      } catch (err) {
        if (!(err instanceof SyntaxError)) throw err;
      }
    }
  }
  return parseManifest(bytes.toString('utf8').replace(/^\uFEFF/, ''));
}

// Small manifests gain nothing from being split; below this they are parsed whole.
export const SPLIT_FROM_BYTES = 256 * 1024;

function checkedHeader(raw: unknown): z.output<typeof manifestHeaderSchema> {
  const header = manifestHeaderSchema.safeParse(raw);
  if (!header.success) throw new ManifestError(`Manifestet är ogiltigt: ${describeIssue(header.error.issues[0]!)}`);
  return header.data;
}

function manifestFrom(header: z.output<typeof manifestHeaderSchema>, count: number, entryAt: (index: number) => unknown): ParsedManifest {
  const documents: ParsedManifest['documents'] = [];
  const invalid: InvalidEntry[] = [];
  const seen = new Set<string>();
  const shared = sharedStrings();
  for (let index = 0; index < count; index++) {
    const entry = entryAt(index);
    const plain = plainEntry(entry);
    const parsed = plain ? ({ success: true, data: plain } as const) : manifestDocumentSchema.safeParse(entry);
    const rawId = typeof (entry as { id?: unknown })?.id === 'string' ? ((entry as { id: string }).id.trim() || null) : null;
    const rawTitle = typeof (entry as { title?: unknown })?.title === 'string' ? (entry as { title: string }).title : '';
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      invalid.push({
        id: rawId,
        title: clip(rawTitle) || `post ${index + 1}`,
        reason: `Ogiltig post ${index + 1} i manifestet: ${describeIssue(issue)}`,
      });
      continue;
    }
    const d = parsed.data;
    if (seen.has(d.id)) {
      invalid.push({ id: d.id, title: clip(d.title), reason: `Id ${d.id} förekommer flera gånger i manifestet (post ${index + 1} hoppas över)` });
      continue;
    }
    seen.add(d.id);
    const sha256 = d.sha256.toLowerCase();
    for (let k = 0; k < d.path.length; k++) d.path[k] = shared(d.path[k]!);
    shareMetadataStrings(d.metadata, shared);
    documents.push({
      id: d.id,
      title: clip(d.title),
      path: d.path,
      fileName: d.fileName,
      version: d.version == null ? null : shared(String(d.version)),
      modifiedAt: d.modifiedAt ?? null,
      contentType: d.contentType == null ? null : shared(d.contentType),
      size: d.size,
      sha256,
      revision: sha256,
      ref: d.href,
      href: d.href,
      metadata: d.metadata as DocumentMetadata,
    });
  }
  return {
    libraryId: header.library?.id,
    libraryTitle: header.library?.title,
    generatedAt: header.generatedAt,
    documents,
    invalid,
  };
}

/**
 * One string object for each repeated value. JSON.parse makes a new string for every folder
 * name, content type, version and metadata value of every entry; at 50 000 entries sharing
 * the repeated ones (a few hundred distinct values) keeps ~15 MB less alive through a sync.
 */
function sharedStrings(): (s: string) => string {
  const known = new Map<string, string>();
  return (s) => {
    if (s.length > 200) return s;
    const same = known.get(s);
    if (same !== undefined) return same;
    known.set(s, s);
    return s;
  };
}

/** Shares the string values (and strings in lists) of a parsed metadata record, in place: the record is this parse's own. */
function shareMetadataStrings(metadata: Record<string, unknown>, shared: (s: string) => string): void {
  for (const key in metadata) {
    const v = metadata[key];
    if (typeof v === 'string') metadata[key] = shared(v);
    else if (Array.isArray(v)) for (let k = 0; k < v.length; k++) if (typeof v[k] === 'string') v[k] = shared(v[k] as string);
  }
}

type ManifestDocument = z.output<typeof manifestDocumentSchema>;

const SHA256 = /^[0-9a-fA-F]{64}$/;
const isString = (v: unknown, max: number): v is string => typeof v === 'string' && v.length <= max;
const isOptional = (v: unknown, max: number): boolean => v === undefined || v === null || isString(v, max);

/**
 * The common entry, checked without the schema: every field of the right type and within
 * its limits. It accepts only entries the schema accepts and returns what the schema would;
 * anything else (a default to fill in, a value to trim, an error to explain) goes through
 * the schema. At 50 000 entries the schema took ~0.6 s of every changed sync; this ~0.05 s.
 */
export function plainEntry(e: unknown): ManifestDocument | null {
  if (typeof e !== 'object' || e === null || Array.isArray(e)) return null;
  const d = e as Record<string, unknown>;
  const { id, title, path, fileName, href, sha256, size, version, modifiedAt, contentType, metadata } = d;
  if (!isString(id, 200) || id.length === 0 || id.trim() !== id) return null;
  if (!isString(title, 100_000) || !isString(fileName, 100_000) || !isString(href, 4000) || href.length === 0) return null;
  if (typeof sha256 !== 'string' || !SHA256.test(sha256)) return null;
  if (typeof size !== 'number' || !Number.isSafeInteger(size) || size < 0) return null;
  if (!Array.isArray(path) || path.length > 64 || !path.every((p) => isString(p, 100_000))) return null;
  if (!(typeof version === 'number' ? Number.isFinite(version) : isOptional(version, 100))) return null;
  if (!isOptional(modifiedAt, 64) || !isOptional(contentType, 200)) return null;
  if (typeof metadata !== 'object' || metadata === null || Array.isArray(metadata) || Object.getPrototypeOf(metadata) !== Object.prototype) return null;
  for (const key in metadata) {
    if (key.length > 200 || key === '__proto__' || !plainMetadataValue((metadata as Record<string, unknown>)[key])) return null;
  }
  return {
    id,
    title,
    path: path as string[],
    fileName,
    href,
    sha256,
    size,
    version: version as string | number | null | undefined,
    modifiedAt: modifiedAt as string | null | undefined,
    contentType: contentType as string | null | undefined,
    // The parsed object itself (checked above to be a plain record): one copy fewer per entry.
    metadata: metadata as ManifestDocument['metadata'],
  };
}

function plainMetadataValue(v: unknown): boolean {
  if (v === null || typeof v === 'boolean') return true;
  if (typeof v === 'number') return Number.isFinite(v);
  if (typeof v === 'string') return v.length <= 10_000;
  return Array.isArray(v) && v.length <= 200 && v.every((x) => isString(x, 1000));
}

function clip(title: string): string {
  const t = title.normalize('NFC').trim();
  return t.length > MAX_TITLE ? `${t.slice(0, MAX_TITLE - 1)}…` : t;
}
