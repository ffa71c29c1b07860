// The shapes every part of the engine speaks: a document as a source describes it, and a
// document as the catalog records it once it is mirrored. Pure types.

export type MetadataValue = string | number | boolean | null | string[];
/** documentType, validFrom, validTo, owner, approvedBy, unit, keywords … as the source gives them. */
export type DocumentMetadata = Record<string, MetadataValue>;

/** A document as a source lists it. Everything in it is untrusted input. */
export interface RemoteDocument {
  id: string;
  title: string;
  /** Folder segments below the library, raw. */
  path: string[];
  fileName: string;
  version: string | null;
  modifiedAt: string | null;
  contentType: string | null;
  /** Declared size in bytes, when the source knows it. */
  size: number | null;
  /** Declared sha256 (hex), when the source publishes it. */
  sha256: string | null;
  /** Another hash the source vouches for (quickXorHash, sha1 …). */
  sourceHash?: { algorithm: string; value: string; lenient?: boolean } | null;
  /** Changes whenever the content changes: the sha256, an ETag, a hash. */
  revision: string;
  /** Where the source fetches the body from (href, relative path, item id). Opaque. */
  ref: string;
  metadata: DocumentMetadata;
}

/** A document that is (or was) in the mirror: what people are shown. */
export interface DocumentRecord {
  libraryId: string;
  id: string;
  title: string;
  path: string[];
  fileName: string;
  version: string | null;
  modifiedAt: string | null;
  contentType: string | null;
  size: number;
  sha256: string;
  revision: string;
  sourceRef: string;
  metadata: DocumentMetadata;
  /** Relative to the mirror folder, '/'-separated. */
  mirrorPath: string;
  state: 'active' | 'removed';
  removedAt: string | null;
  syncedAt: string;
}

export type RunResult = 'ok' | 'partial' | 'failed';
export type LastResult = RunResult | 'never';
