// Records mirrored documents in the catalog in batches: one transaction per batch instead
// of one commit per row, which dominated the catalog's cost on large libraries. A document
// is recorded only after its file is in place, so a crash before a batch is written leaves
// the catalog describing an older mirror, which the next run repairs (same blob, same
// path). A batch that cannot be written fails its documents; their old rows stay.
import type { Catalog } from '../catalog/catalog.js';
import type { DocumentRecord } from '../model.js';

export type DocumentSave = Omit<DocumentRecord, 'state' | 'removedAt'>;

export interface SaveBatchOptions<T> {
  saved: (item: T, record: DocumentSave) => void;
  failed: (item: T, err: unknown) => void;
  maxDocuments?: number;
  /** A slow transfer must not keep finished documents out of the catalog for long. */
  maxAgeMs?: number;
  now?: () => number;
}

export class SaveBatch<T> {
  private pending: { record: DocumentSave; item: T }[] = [];
  private oldest = 0;
  private readonly maxDocuments: number;
  private readonly maxAgeMs: number;
  private readonly now: () => number;

  constructor(
    private readonly catalog: Catalog,
    private readonly opts: SaveBatchOptions<T>,
  ) {
    this.maxDocuments = opts.maxDocuments ?? 200;
    this.maxAgeMs = opts.maxAgeMs ?? 1000;
    this.now = opts.now ?? Date.now;
  }

  add(record: DocumentSave, item: T): void {
    if (this.pending.length === 0) this.oldest = this.now();
    this.pending.push({ record, item });
    if (this.pending.length >= this.maxDocuments || this.now() - this.oldest >= this.maxAgeMs) this.flush();
  }

  flush(): void {
    const batch = this.pending;
    this.pending = [];
    if (batch.length === 0) return;
    try {
      this.catalog.saveDocuments(batch.map((p) => p.record));
    } catch (err) {
      for (const p of batch) this.opts.failed(p.item, err);
      return;
    }
    for (const p of batch) this.opts.saved(p.item, p.record);
  }
}
