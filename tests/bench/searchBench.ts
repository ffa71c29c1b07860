// `npm run bench:search`: builds a search index of synthetic Swedish-like documents through
// the catalog's own write path, measures query latency (p50/p95/p99) for a fixed set of
// queries, the index size on disk and the indexing rate; then times a real sync of
// generated PDFs with and without text extraction (syncSlowdown.ts). Prints the figures and
// writes them to docs/benchmarks.md under "## Search".
//
//   npm run bench:search                      50 000 documents of ~20 KB, 200 PDFs
//   npm run bench:search -- --docs 2000 --pdfs 40 --no-write     a quick run
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { parseArgs } from 'node:util';
import { Catalog } from '../../sync/catalog/catalog.js';
import { storeDocumentText } from '../../sync/search/documentText.js';
import { searchDocuments } from '../../sync/search/searchDocuments.js';
import { EXTRACTOR_VERSION } from '../../sync/extract/textIndexer.js';
import { syntheticDocuments } from './swedishCorpus.js';
import { measureSyncSlowdown, setExtractionWorkers, type SlowdownResult } from './syncSlowdown.js';
import { writeBenchmarkSection } from './benchmarkReport.js';

const QUERIES = [
  'stopp', 'hygien', 'overflyttning', 'narkotika', 'hjärtstopp', 'Vårdhygien rutin', 'läkemedel', 'sepsis barn',
  'reservrutin avbrott', 'blodtransfusion', 'postoperativ övervakning', 'akut', 'och', 'pm', 'ö', 'rutin',
  'trycksårsbedömning', 'NEAR("x" AND', 'xyzzyfinnsinte', 'journal sekretess samtycke',
];

interface QueryStats {
  query: string;
  hits: number;
  p50: number;
  p95: number;
}

export interface IndexBenchResult {
  documents: number;
  textMb: number;
  indexSeconds: number;
  docsPerSecond: number;
  mbPerSecond: number;
  dbBytes: number;
  breakdown: { name: string; bytes: number }[];
  rounds: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  firstQueryMs: number;
  perQuery: QueryStats[];
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

function indexCorpus(catalog: Catalog, count: number, bodyBytes: number): { seconds: number; textBytes: number } {
  catalog.ensureLibrary({ id: 'bench', title: 'Benchmark', sourceType: 'folder', sourceKey: 'bench' });
  const at = new Date().toISOString();
  let indexingNs = 0n;
  let textBytes = 0;
  let n = 0;
  for (const doc of syntheticDocuments(count, bodyBytes)) {
    const sha256 = createHash('sha256').update(doc.body).digest('hex');
    const started = process.hrtime.bigint();
    catalog.saveDocument({
      libraryId: 'bench', id: doc.id, title: doc.title, path: ['Region', doc.unit], fileName: `${doc.title}.pdf`,
      version: '1', modifiedAt: at, contentType: 'application/pdf', size: doc.body.length, sha256, revision: sha256,
      sourceRef: doc.id, metadata: { documentType: doc.documentType, unit: doc.unit, owner: doc.owner, keywords: doc.keywords },
      mirrorPath: `Benchmark/${doc.unit}/${doc.id}.pdf`, syncedAt: at,
    });
    storeDocumentText(catalog.db, sha256, { status: 'text', text: doc.body, truncated: false }, EXTRACTOR_VERSION, at);
    indexingNs += process.hrtime.bigint() - started;
    textBytes += Buffer.byteLength(doc.body);
    if (++n % 5000 === 0) process.stdout.write(`  indexed ${n}/${count} (${(Number(indexingNs) / 1e9).toFixed(0)} s)\n`);
  }
  return { seconds: Number(indexingNs) / 1e9, textBytes };
}

function sizeBreakdown(catalog: Catalog): { name: string; bytes: number }[] {
  const rows = catalog.db
    .prepare("SELECT name, sum(pgsize) AS bytes FROM dbstat WHERE name NOT LIKE 'sqlite_%' GROUP BY name ORDER BY bytes DESC")
    .all() as { name: string; bytes: number }[];
  const group = (n: string) =>
    n.startsWith('search_fts')
      ? 'search_fts (index of title, metadata and text)'
      : n.startsWith('search_meta')
        ? 'search_meta (index of title and metadata)'
        : n.startsWith('document_text') || n === 'sqlite_autoindex_document_text_1'
          ? 'document_text (extracted text)'
          : 'catalog and search entries';
  const totals = new Map<string, number>();
  for (const r of rows) totals.set(group(r.name), (totals.get(group(r.name)) ?? 0) + r.bytes);
  return [...totals].map(([name, bytes]) => ({ name, bytes })).sort((a, b) => b.bytes - a.bytes);
}

function measureQueries(catalog: Catalog, rounds: number): Pick<IndexBenchResult, 'p50' | 'p95' | 'p99' | 'max' | 'firstQueryMs' | 'perQuery' | 'rounds'> {
  const time = (q: string) => {
    const started = process.hrtime.bigint();
    const hits = searchDocuments(catalog, q, { limit: 20 }).hits.length;
    return { ms: Number(process.hrtime.bigint() - started) / 1e6, hits };
  };
  const firstQueryMs = time(QUERIES[0]!).ms;
  for (const q of QUERIES) time(q);
  const all: number[] = [];
  const perQuery = QUERIES.map((query) => ({ query, samples: [] as number[], hits: 0 }));
  for (let r = 0; r < rounds; r++) {
    for (const pq of perQuery) {
      const { ms, hits } = time(pq.query);
      pq.samples.push(ms);
      pq.hits = hits;
      all.push(ms);
    }
  }
  all.sort((a, b) => a - b);
  return {
    rounds,
    firstQueryMs,
    p50: percentile(all, 50),
    p95: percentile(all, 95),
    p99: percentile(all, 99),
    max: all.at(-1)!,
    perQuery: perQuery.map((pq) => {
      const s = [...pq.samples].sort((a, b) => a - b);
      return { query: pq.query, hits: pq.hits, p50: percentile(s, 50), p95: percentile(s, 95) };
    }),
  };
}

export function benchIndex(dir: string, count: number, bodyBytes: number, rounds: number): IndexBenchResult {
  const catalog = Catalog.open(dir);
  try {
    const { seconds, textBytes } = indexCorpus(catalog, count, bodyBytes);
    catalog.db.pragma('wal_checkpoint(TRUNCATE)');
    const dbBytes = fs.statSync(path.join(dir, 'catalog.sqlite')).size;
    const breakdown = sizeBreakdown(catalog);
    const textMb = textBytes / 1024 / 1024;
    return { documents: count, textMb, indexSeconds: seconds, docsPerSecond: count / seconds, mbPerSecond: textMb / seconds, dbBytes, breakdown, ...measureQueries(catalog, rounds) };
  } finally {
    catalog.close();
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      docs: { type: 'string', default: '50000' },
      kb: { type: 'string', default: '20' },
      rounds: { type: 'string', default: '30' },
      pdfs: { type: 'string', default: '200' },
      workers: { type: 'string' },
      'skip-index': { type: 'boolean', default: false },
      'skip-sync': { type: 'boolean', default: false },
      'no-write': { type: 'boolean', default: false },
      keep: { type: 'boolean', default: false },
    },
  });
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'lita-search-bench-'));
  console.log(`Search benchmark in ${work} (${os.cpus().length} cores, Node ${process.version})`);
  try {
    let index: IndexBenchResult | null = null;
    if (!values['skip-index']) {
      console.log(`Indexing ${values.docs} documents of ~${values.kb} KB…`);
      index = benchIndex(path.join(work, 'index'), Number(values.docs), Number(values.kb) * 1024, Number(values.rounds));
      printIndex(index);
    }
    let slowdown: SlowdownResult | null = null;
    if (!values['skip-sync']) {
      console.log(`\nSyncing ${values.pdfs} generated PDFs with and without text extraction…`);
      setExtractionWorkers(values.workers ? Number(values.workers) : undefined);
      slowdown = await measureSyncSlowdown(path.join(work, 'sync'), Number(values.pdfs));
      for (const line of slowdown.lines) console.log(line);
    }
    if (!values['no-write'] && index) {
      const file = writeBenchmarkSection(index, slowdown);
      console.log(`\nWrote the "## Search" section of ${file}`);
    }
  } finally {
    if (!values.keep) fs.rmSync(work, { recursive: true, force: true });
  }
}

function printIndex(r: IndexBenchResult): void {
  const mb = (b: number) => `${(b / 1024 / 1024).toFixed(0)} MB`;
  console.log(`  indexed ${r.documents} documents (${r.textMb.toFixed(0)} MB of text) in ${r.indexSeconds.toFixed(1)} s: ` +
    `${r.docsPerSecond.toFixed(0)} documents/s, ${r.mbPerSecond.toFixed(1)} MB/s`);
  console.log(`  catalog on disk: ${mb(r.dbBytes)} (${r.breakdown.map((b) => `${b.name} ${mb(b.bytes)}`).join(', ')})`);
  console.log(`  query latency over ${r.rounds} rounds × ${r.perQuery.length} queries: p50 ${r.p50.toFixed(1)} ms, ` +
    `p95 ${r.p95.toFixed(1)} ms, p99 ${r.p99.toFixed(1)} ms, max ${r.max.toFixed(1)} ms (first query ${r.firstQueryMs.toFixed(1)} ms)`);
  for (const q of r.perQuery) console.log(`    ${JSON.stringify(q.query).padEnd(30)} ${String(q.hits).padStart(3)} hits  p50 ${q.p50.toFixed(1).padStart(6)} ms  p95 ${q.p95.toFixed(1).padStart(6)} ms`);
}

await main();
