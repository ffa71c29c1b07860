// Writes the search benchmark's figures into docs/benchmarks.md, replacing only the
// "## Search" section (other sections belong to other benchmarks).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { IndexBenchResult } from './searchBench.js';
import type { SlowdownResult } from './syncSlowdown.js';

const FILE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'docs', 'benchmarks.md');
const P95_TARGET_MS = 50;
const SLOWDOWN_TARGET_PERCENT = 20;

function sectionText(index: IndexBenchResult, slowdown: SlowdownResult | null): string {
  const mb = (b: number) => `${(b / 1024 / 1024).toFixed(0)} MB`;
  const verdict = (ok: boolean) => (ok ? 'met' : '**missed**');
  const lines = [
    '## Search',
    '',
    `Measured by \`npm run bench:search\` (tests/bench/searchBench.ts) on ${new Date().toISOString().slice(0, 10)}: ` +
      `${os.cpus().length} cores (${os.cpus()[0]?.model.trim() ?? 'unknown CPU'}), Node ${process.version}.`,
    '',
    `### Index: ${index.documents.toLocaleString('en')} synthetic Swedish documents, ~${Math.round((index.textMb * 1024) / index.documents)} KB of text each`,
    '',
    '| figure | value |',
    '|---|---|',
    `| text indexed | ${index.textMb.toFixed(0)} MB |`,
    `| indexing (catalog write path, one transaction per document) | ${index.indexSeconds.toFixed(1)} s: ${index.docsPerSecond.toFixed(0)} documents/s, ${index.mbPerSecond.toFixed(1)} MB/s |`,
    `| catalog file on disk | ${mb(index.dbBytes)} |`,
    ...index.breakdown.map((b) => `| — ${b.name} | ${mb(b.bytes)} |`),
    `| query latency, ${index.rounds} rounds × ${index.perQuery.length} queries, 20 hits with snippets | p50 ${index.p50.toFixed(1)} ms, p95 ${index.p95.toFixed(1)} ms, p99 ${index.p99.toFixed(1)} ms, max ${index.max.toFixed(1)} ms |`,
    `| first query after opening | ${index.firstQueryMs.toFixed(1)} ms |`,
    `| target p95 < ${P95_TARGET_MS} ms | ${verdict(index.p95 < P95_TARGET_MS)} |`,
    '',
    '| query | hits (max 20) | p50 ms | p95 ms |',
    '|---|---|---|---|',
    ...index.perQuery.map((q) => `| \`${q.query}\` | ${q.hits} | ${q.p50.toFixed(1)} | ${q.p95.toFixed(1)} |`),
    '',
  ];
  if (slowdown) {
    lines.push(
      `### Sync with and without text extraction: ${slowdown.pdfs} PDFs, ${slowdown.pages} pages, ${slowdown.totalMb.toFixed(0)} MB`,
      '',
      '| source | without extraction | with extraction | slowdown | target ≤ 20 % |',
      '|---|---|---|---|---|',
      ...slowdown.cases.map(
        (c) =>
          `| ${c.source} | ${c.withoutSeconds.toFixed(2)} s (${c.transferMbPerSecond.toFixed(1)} MB/s) | ${c.withSeconds.toFixed(2)} s | ` +
          `${c.slowdownPercent >= 0 ? '+' : ''}${c.slowdownPercent.toFixed(0)} % | ${verdict(c.slowdownPercent <= SLOWDOWN_TARGET_PERCENT)} |`,
      ),
      '',
      ...slowdownNotes(slowdown),
    );
  }
  return lines.join('\n');
}

/** What the figures say about the target, derived from them. */
function slowdownNotes(s: SlowdownResult): string[] {
  const worst = [...s.cases].sort((a, b) => b.slowdownPercent - a.slowdownPercent)[0];
  if (!worst || worst.slowdownPercent <= SLOWDOWN_TARGET_PERCENT) return [];
  const msPerPage = ((worst.withSeconds - worst.withoutSeconds) * 1000) / s.pages;
  const at100Mbit = (s.totalMb / 12.5).toFixed(1);
  return [
    `Extraction costs about ${msPerPage.toFixed(1)} ms per page here (PDFium in WebAssembly, pdf.js for files PDFium cannot open;`,
    'one worker per core), and `sync` waits for it so that every synced document is searchable when it returns.',
    'Loopback and a local disk deliver far faster than a hospital network; the rate-limited row shows a link of about',
    `100 Mbit/s, where the same ${s.totalMb.toFixed(0)} MB take at least ${at100Mbit} s to download. What would close the rest of the gap: more`,
    'cores; lighter full-text indexing of bodies (the prefix indexes); or letting a first, full sync return once',
    'titles and metadata are indexed and finish the text in the background (a product decision: until then body',
    'text is not searchable). Estimated from the same figures, not measured',
    `separately: an incremental sync of a few changed documents adds their pages × ${msPerPage.toFixed(0)} ms plus the start of a worker.`,
    '',
  ];
}

/** Replaces (or appends) the "## Search" section; returns the file written. */
export function writeBenchmarkSection(index: IndexBenchResult, slowdown: SlowdownResult | null, notes = ''): string {
  const before = fs.existsSync(FILE) ? fs.readFileSync(FILE, 'utf8') : '# Benchmarks\n\nFigures printed by the benchmark scripts in tests/bench/.\n';
  const section = `${sectionText(index, slowdown)}${notes ? `\n${notes.trim()}\n` : ''}`;
  const start = before.search(/^## Search\s*$/m);
  let after: string;
  if (start === -1) {
    after = `${before.trimEnd()}\n\n${section}`;
  } else {
    const rest = before.slice(start + 1);
    const next = rest.search(/^## /m);
    const end = next === -1 ? before.length : start + 1 + next;
    after = `${before.slice(0, start)}${section}${next === -1 ? '' : `\n${before.slice(end)}`}`;
  }
  fs.mkdirSync(path.dirname(FILE), { recursive: true });
  fs.writeFileSync(FILE, `${after.trimEnd()}\n`);
  return FILE;
}
