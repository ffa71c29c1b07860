// What a library shows, read for planning. Each document row carries a digest of how it was
// described (title, names, folder path, version, dates, type, source reference, metadata),
// so a sync whose listing describes a document the same way takes the row's few own fields
// (revision, hash, size, mirror path) and the listing's description, instead of loading and
// parsing every row: at 50 000 documents that took ~0.7 s of a sync that changed one.
import type { DocumentRecord, RemoteDocument } from '../model.js';
import { toDocument } from './catalog.js';
import type { Db } from './openDatabase.js';
import { DIGEST_FORMAT, descriptionDigest } from './description.js';

// Read as arrays (better-sqlite3's raw mode): building 50 000 keyed row objects cost more than the read.
type PlanningRow = [id: string, revision: string, sha256: string, size: number, mirrorPath: string, syncedAt: string, description: string | null];

/**
 * The library's active documents, as Catalog.activeDocuments returns them but in storage
 * order (ordering by id made the read a third slower at 50 000 documents).
 * Rows described as `listed` describes them are built from the listing; the others are read
 * whole. Rows stored before digests existed, or with a digest of an earlier format, get theirs now.
 */
export function shownDocuments(db: Db, libraryId: string, listed: readonly RemoteDocument[]): DocumentRecord[] {
  const byId = new Map(listed.map((d) => [d.id, d]));
  const rows = db
    .prepare(
      `SELECT id, revision, sha256, size, mirror_path, synced_at, description
       FROM documents WHERE library_id = ? AND state = 'active'`,
    )
    .raw()
    .all(libraryId) as PlanningRow[];
  const full = db.prepare('SELECT * FROM documents WHERE library_id = ? AND id = ?');
  const backfill: DocumentRecord[] = [];
  const shown = rows.map(([id, revision, sha256, size, mirrorPath, syncedAt, description]): DocumentRecord => {
    const d = byId.get(id);
    if (d && description !== null && description === descriptionDigest(d, d.ref)) {
      return {
        libraryId, id, title: d.title, path: d.path, fileName: d.fileName, version: d.version,
        modifiedAt: d.modifiedAt, contentType: d.contentType, size, sha256,
        revision, sourceRef: d.ref, metadata: d.metadata, mirrorPath,
        state: 'active', removedAt: null, syncedAt,
      };
    }
    const record = toDocument(full.get(libraryId, id) as Record<string, unknown>);
    if (description === null || !description.startsWith(DIGEST_FORMAT)) backfill.push(record);
    return record;
  });
  if (backfill.length > 0) {
    const set = db.prepare('UPDATE documents SET description = ? WHERE library_id = ? AND id = ?');
    db.transaction(() => {
      for (const r of backfill) set.run(descriptionDigest(r, r.sourceRef), libraryId, r.id);
    }).immediate();
  }
  return shown;
}
