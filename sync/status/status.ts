// The status report (PRODUCT.md `status --json`), built from the catalog. The same object
// feeds the CLI, the UI's status page and, later, fleet reports.
import type { Config } from '../config/loadConfig.js';
import type { Catalog } from '../catalog/catalog.js';
import { isStale, mirrorUpdatedAt } from '../i18n/time.js';
import type { LastResult } from '../model.js';
import { countWithoutText } from '../search/documentText.js';

export interface LibraryStatus {
  id: string;
  title: string;
  documents: number;
  lastSuccessAt: string | null;
  lastAttemptAt: string | null;
  lastResult: LastResult;
  lastError: string | null;
  failedDocuments: number;
  heldDeletions: number;
  stale: boolean;
  /** Documents found only by title and metadata: no searchable text, or text not read yet. */
  withoutText: { none: number; pending: number };
  /** Details beyond the contract's counts, for the status page. */
  failures: { id: string; title: string; reason: string; attempts: number; lastFailedAt: string }[];
  held: { id: string; title: string; mirrorPath: string; reason: string; heldAt: string }[];
}

export interface StatusReport {
  libraries: LibraryStatus[];
  mirrorDir: string;
  dataDir: string;
  /** The freshness every view shows: the oldest last success among the libraries. */
  updatedAt: string | null;
  staleAfterHours: number;
}

export function buildStatus(config: Config, catalog: Catalog, now = new Date()): StatusReport {
  const libraries = config.libraries.map((lib): LibraryStatus => {
    const row = catalog.getLibrary(lib.id);
    const failures = row ? catalog.failures(lib.id) : [];
    const held = row ? catalog.heldDeletions(lib.id) : [];
    const lastSuccessAt = row?.lastSuccessAt ?? null;
    return {
      id: lib.id,
      title: lib.title,
      documents: row ? catalog.countActive(lib.id) : 0,
      lastSuccessAt,
      lastAttemptAt: row?.lastAttemptAt ?? null,
      lastResult: row?.lastResult ?? 'never',
      lastError: row?.lastError ?? null,
      failedDocuments: failures.length,
      heldDeletions: held.length,
      stale: isStale(lastSuccessAt, config.staleAfterHours, now),
      withoutText: row ? countWithoutText(catalog.db, lib.id) : { none: 0, pending: 0 },
      failures: failures.map((f) => ({ id: f.documentId, title: f.title, reason: f.reason, attempts: f.attempts, lastFailedAt: f.lastFailedAt })),
      held: held.map((h) => ({ id: h.documentId, title: h.title, mirrorPath: h.mirrorPath, reason: h.reason, heldAt: h.heldAt })),
    };
  });
  return {
    libraries,
    mirrorDir: config.mirrorDir,
    dataDir: config.dataDir,
    updatedAt: mirrorUpdatedAt(libraries),
    staleAfterHours: config.staleAfterHours,
  };
}
