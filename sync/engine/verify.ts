// `verify`: rehash every mirrored file and its blob in the store. With `repair`, a mirror
// file that was edited or deleted is restored from the store, offline; a damaged blob is
// dropped and the document queued so the next sync fetches it again. The daemon uses the
// same check for single files a watcher saw change.
import fs from 'node:fs';
import type { Catalog } from '../catalog/catalog.js';
import type { ContentStore } from '../store/contentStore.js';
import { hashFile } from '../store/contentStore.js';
import type { MirrorWriter } from '../mirror/mirrorWriter.js';
import type { DocumentRecord } from '../model.js';
import { recordToRemote } from './plan.js';
import { forEachLimited } from './pool.js';
import { errorMessage } from '../errors.js';

export type VerifyProblemKind = 'mirror-missing' | 'mirror-modified' | 'store-missing' | 'store-corrupt';

export interface VerifyProblem {
  libraryId: string;
  id: string;
  title: string;
  mirrorPath: string;
  problem: VerifyProblemKind;
  repaired: boolean;
  note?: string;
}

export interface VerifyReport {
  checked: number;
  problems: VerifyProblem[];
  repaired: number;
  /** Problems SQLite's own integrity check found in the catalog. */
  catalogProblems: string[];
}

interface State {
  catalog: Catalog;
  store: ContentStore;
  mirror: MirrorWriter;
}

interface CheckOptions {
  repair: boolean;
  now?: () => Date;
}

export async function verifyMirror(
  state: State,
  opts: CheckOptions & { onProgress?: (done: number, total: number) => void },
): Promise<VerifyReport> {
  const catalogProblems = state.catalog.integrityProblems();
  const docs = state.catalog.allActiveDocuments();
  const blobChecks = new Map<string, Promise<boolean>>();
  const problems: VerifyProblem[] = [];
  let done = 0;
  await forEachLimited(docs, 4, async (doc) => {
    problems.push(...(await checkDocument(state, doc, opts, blobChecks)));
    opts.onProgress?.(++done, docs.length);
  });
  problems.sort((a, b) => a.mirrorPath.localeCompare(b.mirrorPath));
  return { checked: docs.length, problems, repaired: problems.filter((p) => p.repaired).length, catalogProblems };
}

/** Checks (and with `repair`, restores) the documents mirrored at the given paths. */
export async function checkMirrorPaths(state: State, mirrorPaths: readonly string[], opts: CheckOptions): Promise<VerifyProblem[]> {
  const problems: VerifyProblem[] = [];
  for (const rel of new Set(mirrorPaths)) {
    const doc = state.catalog.documentAtMirrorPath(rel);
    if (doc) problems.push(...(await checkDocument(state, doc, opts, new Map())));
  }
  return problems;
}

async function checkDocument(
  state: State,
  doc: DocumentRecord,
  opts: CheckOptions,
  blobChecks: Map<string, Promise<boolean>>,
): Promise<VerifyProblem[]> {
  const { catalog, store, mirror } = state;
  let storeCheck = blobChecks.get(doc.sha256);
  if (!storeCheck) {
    storeCheck = store.verifyBlob(doc.sha256);
    blobChecks.set(doc.sha256, storeCheck);
  }
  const storeGood = await storeCheck;
  const file = mirror.resolve(doc.mirrorPath);
  const mirrorHash = fs.existsSync(file) ? await hashFile(file).catch(() => null) : null;
  const base = { libraryId: doc.libraryId, id: doc.id, title: doc.title, mirrorPath: doc.mirrorPath };
  const problems: VerifyProblem[] = [];

  if (!storeGood) {
    const problem: VerifyProblemKind = store.has(doc.sha256) ? 'store-corrupt' : 'store-missing';
    let note = 'kör verify --repair och sedan sync';
    if (opts.repair) {
      if (problem === 'store-corrupt') await store.removeBlob(doc.sha256);
      // Queue the document: the next sync sees the failure and fetches the body again.
      const at = (opts.now?.() ?? new Date()).toISOString();
      catalog.recordFailure(doc.libraryId, doc.id, doc.title, 'Kopian i lagret var skadad; hämtas igen', recordToRemote(doc), at);
      note = 'hämtas igen vid nästa synk';
    }
    problems.push({ ...base, problem, repaired: false, note });
  }
  if (mirrorHash !== doc.sha256) {
    const problem: VerifyProblemKind = mirrorHash === null ? 'mirror-missing' : 'mirror-modified';
    let repaired = false;
    let note: string | undefined;
    if (opts.repair && storeGood) {
      try {
        await mirror.place(doc.mirrorPath, store.blobPath(doc.sha256));
        repaired = true;
      } catch (err) {
        note = errorMessage(err);
      }
    }
    problems.push({ ...base, problem, repaired, ...(note ? { note } : {}) });
  }
  return problems;
}
