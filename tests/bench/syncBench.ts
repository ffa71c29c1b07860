// `npm run bench:sync`: measures the mirror engine end to end. Generates a library
// (organisation → unit → type, Swedish names, realistic sizes, deterministic from a seed),
// publishes it with the real CLI, serves it with a real nginx on loopback, and times the
// real `lita-reserv sync` as a child process: initial sync, unchanged library, one changed
// document, and peak RSS; beside it `rclone copy` of the same files over HTTP. Prints a
// table; `--record` writes it into docs/benchmarks.md under "## Sync".
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';
import { findProgram } from '../helpers/systemProgram.js';
import { startNginxIn, type NginxServer } from '../helpers/nginxServer.js';
import { cliPath, repoRoot } from '../helpers/cli.js';
import { planLibrary, reviseDocument, totalBytes, writeLibrary, pdfBytes, type BenchDoc, type SizeProfile } from './benchLibrary.js';
import { describeRssMethod, flushDisk, rssMethod, runMeasured, type MeasuredRun } from './benchProcess.js';
import { formatHotFunctions, hottestFunctions } from './cpuProfile.js';
import { describeMachine, machineFacts, recordSection } from './benchRecord.js';
import { bytes, formatReport, recordRow, RECORD_COLUMNS, recordIntro, type BenchFigures, type SyncFigures } from './syncReport.js';

const USAGE = `npm run bench:sync -- [--docs N] [--small] [--seed N] [--concurrency N] [--dir PATH]
                        [--unchanged-runs N] [--no-rclone] [--cpu-prof] [--keep] [--record]
  --docs N          documents in the library (default 10000)
  --small           sizes divided by 20 (2.5–100 KB) for quick runs and for 50 000 documents
  --dir PATH        make the work folder under PATH instead of the OS temp folder
  --cpu-prof        write a V8 CPU profile of every sync and print its hottest functions
  --keep            keep the work folder (library, published files, mirror, catalog)
  --record          write the figures into docs/benchmarks.md under "## Sync"`;

interface Options {
  docs: number;
  profile: SizeProfile;
  seed: number;
  concurrency: number;
  dir: string;
  unchangedRuns: number;
  rclone: boolean;
  cpuProf: boolean;
  keep: boolean;
  record: boolean;
}

function parseOptions(argv: string[]): Options {
  const { values } = parseArgs({
    args: argv,
    options: {
      docs: { type: 'string', default: '10000' },
      small: { type: 'boolean', default: false },
      seed: { type: 'string', default: '1' },
      concurrency: { type: 'string', default: '4' },
      dir: { type: 'string', default: os.tmpdir() },
      'unchanged-runs': { type: 'string', default: '3' },
      'no-rclone': { type: 'boolean', default: false },
      'cpu-prof': { type: 'boolean', default: false },
      keep: { type: 'boolean', default: false },
      record: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const int = (name: string, text: string, min: number) => {
    const n = Number(text);
    if (!Number.isInteger(n) || n < min) throw new Error(`--${name} must be an integer ≥ ${min} (got "${text}")\n${USAGE}`);
    return n;
  };
  return {
    docs: int('docs', values.docs, 1),
    profile: values.small ? 'small' : 'real',
    seed: int('seed', values.seed, 0),
    concurrency: int('concurrency', values.concurrency, 1),
    dir: path.resolve(values.dir),
    unchangedRuns: int('unchanged-runs', values['unchanged-runs'], 1),
    rclone: !values['no-rclone'],
    cpuProf: values['cpu-prof'],
    keep: values.keep,
    record: values.record,
  };
}

interface Bench {
  opts: Options;
  work: string;
  src: string;
  pub: string;
  config: string;
  mirrorLibrary: string;
  rss: ReturnType<typeof rssMethod>;
  profileDir: string | null;
}

async function main(): Promise<void> {
  const opts = parseOptions(process.argv.slice(2));
  const nginxBin = findProgram('nginx', ['/usr/sbin/nginx']);
  if (!nginxBin) throw new Error('nginx is not installed; the benchmark serves the library with it (apt-get install nginx)');
  const rcloneBin = opts.rclone ? findProgram('rclone') : null;
  warnIfBuildIsStale();

  const docs = planLibrary(opts.docs, opts.seed, opts.profile);
  const size = totalBytes(docs);
  checkDiskSpace(opts.dir, docs);
  fs.mkdirSync(opts.dir, { recursive: true });
  const work = fs.mkdtempSync(path.join(opts.dir, 'lita-bench-'));
  const bench: Bench = {
    opts,
    work,
    src: path.join(work, 'källa'),
    pub: path.join(work, 'publicerat'),
    config: path.join(work, 'config.json'),
    mirrorLibrary: path.join(work, 'Styrande dokument', 'Ledningssystem'),
    rss: rssMethod(),
    profileDir: opts.cpuProf ? fs.mkdtempSync(path.join(os.tmpdir(), 'lita-bench-profiles-')) : null,
  };
  const cleanup = () => {
    if (!opts.keep) fs.rmSync(work, { recursive: true, force: true });
  };
  process.once('SIGINT', () => {
    cleanup();
    process.exit(130);
  });

  const benchStarted = performance.now();
  const loadAtStart = os.loadavg()[0]!;
  say(`Work folder ${work}${opts.keep ? ' (kept)' : ' (removed at the end; --keep keeps it)'}`);
  say(`Generating ${opts.docs} documents, ${bytes(size)} (${opts.profile} sizes, seed ${opts.seed})…`);
  let nginx: NginxServer | undefined;
  try {
    const generateMs = timed(() =>
      writeLibrary(bench.src, docs, opts.seed, (n) => progress(`  generated ${n}/${docs.length}`)),
    );
    say(`  generated in ${secs(generateMs)}`);
    const publishMs = await publish(bench);
    say(`  published with lita-reserv publish in ${secs(publishMs)}`);
    fs.mkdirSync(path.join(work, 'nginx'));
    nginx = await startNginxIn(nginxBin, path.join(work, 'nginx'), bench.pub);
    writeConfig(bench, nginx.url);

    const initial = await syncOnce(bench, 'initial');
    expectCounts(initial, 'initial sync', { added: docs.length });
    // After the sync, not before: deleting rclone's copy just before the sync would make
    // ext4 slower at allocating the sync's new files (it skips recently freed inodes).
    const rclone = rcloneBin ? await rcloneCopy(bench, rcloneBin, nginx.url, docs.length) : null;
    const unchanged: SyncFigures[] = [];
    for (let i = 1; i <= opts.unchangedRuns; i++) {
      const run = await syncOnce(bench, `unchanged-${i}`);
      expectCounts(run, 'unchanged sync', { unchanged: docs.length, added: 0, updated: 0 });
      unchanged.push(run);
    }
    const changed = docs[Math.floor(docs.length / 2)]!;
    reviseDocument(bench.src, changed, opts.seed, 2);
    const republishMs = await publish(bench);
    say(`  republished after changing "${changed.rel}" in ${secs(republishMs)}`);
    const oneChanged = await syncOnce(bench, 'one-changed');
    expectCounts(oneChanged, 'one-changed sync', { updated: 1, added: 0 });
    checkMirroredRevision(bench, changed);

    const figures: BenchFigures = {
      docs: opts.docs,
      profile: opts.profile,
      totalBytes: size,
      concurrency: opts.concurrency,
      seed: opts.seed,
      generateMs,
      publishMs,
      republishMs,
      initial,
      rclone: rclone ?? (opts.rclone ? 'rclone is not installed' : 'skipped (--no-rclone)'),
      unchanged,
      oneChanged,
      rssMethod: describeRssMethod(bench.rss),
      machine: machineFacts(work),
      benchMs: performance.now() - benchStarted,
      load: [loadAtStart, os.loadavg()[0]!],
    };
    console.log(`\n${formatReport(figures)}`);
    if (bench.profileDir) printProfiles(bench.profileDir);
    if (opts.record) {
      const file = path.join(repoRoot, 'docs', 'benchmarks.md');
      recordSection(file, { heading: 'Sync', intro: recordIntro(figures), columns: RECORD_COLUMNS, keyColumns: 2, row: recordRow(figures) });
      say(`Recorded in ${path.relative(process.cwd(), file)} (machine: ${describeMachine(figures.machine)})`);
    }
  } finally {
    await nginx?.stop();
    cleanup();
  }
}

async function publish(bench: Bench): Promise<number> {
  const run = await runMeasured(process.execPath, [cliPath, 'publish', bench.src, '--out', bench.pub, '--prune', '--json'], {
    method: bench.rss,
    env: { ...process.env, LITA_RESERV_CONFIG: '' },
  });
  if (run.code !== 0) throw new Error(`lita-reserv publish failed (exit ${run.code}):\n${run.stderr || run.stdout}`);
  return run.wallMs;
}

function writeConfig(bench: Bench, url: string): void {
  const config = {
    dataDir: 'data',
    mirrorDir: 'Styrande dokument',
    libraries: [{ id: 'ledningssystem', title: 'Ledningssystem', source: { type: 'manifest', url: `${url}/manifest.json` } }],
    network: { timeoutSeconds: 60, retries: 2, concurrency: bench.opts.concurrency },
  };
  fs.writeFileSync(bench.config, JSON.stringify(config, null, 2));
}

async function syncOnce(bench: Bench, label: string): Promise<SyncFigures> {
  flushDisk();
  progress(`  sync: ${label}…`);
  const prof = bench.profileDir ? ['--cpu-prof', '--cpu-prof-dir', bench.profileDir, '--cpu-prof-name', `${label}.cpuprofile`] : [];
  const run = await runMeasured(process.execPath, [...prof, cliPath, 'sync', '--config', bench.config, '--json'], {
    method: bench.rss,
    env: { ...process.env, LITA_RESERV_CONFIG: '' },
  });
  const json = parseSyncJson(run, label);
  const lib = json.libraries[0]!;
  if (run.code !== 0 || lib.result !== 'ok') {
    throw new Error(`sync (${label}) ended with exit ${run.code}, result ${lib.result}: ${lib.error ?? run.stderr}`);
  }
  say(`  sync ${label}: ${secs(run.wallMs)} (engine ${secs(json.timings?.totalMs ?? NaN)})`);
  return {
    label,
    wallMs: run.wallMs,
    engineMs: json.timings?.totalMs ?? null,
    peakRss: run.peakRss,
    cpuMs: run.cpuMs,
    runTimings: json.timings ?? {},
    libraryTimings: lib.timings ?? {},
    added: lib.added,
    updated: lib.updated,
    unchanged: lib.unchanged,
    bytesDownloaded: lib.bytesDownloaded,
  };
}

interface SyncJson {
  exitCode: number;
  timings?: Record<string, number>;
  libraries: {
    result: string;
    error: string | null;
    added: number;
    updated: number;
    unchanged: number;
    bytesDownloaded: number;
    timings?: Record<string, number>;
  }[];
}

function parseSyncJson(run: MeasuredRun, label: string): SyncJson {
  try {
    const json = JSON.parse(run.stdout) as SyncJson;
    if (!Array.isArray(json.libraries) || json.libraries.length !== 1) throw new Error('no library in the output');
    return json;
  } catch (err) {
    throw new Error(`sync (${label}) printed no usable JSON (exit ${run.code}, ${(err as Error).message}):\n${run.stdout}\n${run.stderr}`);
  }
}

function expectCounts(f: SyncFigures, what: string, want: Partial<Pick<SyncFigures, 'added' | 'updated' | 'unchanged'>>): void {
  for (const [key, value] of Object.entries(want) as [keyof typeof want, number][]) {
    if (f[key] !== value) throw new Error(`${what}: expected ${key} = ${value}, got ${f[key]} (the benchmark would measure the wrong thing)`);
  }
}

/** The changed document's mirror copy must hold the new bytes, or the figures mean nothing. */
function checkMirroredRevision(bench: Bench, doc: BenchDoc): void {
  const file = path.join(bench.mirrorLibrary, ...doc.rel.split('/'));
  const want = createHash('sha256').update(pdfBytes(doc, bench.opts.seed, 2)).digest('hex');
  const got = fs.existsSync(file) ? createHash('sha256').update(fs.readFileSync(file)).digest('hex') : '(missing)';
  if (got !== want) throw new Error(`${file} does not hold the revised document (sha256 ${got}, expected ${want})`);
}

/** rclone's http backend walks nginx's autoindex of the published files and copies them. */
async function rcloneCopy(bench: Bench, rclone: string, url: string, expected: number): Promise<BenchFigures['rclone']> {
  const dest = path.join(bench.work, 'rclone-kopia');
  flushDisk();
  progress('  rclone copy…');
  const args = ['copy', ':http:', dest, '--http-url', `${url}/files/`, '--http-no-head', '--transfers', String(bench.opts.concurrency), '-q'];
  const run = await runMeasured(rclone, args, {
    method: bench.rss,
    env: { ...process.env, RCLONE_CONFIG: path.join(bench.work, 'rclone.conf') },
  });
  if (run.code !== 0) throw new Error(`rclone copy failed (exit ${run.code}):\n${run.stderr}`);
  const files = countFiles(dest);
  if (files !== expected) throw new Error(`rclone copied ${files} files, expected ${expected}`);
  say(`  rclone copy: ${secs(run.wallMs)}`);
  // Removed at once: the next syncs should not pay for its dirty pages.
  fs.rmSync(dest, { recursive: true, force: true });
  flushDisk();
  return { wallMs: run.wallMs, peakRss: run.peakRss, cpuMs: run.cpuMs, files, command: `rclone copy :http: DEST ${args.slice(3).join(' ').replace(url, 'http://127.0.0.1:PORT')}` };
}

function countFiles(dir: string): number {
  let n = 0;
  for (const e of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) if (e.isFile()) n++;
  return n;
}

function printProfiles(dir: string): void {
  for (const name of fs.readdirSync(dir).filter((n) => n.endsWith('.cpuprofile')).sort()) {
    console.log(`\nCPU profile ${path.join(dir, name)} — functions by self time:`);
    console.log(formatHotFunctions(hottestFunctions(path.join(dir, name), 15, repoRoot)));
  }
}

/** Refuses to start when the work folder's disk cannot hold the copies the run makes. */
function checkDiskSpace(dir: string, docs: readonly BenchDoc[]): void {
  fs.mkdirSync(dir, { recursive: true });
  const st = fs.statfsSync(dir);
  const free = st.bavail * st.bsize;
  // Source, published copy, content store, mirror and rclone's copy, plus a block of slack
  // per file and per sidecar.
  const need = totalBytes(docs) * 5 + docs.length * 5 * 8192 + 1024 ** 3;
  if (need > free) {
    throw new Error(
      `Not enough disk under ${dir}: the run needs about ${bytes(need)}, ${bytes(free)} is free. ` +
        'Use --small, fewer --docs, or --dir on a larger disk.',
    );
  }
}

function warnIfBuildIsStale(): void {
  const built = path.join(repoRoot, 'dist', 'sync', 'cli', 'run.js');
  if (!fs.existsSync(built)) throw new Error('dist/ is missing: run "npm run build" first (the benchmark runs bin/lita-reserv)');
  const builtAt = fs.statSync(built).mtimeMs;
  const newer = fs
    .readdirSync(path.join(repoRoot, 'sync'), { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith('.ts') && fs.statSync(path.join(e.parentPath, e.name)).mtimeMs > builtAt);
  if (newer.length > 0) say(`WARNING: ${newer.length} file(s) in sync/ are newer than dist/; run "npm run build" to measure them.`);
}

function timed(fn: () => void): number {
  const t = performance.now();
  fn();
  return performance.now() - t;
}

function secs(ms: number): string {
  return `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
}

function say(text: string): void {
  if (process.stderr.isTTY) process.stderr.write('\r\x1b[K');
  console.error(text);
}

function progress(text: string): void {
  if (process.stderr.isTTY) process.stderr.write(`\r\x1b[K${text}`);
}

main().catch((err: unknown) => {
  say(`Benchmark failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exitCode = 1;
});
