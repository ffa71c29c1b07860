// `selftest`: is this emergency PC ready for an outage? Checks the catalog, how fresh each
// library is, every mirror file against the catalog and the content store (as `verify`),
// that the fallback files are in place, and opens a sample of documents from the mirror
// the way a person would, reading their text.
import fs from 'node:fs';
import type { Config } from '../config/loadConfig.js';
import { isStale, formatLocalTime } from '../i18n/time.js';
import { hashFile } from '../store/contentStore.js';
import { ExtractorPool } from '../extract/extractorPool.js';
import { errorMessage } from '../errors.js';
import { openEngineState } from './runSync.js';
import { verifyMirror } from './verify.js';

export interface SelftestCheck {
  id: string;
  ok: boolean;
  title: string;
  detail: string;
}

export interface SampledDocument {
  libraryId: string;
  id: string;
  title: string;
  mirrorPath: string;
  ok: boolean;
  detail: string;
}

export interface SelftestReport {
  ok: boolean;
  checkedAt: string;
  checks: SelftestCheck[];
  sample: SampledDocument[];
}

/** Every n-th document, so the sample spreads across libraries and folders. */
export function spreadSample<T>(items: readonly T[], size: number): T[] {
  if (items.length <= size) return [...items];
  const step = items.length / size;
  return Array.from({ length: size }, (_, i) => items[Math.floor(i * step)]!);
}

export async function runSelftest(config: Config, opts: { sample?: number; now?: Date } = {}): Promise<SelftestReport> {
  const now = opts.now ?? new Date();
  const state = openEngineState(config);
  const checks: SelftestCheck[] = [];
  try {
    const problems = state.catalog.integrityProblems();
    checks.push({ id: 'catalog', ok: problems.length === 0, title: 'Katalogen är hel', detail: problems.length === 0 ? 'SQLite: ok' : problems.slice(0, 5).join('; ') });

    for (const lib of config.libraries) {
      const row = state.catalog.getLibrary(lib.id);
      const last = row?.lastSuccessAt ?? null;
      const fresh = !isStale(last, config.staleAfterHours, now);
      checks.push({
        id: `fresh.${lib.id}`,
        ok: fresh,
        title: `"${lib.title}" är uppdaterat`,
        detail: last ? `senast lyckad synk ${formatLocalTime(last)}${fresh ? '' : ` (äldre än ${config.staleAfterHours} timmar)`}` : 'har aldrig synkats',
      });
    }

    const report = await verifyMirror(state, { repair: false });
    checks.push({
      id: 'mirror',
      ok: report.problems.length === 0,
      title: 'Speglingen stämmer med katalogen och lagret',
      detail:
        report.problems.length === 0
          ? `${report.checked} dokument kontrollerade`
          : `${report.problems.length} problem bland ${report.checked} dokument (kör "lita-reserv verify --repair")`,
    });

    for (const name of ['LÄS MIG.txt', 'index.html']) {
      const present = fs.existsSync(state.mirror.resolve(name));
      checks.push({ id: `file.${name}`, ok: present, title: `${name} finns i speglingen`, detail: present ? 'ja' : 'saknas (skrivs vid nästa synk)' });
    }

    const sample = await openSample(state, opts.sample ?? 10);
    checks.push({
      id: 'sample',
      ok: sample.every((s) => s.ok),
      title: 'Ett stickprov av dokument går att öppna',
      detail: `${sample.filter((s) => s.ok).length} av ${sample.length} öppnade`,
    });
    return { ok: checks.every((c) => c.ok), checkedAt: now.toISOString(), checks, sample };
  } finally {
    state.close();
  }
}

async function openSample(state: ReturnType<typeof openEngineState>, size: number): Promise<SampledDocument[]> {
  const docs = spreadSample(state.catalog.allActiveDocuments(), size);
  const pool = new ExtractorPool({ size: 1 });
  try {
    const out: SampledDocument[] = [];
    for (const doc of docs) {
      const base = { libraryId: doc.libraryId, id: doc.id, title: doc.title, mirrorPath: doc.mirrorPath };
      const file = state.mirror.resolve(doc.mirrorPath);
      try {
        if ((await hashFile(file)) !== doc.sha256) {
          out.push({ ...base, ok: false, detail: 'filen i speglingen stämmer inte med katalogen' });
          continue;
        }
      } catch (err) {
        out.push({ ...base, ok: false, detail: `filen går inte att läsa: ${errorMessage(err)}` });
        continue;
      }
      const text = await pool.extract({ file, fileName: doc.fileName, contentType: doc.contentType });
      const detail =
        text.status === 'text' ? `öppnad, ${text.text.length} tecken text` : text.status === 'none' ? `öppnad; ingen sökbar text (${text.reason})` : `kunde inte läsas: ${text.reason}`;
      out.push({ ...base, ok: text.status !== 'failed', detail });
    }
    return out;
  } finally {
    await pool.close();
  }
}
