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
  /** Nothing changed since the cursor (one cheap request). A source whose cursors age
   *  (Graph delta links) may hand back a fresher one that means the same. */
  | { kind: 'unchanged'; cursor?: string }
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
  /** The adapter's item tree (id → parent, name, facts), for sources that list by item id and
   *  send only changes (SharePoint). Absent where no catalog is at hand (watchers). */
  items?: SourceItemStore | undefined;
  userAgent: string;
}

/** One remembered item of a source's tree: a folder or a file, with the source's own facts. */
export interface StoredItem {
  id: string;
  parentId: string | null;
  name: string | null;
  kind: 'root' | 'folder' | 'file' | 'other';
  /** Adapter-specific facts (size, eTag, hash…), as JSON text. */
  data: string;
}

export interface SourceItemStore {
  /** Every stored item with the marker saved with them (null when none was ever saved). */
  load(): { items: Map<string, StoredItem>; marker: string | null };
  /** The marker alone, without reading the items (cheap). */
  marker(): string | null;
  /** Applies changes and sets the marker in one transaction; `replaceAll` forgets every other item. */
  save(change: { upserts: readonly StoredItem[]; deletes: readonly string[]; replaceAll: boolean }, marker: string): void;
}

/** What a quick look at a source found; `message` explains anything that is not fine. */
export interface ProbeResult {
  reachable: boolean;
  authorised: boolean;
  message: string | null;
}

/** The source answered but refused us: wrong credentials, or no permission. */
export class SourceAccessError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SourceAccessError';
  }
}

export interface Source {
  readonly type: string;
  /** A description without secrets, for messages: "https://docs.example.org/reserv/manifest.json". */
  readonly location: string;
  /** Lists what changed since `cursor` (null: list everything). Throws when unreachable. */
  list(cursor: string | null): Promise<Listing>;
  /** Is the source there, and does it let us in? Cheap; never throws. */
  probe(): Promise<ProbeResult>;
  /** Opens a document body, from `offset` when the source can (the result says where it starts). */
  open(doc: RemoteDocument, offset: number): Promise<OpenedBody>;
  /** Optional: start watching for changes (the daemon calls it); returns a stop function. */
  watch?(onChange: () => void): () => Promise<void>;
}
