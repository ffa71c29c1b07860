// The shared corpus of real-world documents (broken, encrypted, scanned, non-Latin PDFs,
// Office files…). Never copied into the repository: found through LITA_CORPUS_DIR or a
// `shared/corpus/MANIFEST.tsv` in an ancestor folder of the repository; suites skip
// loudly when it is not there.
import fs from 'node:fs';
import path from 'node:path';
import { repoRoot } from './cli.js';

export interface CorpusFile {
  /** Relative to the corpus folder, '/'-separated. */
  path: string;
  absolute: string;
  bytes: number;
  category: string;
  notes: string;
  /** pdfinfo/pdftotext or `file` findings, e.g. "pages=1; encrypted=no; form=none; nonspace_text_chars=0". */
  auto: string;
}

export function findCorpusDir(): string | null {
  const fromEnv = process.env.LITA_CORPUS_DIR;
  if (fromEnv && fs.existsSync(path.join(fromEnv, 'MANIFEST.tsv'))) return fromEnv;
  for (let dir = repoRoot; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'shared', 'corpus');
    if (fs.existsSync(path.join(candidate, 'MANIFEST.tsv'))) return candidate;
    if (path.dirname(dir) === dir) return null;
  }
}

/** The corpus files, or null (after saying why) when the suite should skip. */
export function requireCorpus(why: string): CorpusFile[] | null {
  const dir = findCorpusDir();
  if (!dir) {
    const message = `shared test corpus not found (set LITA_CORPUS_DIR or place shared/corpus above the repository): ${why}`;
    console.warn(`\n*** SKIPPING: ${message} ***\n`);
    return null;
  }
  const [, ...lines] = fs.readFileSync(path.join(dir, 'MANIFEST.tsv'), 'utf8').split('\n');
  return lines
    .filter((l) => l.trim() !== '')
    .map((l) => {
      const [rel, bytes, , category, , , notes, auto] = l.split('\t');
      return { path: rel!, absolute: path.join(dir, ...rel!.split('/')), bytes: Number(bytes), category: category!, notes: notes ?? '', auto: auto ?? '' };
    });
}

/** Corpus files (relative, '/'-separated) whose names end in one of `extensions`, or null (after saying why). */
export function corpusFilesWithExtensions(why: string, extensions: string[]): { dir: string; files: string[] } | null {
  const all = requireCorpus(why);
  if (!all) return null;
  return {
    dir: findCorpusDir()!,
    files: all.map((f) => f.path).filter((p) => extensions.some((e) => p.toLowerCase().endsWith(e))),
  };
}
