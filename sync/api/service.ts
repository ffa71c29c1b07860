// The API's one implementation, over the engine: what both bridges (Electron IPC and the
// browser mode's HTTP) call after parsing input with the contract's schemas. Document
// bytes come from the verified content store, never from the mirror folder a person can
// edit; files are opened with the system's programs only from inside the mirror.
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { createHash } from 'node:crypto';
import type { Config } from '../config/loadConfig.js';
import { Catalog } from '../catalog/catalog.js';
import { ContentStore } from '../store/contentStore.js';
import { MirrorWriter } from '../mirror/mirrorWriter.js';
import { buildStatus } from '../status/status.js';
import { isStale } from '../i18n/time.js';
import type { DocumentRecord } from '../model.js';
import type { ApiMethod, ApiOutputs, ApiParsedInput, HeldDeletionView, StatusView, SyncEvent, SyncOwnerView } from './contract.js';
import { ApiFailure } from './apiFailure.js';
import { toDetails } from './documentViews.js';
import { LibraryBrowser } from './libraryBrowser.js';
import { searchDocuments } from './searchDocuments.js';
import { SyncRunner, type SyncRunnerOptions } from './syncRunner.js';
import { detectSyncOwner, serviceSyncMessage } from './syncOwner.js';
import { readFleet, readFleetCsv } from './fleetApi.js';
import { drillStatus, saveDrill } from './drills.js';

export type ApiHandlers = { [M in ApiMethod]: (input: ApiParsedInput<M>) => Promise<ApiOutputs[M]> };

export interface ApiService extends ApiHandlers {
  subscribe(listener: (event: SyncEvent) => void): () => void;
  /**
   * A sync for the host's own schedule; resolves when it has ended, or at once with
   * 'service' when the service on this PC syncs instead (the app then never syncs itself).
   */
  runScheduledSync(): Promise<'ran' | 'service'>;
  close(): void;
}

export interface ApiServiceOptions {
  /** Opens a file with the system's program (the desktop app); '' on success, else the reason. */
  openFile?: (absolutePath: string) => Promise<string>;
  sync?: SyncRunnerOptions;
  now?: () => Date;
  /** Who syncs this PC (default: the data folder's daemon lock decides). */
  syncOwner?: () => SyncOwnerView;
}

export function createApiService(config: Config, options: ApiServiceOptions = {}): ApiService {
  const catalog = Catalog.open(config.dataDir);
  const store = new ContentStore(config.dataDir);
  const mirror = new MirrorWriter(config.mirrorDir);
  const browser = new LibraryBrowser(catalog, config.libraries);
  const runner = new SyncRunner(config, { ...options.sync, ...(options.now ? { now: options.now } : {}) });
  const now = options.now ?? (() => new Date());
  const libraryTitle = (id: string) => config.libraries.find((l) => l.id === id)?.title ?? id;
  const syncOwner = options.syncOwner ?? (() => detectSyncOwner(config.dataDir, now()));

  const findDocument = (ref: { libraryId: string; id: string }): DocumentRecord => {
    const doc = catalog.getDocument(ref.libraryId, ref.id);
    if (!doc || doc.state !== 'active') {
      throw new ApiFailure('not-found', `Dokumentet ${ref.id} finns inte (längre) i ${libraryTitle(ref.libraryId)}.`);
    }
    return doc;
  };

  // async, so a refusal (busy, the service syncs) is always a rejected promise, never a throw.
  const startSync = async (trigger: string, extra: { approveDeletions?: boolean; libraryIds?: string[] } = {}) => {
    const owner = syncOwner();
    if (owner.kind === 'service') {
      // The service writes where this user may not: approving is then a job for IT, by command.
      const approve = extra.approveDeletions
        ? ` Godkänn borttagningarna som administratör med "lita-reserv sync --library ${extra.libraryIds?.join(' --library ')} --approve-deletions".`
        : '';
      throw new ApiFailure('busy', serviceSyncMessage(owner) + approve);
    }
    void runner.start({ trigger, ...extra });
    return { started: true as const };
  };

  return {
    libraryTree: async () => browser.libraryTree(),
    listDocuments: async (q) => browser.listDocuments(q),
    getDocument: async (ref) => {
      const doc = findDocument(ref);
      return toDetails(doc, libraryTitle(doc.libraryId), mirror.resolve(doc.mirrorPath));
    },
    documentContent: async (ref) => readVerifiedBlob(store, findDocument(ref)),
    search: async (q) => searchDocuments(catalog, q.query, q),
    status: async () => statusView(config, catalog, runner, now(), Boolean(options.openFile), syncOwner()),
    syncNow: () => startSync('manual'),
    heldDeletions: async () => heldDeletions(config, catalog),
    approveDeletions: async ({ libraryId }) => {
      if (!config.libraries.some((l) => l.id === libraryId)) throw new ApiFailure('not-found', `Okänt bibliotek: ${libraryId}`);
      return startSync('manual', { approveDeletions: true, libraryIds: [libraryId] });
    },
    openInSystemApp: async (ref) => {
      const file = await mirrorFileInside(mirror, findDocument(ref));
      if (!options.openFile) return { opened: false, path: file };
      const problem = await options.openFile(file);
      if (problem) throw new ApiFailure('unavailable', `Kunde inte öppna ${file}: ${problem}`);
      return { opened: true, path: file };
    },
    fleet: () => readFleet(config, now()),
    fleetCsv: () => readFleetCsv(config, now()),
    drillStatus: async () => drillStatus(config, catalog),
    recordDrill: async (drill) => saveDrill(config, catalog, drill, now()),
    subscribe: (listener) => runner.subscribe(listener),
    runScheduledSync: async () => {
      if (syncOwner().kind === 'service') return 'service';
      await runner.start({ trigger: 'schedule' });
      return 'ran';
    },
    close: () => catalog.close(),
  };
}

/** The stored body, hashed again on the way out: a damaged copy is reported, never shown. */
async function readVerifiedBlob(store: ContentStore, doc: DocumentRecord): Promise<Uint8Array> {
  let bytes: Buffer;
  try {
    bytes = await fsp.readFile(store.blobPath(doc.sha256));
  } catch {
    throw new ApiFailure('unavailable', `Den sparade kopian av "${doc.title}" saknas. Kör "lita-reserv verify --repair".`);
  }
  if (createHash('sha256').update(bytes).digest('hex') !== doc.sha256) {
    throw new ApiFailure('unavailable', `Den sparade kopian av "${doc.title}" är skadad. Kör "lita-reserv verify --repair".`);
  }
  return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** The document's file in the mirror, after checking (real paths too) that it is inside it. */
async function mirrorFileInside(mirror: MirrorWriter, doc: DocumentRecord): Promise<string> {
  const file = mirror.resolve(doc.mirrorPath);
  let real: string;
  let realRoot: string;
  try {
    [real, realRoot] = await Promise.all([fsp.realpath(file), fsp.realpath(mirror.root)]);
  } catch {
    throw new ApiFailure('not-found', `Filen finns inte i speglingsmappen: ${file}. Nästa synk lägger tillbaka den.`);
  }
  if (!real.startsWith(realRoot + path.sep) || !fs.statSync(real).isFile()) {
    throw new ApiFailure('unavailable', `Vägrar öppna ${file}: den pekar utanför speglingsmappen.`);
  }
  return file;
}

function heldDeletions(config: Config, catalog: Catalog): HeldDeletionView[] {
  return config.libraries.flatMap((lib) =>
    catalog.heldDeletions(lib.id).map((h) => ({
      libraryId: h.libraryId,
      id: h.documentId,
      title: h.title,
      mirrorPath: h.mirrorPath,
      reason: h.reason,
      heldAt: h.heldAt,
    })),
  );
}

function statusView(config: Config, catalog: Catalog, runner: SyncRunner, now: Date, canOpenFiles: boolean, syncOwner: SyncOwnerView): StatusView {
  const report = buildStatus(config, catalog, now);
  const attempted = report.libraries.filter((l) => l.lastResult !== 'never');
  return {
    libraries: report.libraries.map((l) => ({
      id: l.id,
      title: l.title,
      documents: l.documents,
      lastSuccessAt: l.lastSuccessAt,
      lastAttemptAt: l.lastAttemptAt,
      lastResult: l.lastResult,
      lastError: l.lastError,
      stale: l.stale,
      failures: l.failures,
      held: l.held.map((h) => ({ libraryId: l.id, ...h })),
    })),
    mirrorDir: report.mirrorDir,
    dataDir: report.dataDir,
    updatedAt: report.updatedAt,
    staleAfterHours: report.staleAfterHours,
    stale: isStale(report.updatedAt, report.staleAfterHours, now),
    connection: attempted.length === 0 ? 'unknown' : attempted.some((l) => l.lastResult === 'failed') ? 'offline' : 'online',
    language: config.language,
    recentRuns: catalog.recentRuns(null, 20).map((r) => ({
      id: r.id,
      libraryId: r.libraryId,
      trigger: r.trigger,
      startedAt: r.startedAt,
      finishedAt: r.finishedAt,
      result: r.result,
      error: r.error,
      added: r.added,
      updated: r.updated,
      removed: r.removed,
      failed: r.failed,
      held: r.held,
    })),
    sync: runner.state,
    canOpenFiles,
    syncOwner,
  };
}
