// `verify`: rehash every mirrored file and its blob in the store. With `repair`, a mirror
// file that was edited or deleted is restored from the store, offline; a damaged blob is
// dropped and the document queued so the next sync fetches it again.
import fs from 'node:fs';
import type { Catalog } from '../catalog/catalog.js';
import type { ContentStore } from '../store/contentStore.js';
import { hashFile } from '../store/contentStore.js';
import type { MirrorWriter } from '../mirror/mirrorWriter.js';
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
}

export async function verifyMirror(
  state: { catalog: Catalog; store: ContentStore; mirror: MirrorWriter },
  opts: { repair: boolean; onProgress?: (done: number, total: number) => void; now?: () => Date },
): Promise<VerifyReport> {
  const { catalog, store, mirror } = state;
  const docs = catalog.allActiveDocuments();
  const problems: VerifyProblem[] = [];
  const blobOk = new Map<string, Promise<boolean>>();
  let done = 0;
  await forEachLimited(docs, 4, async (doc) => {
    let storeGood = blobOk.get(doc.sha256);
    if (!storeGood) {
      storeGood = store.verifyBlob(doc.sha256);
      blobOk.set(doc.sha256, storeGood);
    }
    const good = await storeGood;
    const file = mirror.resolve(doc.mirrorPath);
    const mirrorHash = fs.existsSync(file) ? await hashFile(file).catch(() => null) : null;
    const base = { libraryId: doc.libraryId, id: doc.id, title: doc.title, mirrorPath: doc.mirrorPath };

    if (!good) {
      const problem: VerifyProblemKind = store.has(doc.sha256) ? 'store-corrupt' : 'store-missing';
      let note = 'hämtas igen vid nästa synk';
      if (opts.repair) {
        if (problem === 'store-corrupt') await store.removeBlob(doc.sha256);
        // Queue the document: the next sync sees the failure and fetches the body again.
        catalog.recordFailure(doc.libraryId, doc.id, doc.title, 'Kopian i lagret var skadad; hämtas igen', recordToRemote(doc), (opts.now?.() ?? new Date()).toISOString());
      } else note = 'kör verify --repair och sedan sync';
      problems.push({ ...base, problem, repaired: false, note });
    }
    if (mirrorHash !== doc.sha256) {
      const problem: VerifyProblemKind = mirrorHash === null ? 'mirror-missing' : 'mirror-modified';
      let repaired = false;
      let note: string | undefined;
      if (opts.repair && good) {
        try {
          await mirror.place(doc.mirrorPath, store.blobPath(doc.sha256));
          repaired = true;
        } catch (err) {
          note = errorMessage(err);
        }
      }
      problems.push({ ...base, problem, repaired, ...(note ? { note } : {}) });
    }
    opts.onProgress?.(++done, docs.length);
  });
  problems.sort((a, b) => a.mirrorPath.localeCompare(b.mirrorPath));
  return { checked: docs.length, problems, repaired: problems.filter((p) => p.repaired).length };
}
