// What a sync would do, without doing it: for each library, whether its source answers
// and lets us in, how many documents it would mirror, and what would be added, updated
// and removed. Nothing is written: not the mirror, not the catalog's documents, cursors
// or adapter state (adapters get an in-memory overlay). `sync --dry-run` prints it, and
// a health check can call previewLibrary directly.
import fs from 'node:fs';
import path from 'node:path';
import type { Config } from '../config/loadConfig.js';
import type { LibraryConfig } from '../config/schema.js';
import { Catalog } from '../catalog/catalog.js';
import { catalogItemStore, memoryItemStore } from '../catalog/sourceItems.js';
import { layoutKey } from '../mirror/mirrorLayout.js';
import { silentLogger, type Logger } from '../log/logger.js';
import { defaultRetryPolicy, type RetryPolicy } from '../net/retry.js';
import { createSource, sourceKey } from '../sources/createSource.js';
import type { Source, SourceContext } from '../sources/types.js';
import { userAgent } from '../version.js';
import { errorMessage, type ExitCode } from '../errors.js';
import { placeWanted, planChanges, wantedDocuments } from './plan.js';
import { decideDeletions } from './safety.js';

export interface LibraryPreview {
  id: string;
  title: string;
  sourceType: string;
  location: string;
  reachable: boolean;
  authorised: boolean;
  /** Why the library cannot be synced now, or null. */
  error: string | null;
  /** What the source answered: a full listing, only changes, or nothing new. */
  listing: 'full' | 'delta' | 'unchanged' | null;
  /** Documents the mirror would show after the sync. */
  documents: number | null;
  add: number;
  update: number;
  metadataUpdate: number;
  remove: number;
  unchanged: number;
  /** Entries the source lists that cannot be used (they would be reported as failures). */
  invalid: number;
  /** Of the removals, how many the safety guard would hold back. */
  heldDeletions: number;
}

export interface PreviewOptions {
  libraryIds?: readonly string[];
  log?: Logger;
  signal?: AbortSignal;
  retry?: RetryPolicy;
  createSource?: (lib: LibraryConfig, ctx: SourceContext) => Source;
}

export async function previewSync(config: Config, opts: PreviewOptions = {}): Promise<{ libraries: LibraryPreview[]; exitCode: ExitCode }> {
  const file = path.join(config.dataDir, 'catalog.sqlite');
  // A data folder that does not exist yet is not created by a dry run.
  const catalog = fs.existsSync(file) ? Catalog.open(config.dataDir) : null;
  try {
    const libraries: LibraryPreview[] = [];
    for (const lib of config.libraries) {
      if (opts.libraryIds && !opts.libraryIds.includes(lib.id)) continue;
      libraries.push(await previewLibrary(config, lib, catalog, opts));
    }
    const failed = libraries.filter((l) => l.error !== null).length;
    const exitCode: ExitCode = failed === 0 ? (libraries.some((l) => l.invalid > 0 || l.heldDeletions > 0) ? 3 : 0) : failed === libraries.length ? 1 : 3;
    return { libraries, exitCode };
  } finally {
    catalog?.close();
  }
}

export async function previewLibrary(config: Config, lib: LibraryConfig, catalog: Catalog | null, opts: PreviewOptions = {}): Promise<LibraryPreview> {
  const row = catalog?.getLibrary(lib.id);
  // A changed source starts from nothing, as the real sync would.
  const known = row !== undefined && row.sourceKey === sourceKey(lib.source) ? row : undefined;
  const overlay = new Map<string, string | null>();
  const ctx: SourceContext = {
    libraryId: lib.id,
    signal: opts.signal,
    log: (opts.log ?? silentLogger).child({ library: lib.id, dryRun: true }),
    timeoutMs: config.network.timeoutSeconds * 1000,
    retry: opts.retry ?? { ...defaultRetryPolicy, retries: config.network.retries },
    userAgent,
    state: {
      get: (k) => (overlay.has(k) ? (overlay.get(k) ?? undefined) : known && catalog ? catalog.getSourceState(lib.id, k) : undefined),
      set: (k, v) => void overlay.set(k, v),
    },
    items: memoryItemStore(known && catalog ? catalogItemStore(catalog, lib.id) : undefined),
  };
  const source = (opts.createSource ?? ((l, c) => createSource(l.source, c)))(lib, ctx);
  const preview: LibraryPreview = {
    id: lib.id, title: lib.title, sourceType: lib.source.type, location: source.location,
    reachable: false, authorised: false, error: null, listing: null, documents: null,
    add: 0, update: 0, metadataUpdate: 0, remove: 0, unchanged: 0, invalid: 0, heldDeletions: 0,
  };
  const probe = await source.probe();
  preview.reachable = probe.reachable;
  preview.authorised = probe.authorised;
  if (probe.message) return { ...preview, error: probe.message };

  let listing;
  try {
    listing = await source.list(known?.cursor ?? null);
  } catch (err) {
    return { ...preview, error: errorMessage(err) };
  }
  const shown = known && catalog ? catalog.activeDocuments(lib.id) : [];
  const failures = known && catalog ? catalog.failures(lib.id) : [];
  const held = known && catalog ? catalog.heldDeletions(lib.id) : [];
  const wanted = wantedDocuments(listing, shown, failures, held);
  const shownById = new Map(shown.map((d) => [d.id, d]));
  const layout = placeWanted(wanted, shownById, {
    rootLength: config.mirrorDir.length,
    libraryTitle: lib.title,
    libraryId: lib.id,
    full: known?.layoutKey !== layoutKey(path.resolve(config.mirrorDir), lib.title, lib.id),
  });
  const plan = planChanges(shown, wanted, layout);
  const invalid = (listing.kind === 'unchanged' ? 0 : listing.invalid.length) + plan.unplaceable.length;
  const decision = decideDeletions({
    removals: plan.remove.length,
    approved: 0,
    shownCount: shown.length,
    wantedCount: wanted.length,
    hadErrors: invalid > 0,
    limits: config.safety,
  });
  return {
    ...preview,
    listing: listing.kind,
    documents: wanted.length - plan.unplaceable.length,
    add: plan.fetch.filter((p) => !p.previous).length,
    update: plan.fetch.filter((p) => p.previous).length,
    metadataUpdate: plan.rewrite.length,
    remove: plan.remove.length,
    unchanged: plan.unchanged,
    invalid,
    heldDeletions: decision.apply === 'all' ? 0 : plan.remove.length,
  };
}
