// The one interface every source adapter implements. An adapter turns a document system
// into listings of RemoteDocuments and opens their bodies; the engine does everything
// else (planning, verifying, storing, mirroring, safety).
import type { RemoteDocument } from '../model.js';
import type { OpenedBody } from '../store/contentStore.js';
import type { RetryPolicy } from '../net/retry.js';
import type { Logger } from '../log/logger.js';

/** An entry the source listed but that cannot be used (no id, bad hash, duplicate…). */
export interface InvalidEntry {
  id: string | null;
  title: string;
  reason: string;
}

export type Listing =
  /** Nothing changed since the cursor (one cheap request). */
  | { kind: 'unchanged' }
  /** Everything the source holds now; anything absent is gone (mark and sweep). */
  | { kind: 'full'; documents: RemoteDocument[]; invalid: InvalidEntry[]; cursor: string | null }
  /** Only what changed since the cursor. */
  | { kind: 'delta'; upserts: RemoteDocument[]; deletedIds: string[]; invalid: InvalidEntry[]; cursor: string | null };

export interface SourceContext {
  libraryId: string;
  signal?: AbortSignal | undefined;
  log: Logger;
  timeoutMs: number;
  retry: RetryPolicy;
  /** The adapter's own key/value state, persisted in the catalog. */
  state: { get(key: string): string | undefined; set(key: string, value: string | null): void };
  userAgent: string;
}

export interface Source {
  readonly type: string;
  /** A description without secrets, for messages: "https://docs.example.org/reserv/manifest.json". */
  readonly location: string;
  /** Lists what changed since `cursor` (null: list everything). Throws when unreachable. */
  list(cursor: string | null): Promise<Listing>;
  /** Opens a document body, from `offset` when the source can (the result says where it starts). */
  open(doc: RemoteDocument, offset: number): Promise<OpenedBody>;
  /** Optional: start watching for changes (the daemon calls it); returns a stop function. */
  watch?(onChange: () => void): () => Promise<void>;
}
