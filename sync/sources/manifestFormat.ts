// The lita-manifest/1 format (PRODUCT.md "Manifest format"), validated entry by entry so
// one bad document is reported as such instead of failing the library. Pure.
import { z } from 'zod';
import type { DocumentMetadata, RemoteDocument } from '../model.js';
import type { InvalidEntry } from './types.js';
import { describeIssue } from '../i18n/zodIssues.js';

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

export function parseManifest(text: string): ParsedManifest {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new ManifestError(`Manifestet är inte giltig JSON (${(err as Error).message})`);
  }
  const header = manifestHeaderSchema.safeParse(raw);
  if (!header.success) throw new ManifestError(`Manifestet är ogiltigt: ${describeIssue(header.error.issues[0]!)}`);
  const documents: ParsedManifest['documents'] = [];
  const invalid: InvalidEntry[] = [];
  const seen = new Set<string>();
  header.data.documents.forEach((entry, index) => {
    const parsed = manifestDocumentSchema.safeParse(entry);
    const rawId = typeof (entry as { id?: unknown })?.id === 'string' ? ((entry as { id: string }).id.trim() || null) : null;
    const rawTitle = typeof (entry as { title?: unknown })?.title === 'string' ? (entry as { title: string }).title : '';
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      invalid.push({
        id: rawId,
        title: clip(rawTitle) || `post ${index + 1}`,
        reason: `Ogiltig post ${index + 1} i manifestet: ${describeIssue(issue)}`,
      });
      return;
    }
    const d = parsed.data;
    if (seen.has(d.id)) {
      invalid.push({ id: d.id, title: clip(d.title), reason: `Id ${d.id} förekommer flera gånger i manifestet (post ${index + 1} hoppas över)` });
      return;
    }
    seen.add(d.id);
    const sha256 = d.sha256.toLowerCase();
    documents.push({
      id: d.id,
      title: clip(d.title),
      path: d.path,
      fileName: d.fileName,
      version: d.version == null ? null : String(d.version),
      modifiedAt: d.modifiedAt ?? null,
      contentType: d.contentType ?? null,
      size: d.size,
      sha256,
      revision: sha256,
      ref: d.href,
      href: d.href,
      metadata: d.metadata as DocumentMetadata,
    });
  });
  return {
    libraryId: header.data.library?.id,
    libraryTitle: header.data.library?.title,
    generatedAt: header.data.generatedAt,
    documents,
    invalid,
  };
}

function clip(title: string): string {
  const t = title.normalize('NFC').trim();
  return t.length > MAX_TITLE ? `${t.slice(0, MAX_TITLE - 1)}…` : t;
}
