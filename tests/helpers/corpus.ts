// Finds the shared corpus of real-world documents: LITA_CORPUS_DIR, or shared/corpus
// beside an ancestor of the repository. Suites skip loudly when it is not there.
import fs from 'node:fs';
import path from 'node:path';
import { repoRoot } from './cli.js';

export function findCorpus(): string | null {
  const fromEnv = process.env.LITA_CORPUS_DIR;
  if (fromEnv && fs.existsSync(path.join(fromEnv, 'MANIFEST.tsv'))) return fromEnv;
  for (let dir = repoRoot; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'shared', 'corpus');
    if (fs.existsSync(path.join(candidate, 'MANIFEST.tsv'))) return candidate;
    if (path.dirname(dir) === dir) break;
  }
  console.warn('\n*** SKIPPING: the shared document corpus was not found (set LITA_CORPUS_DIR) ***\n');
  return null;
}

/** Corpus files (relative, '/'-separated) listed in MANIFEST.tsv whose names end in one of `extensions`. */
export function corpusFiles(corpus: string, extensions: string[]): string[] {
  return fs
    .readFileSync(path.join(corpus, 'MANIFEST.tsv'), 'utf8')
    .split('\n')
    .slice(1)
    .map((line) => line.split('\t')[0] ?? '')
    .filter((p) => extensions.some((e) => p.toLowerCase().endsWith(e)));
}
