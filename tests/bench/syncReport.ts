// The sync benchmark's figures, the targets they are held against, and how they are
// printed and recorded. Pure formatting: no I/O.
import { describeMachine, type MachineFacts } from './benchRecord.js';
import type { SizeProfile } from './benchLibrary.js';

export interface SyncFigures {
  label: string;
  /** The whole `lita-reserv sync` process, spawn to exit. */
  wallMs: number;
  /** runSync's own time (timings.totalMs in `sync --json`). */
  engineMs: number | null;
  peakRss: number | null;
  /** User + system CPU time of the process. */
  cpuMs: number | null;
  runTimings: Record<string, number>;
  libraryTimings: Record<string, number>;
  added: number;
  updated: number;
  unchanged: number;
  bytesDownloaded: number;
}

export interface RcloneFigures {
  wallMs: number;
  peakRss: number | null;
  cpuMs: number | null;
  files: number;
  command: string;
}

export interface BenchFigures {
  docs: number;
  profile: SizeProfile;
  totalBytes: number;
  concurrency: number;
  seed: number;
  generateMs: number;
  publishMs: number;
  republishMs: number;
  initial: SyncFigures;
  /** The figures, or why there are none. */
  rclone: RcloneFigures | string;
  unchanged: SyncFigures[];
  oneChanged: SyncFigures;
  rssMethod: string;
  machine: MachineFacts;
  benchMs: number;
  /** 1-minute load average when the benchmark started and ended (other work on the machine). */
  load: [number, number];
}

export interface TargetCheck {
  name: string;
  target: string;
  actual: string;
  /** null when it could not be measured in this run. */
  met: boolean | null;
}

/** The targets are set for 50 000 documents. */
export const TARGET_DOCS = 50_000;
const UNCHANGED_ENGINE_MS = 200;
const ONE_CHANGED_MS = 2000;
const PEAK_RSS_BYTES = 300e6;

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function unchangedMedian(f: BenchFigures): { wallMs: number; engineMs: number | null } {
  const engine = f.unchanged.map((u) => u.engineMs).filter((e): e is number => e !== null);
  return { wallMs: median(f.unchanged.map((u) => u.wallMs)), engineMs: engine.length > 0 ? median(engine) : null };
}

function peakRss(f: BenchFigures): number | null {
  const all = [f.initial, ...f.unchanged, f.oneChanged].map((s) => s.peakRss).filter((r): r is number => r !== null);
  return all.length > 0 ? Math.max(...all) : null;
}

export function evaluateTargets(f: BenchFigures): TargetCheck[] {
  const u = unchangedMedian(f);
  const rss = peakRss(f);
  const rclone = typeof f.rclone === 'string' ? null : f.rclone;
  return [
    {
      name: 'unchanged library, sync work',
      target: `< ${secs(UNCHANGED_ENGINE_MS)}`,
      actual: u.engineMs === null ? 'not reported' : `${secs(u.engineMs)} engine (${secs(u.wallMs)} whole process)`,
      met: u.engineMs === null ? null : u.engineMs < UNCHANGED_ENGINE_MS,
    },
    {
      name: 'one changed document',
      target: `< ${secs(ONE_CHANGED_MS)}`,
      actual: `${secs(f.oneChanged.wallMs)} whole process (${secs(f.oneChanged.engineMs ?? NaN)} engine)`,
      met: f.oneChanged.wallMs < ONE_CHANGED_MS,
    },
    {
      name: 'initial sync vs rclone copy',
      target: '≤ rclone',
      actual: rclone ? `${secs(f.initial.wallMs)} vs ${secs(rclone.wallMs)} (×${ratio(f.initial.wallMs, rclone.wallMs)})` : f.rclone as string,
      met: rclone ? f.initial.wallMs <= rclone.wallMs : null,
    },
    {
      name: 'peak RSS of sync',
      target: `< ${bytes(PEAK_RSS_BYTES)}`,
      actual: rss === null ? 'not measured' : bytes(rss),
      met: rss === null ? null : rss < PEAK_RSS_BYTES,
    },
  ];
}

export function formatReport(f: BenchFigures): string {
  const u = unchangedMedian(f);
  const rclone = typeof f.rclone === 'string' ? null : f.rclone;
  const row = (step: string, wall: string, engine: string, cpu: string, rss: string, note: string) =>
    `${step.padEnd(32)}${wall.padStart(10)}${engine.padStart(10)}${cpu.padStart(10)}${rss.padStart(11)}   ${note}`;
  const lines = [
    `Sync benchmark — ${count(f.docs)} documents, ${sizesText(f.profile)}, ${bytes(f.totalBytes)} in all, concurrency ${f.concurrency}, seed ${f.seed}`,
    `Machine: ${describeMachine(f.machine)}`,
    `Peak RSS: ${f.rssMethod}`,
    `Load average (1 min) at start / end: ${f.load[0].toFixed(1)} / ${f.load[1].toFixed(1)} on ${f.machine.cores} cores; wall times include waiting for other work, CPU times much less so.`,
    '',
    row('step', 'process', 'engine', 'CPU', 'peak RSS', ''),
    row('initial sync', secs(f.initial.wallMs), secs(f.initial.engineMs ?? NaN), secs(f.initial.cpuMs ?? NaN), bytes(f.initial.peakRss), `${count(f.initial.added)} added, ${bytes(f.initial.bytesDownloaded)} downloaded`),
    rclone
      ? row('rclone copy over HTTP', secs(rclone.wallMs), '–', secs(rclone.cpuMs ?? NaN), bytes(rclone.peakRss), `${count(rclone.files)} files; sync ÷ rclone = ${ratio(f.initial.wallMs, rclone.wallMs)} (CPU ${rclone.cpuMs && f.initial.cpuMs ? ratio(f.initial.cpuMs, rclone.cpuMs) : '–'})`)
      : row('rclone copy over HTTP', '–', '–', '–', '–', f.rclone as string),
    row(`unchanged sync (median of ${f.unchanged.length})`, secs(u.wallMs), secs(u.engineMs ?? NaN), secs(median(f.unchanged.map((x) => x.cpuMs ?? NaN))), bytes(peakOf(f.unchanged)), `${count(f.unchanged[0]!.unchanged)} unchanged`),
    row('one changed document', secs(f.oneChanged.wallMs), secs(f.oneChanged.engineMs ?? NaN), secs(f.oneChanged.cpuMs ?? NaN), bytes(f.oneChanged.peakRss), `${f.oneChanged.updated} updated, ${bytes(f.oneChanged.bytesDownloaded)} downloaded`),
    '',
    'Engine phases (ms; library: list plan transfer remove finish | run: open garbage readme):',
    ...[f.initial, ...f.unchanged, f.oneChanged].map((s) => `  ${s.label.padEnd(14)}${phases(s)}`),
    '',
    `Preparation: generated in ${secs(f.generateMs)}, published in ${secs(f.publishMs)}, republished in ${secs(f.republishMs)}; ` +
      `the whole benchmark took ${secs(f.benchMs)}.`,
    rclone ? `rclone: ${rclone.command}` : '',
    '',
    `Targets (set for ${count(TARGET_DOCS)} documents${f.docs === TARGET_DOCS ? '' : `; this run has ${count(f.docs)}`}):`,
    ...evaluateTargets(f).map((t) => `  ${t.met === null ? '?' : t.met ? '✓' : '✗'} ${t.name}: ${t.actual} (target ${t.target})`),
  ];
  return lines.filter((l, i) => l !== '' || lines[i - 1] !== '').join('\n');
}

function phases(s: SyncFigures): string {
  const lib = ['list', 'plan', 'transfer', 'remove', 'finish'].map((p) => `${p} ${fmtMs(s.libraryTimings[`${p}Ms`])}`);
  const run = ['open', 'garbage', 'readme'].map((p) => `${p} ${fmtMs(s.runTimings[`${p}Ms`])}`);
  return `${lib.join('  ')}  |  ${run.join('  ')}`;
}

function fmtMs(ms: number | undefined): string {
  return ms === undefined ? '–' : ms < 10 ? ms.toFixed(1) : Math.round(ms).toString();
}

function peakOf(list: readonly SyncFigures[]): number | null {
  const values = list.map((s) => s.peakRss).filter((r): r is number => r !== null);
  return values.length > 0 ? Math.max(...values) : null;
}

export const RECORD_COLUMNS = [
  'documents',
  'sizes',
  'data',
  'initial sync',
  'rclone copy',
  'sync ÷ rclone',
  'CPU: sync ÷ rclone',
  'unchanged (process / engine)',
  'one changed (process / engine)',
  'peak RSS',
  'benchmark took',
  'load (1 min)',
  'date',
  'machine',
];

export function recordRow(f: BenchFigures): string[] {
  const u = unchangedMedian(f);
  const rclone = typeof f.rclone === 'string' ? null : f.rclone;
  return [
    count(f.docs),
    sizesText(f.profile),
    bytes(f.totalBytes),
    secs(f.initial.wallMs),
    rclone ? secs(rclone.wallMs) : '–',
    rclone ? ratio(f.initial.wallMs, rclone.wallMs) : '–',
    rclone?.cpuMs && f.initial.cpuMs ? ratio(f.initial.cpuMs, rclone.cpuMs) : '–',
    `${secs(u.wallMs)} / ${secs(u.engineMs ?? NaN)}`,
    `${secs(f.oneChanged.wallMs)} / ${secs(f.oneChanged.engineMs ?? NaN)}`,
    bytes(peakRss(f)),
    secs(f.benchMs),
    `${f.load[0].toFixed(1)} → ${f.load[1].toFixed(1)}`,
    new Date().toISOString().slice(0, 10),
    `${f.machine.cores} cores, Node ${f.machine.node}, ${f.machine.disk}`,
  ];
}

export function recordIntro(f: BenchFigures): string {
  return rawIntro(f)
    .trim()
    .split(/\n\s*\n/)
    .map((paragraph) => wrap(paragraph.replace(/\s+/g, ' '), 92))
    .join('\n\n');
}

function wrap(text: string, width: number): string {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines.join('\n');
}

function rawIntro(f: BenchFigures): string {
  return `
Measured with \`npm run bench:sync\` (tests/bench/syncBench.ts; \`--docs N\`, \`--small\`, \`--record\`).
The benchmark generates a library (organisation → unit → type, Swedish names, one-page
PDFs padded to size, deterministic from a seed), publishes it with \`lita-reserv publish\`,
serves it with nginx on loopback, and runs the real \`lita-reserv sync --json\` as a child
process. "process" is the whole process from spawn to exit (Node start included);
"engine" is the run's own \`timings.totalMs\` from \`sync --json\`. Unchanged is the median of
${f.unchanged.length} runs (ETag answered 304); one changed is a sync after one file was changed and
the library republished. rclone copies the same published files over HTTP (its http backend
walking nginx's autoindex, \`--http-no-head\`, \`--transfers\` = sync concurrency ${f.concurrency}).
Peak RSS is the largest of the sync runs, measured with ${f.rssMethod}. The load column is
the machine's 1-minute load average at the start and end of the run: on a machine shared
with other work, wall times are inflated, and the CPU (user + system) ratio of the initial
sync to rclone is the steadier comparison. Real sizes are 70 %
50–200 KB, 22 % 200–700 KB, 8 % 0.7–2 MB; small sizes are those divided by 20. Dirty pages
are flushed (\`sync\`) before every timed step.

Targets at ${count(TARGET_DOCS)} documents: unchanged library under ${secs(UNCHANGED_ENGINE_MS)} of sync work, one changed
document under ${secs(ONE_CHANGED_MS)}, initial sync at least as fast as rclone, peak RSS under ${bytes(PEAK_RSS_BYTES)}.

Machine of the latest run: ${describeMachine(f.machine)}.
`;
}

function sizesText(profile: SizeProfile): string {
  return profile === 'small' ? 'small (2.5–100 KB)' : 'real (50 KB–2 MB)';
}

export function bytes(n: number | null): string {
  if (n === null || !Number.isFinite(n)) return '–';
  if (n >= 1e9) return `${(n / 1e9).toFixed(2)} GB`;
  if (n >= 1e6) return `${(n / 1e6).toFixed(n >= 1e8 ? 0 : 1)} MB`;
  if (n >= 1e3) return `${(n / 1e3).toFixed(0)} KB`;
  return `${n} B`;
}

function secs(ms: number): string {
  if (!Number.isFinite(ms)) return '–';
  return ms < 1000 ? `${(ms / 1000).toFixed(3)} s` : `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
}

function ratio(a: number, b: number): string {
  return (a / b).toFixed(2);
}

function count(n: number): string {
  return n.toLocaleString('sv-SE').replace(/\u00a0/g, ' ');
}
