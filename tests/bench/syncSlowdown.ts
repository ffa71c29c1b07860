// Does text extraction keep up with downloads? Generates real-size PDFs (text pages from
// the synthetic Swedish corpus plus an attachment, so sizes are like real documents),
// then times the real sync (runSync) into fresh data folders with and without extraction:
// from a folder source (local disk) and, when nginx is installed, from a manifest served by
// nginx on loopback. Both transfer far faster than a hospital network does, which is the
// hardest case for extraction to keep up with; the download rate achieved is printed.
import fs from 'node:fs';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { parseConfigText } from '../../sync/config/loadConfig.js';
import type { runSync as RunSync } from '../../sync/engine/runSync.js';
import { publish } from '../../sync/publish/publish.js';
import { findProgram } from '../helpers/systemProgram.js';
import { freePort, waitForPort } from '../helpers/ports.js';
import { startNginxIn } from '../helpers/nginxServer.js';
import { processStopper } from '../helpers/serverProcess.js';
import { rng, syntheticDocuments } from './swedishCorpus.js';

export interface SlowdownCase {
  source: string;
  /** MB/s the sync achieved without extraction. */
  transferMbPerSecond: number;
  withoutSeconds: number;
  withSeconds: number;
  slowdownPercent: number;
}

export interface SlowdownResult {
  pdfs: number;
  totalMb: number;
  pages: number;
  cases: SlowdownCase[];
  lines: string[];
}

const REPEATS = 3;

async function generatePdfs(dir: string, count: number): Promise<{ bytes: number; pages: number }> {
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'library.json'), JSON.stringify({ id: 'bench', title: 'Benchmark' }));
  const random = rng(7);
  let bytes = 0;
  let pages = 0;
  let i = 0;
  for (const doc of syntheticDocuments(count, 24_000, 99)) {
    const pdf = await PDFDocument.create();
    const font = await pdf.embedFont(StandardFonts.Helvetica);
    const pageCount = 4 + Math.floor(random() * 12);
    const words = doc.body.split(/\s+/);
    for (let p = 0; p < pageCount; p++) {
      const page = pdf.addPage([595, 842]);
      for (let line = 0; line < 48; line++) {
        const start = ((p * 48 + line) * 11) % Math.max(1, words.length - 11);
        page.drawText(words.slice(start, start + 11).join(' '), { x: 40, y: 800 - line * 15, size: 10, font });
      }
    }
    // Logos, scanned signatures and embedded forms make real documents 100 KB – 1 MB.
    const padding = Buffer.alloc(50_000 + Math.floor(random() * 350_000));
    for (let b = 0; b < padding.length; b++) padding[b] = Math.floor(random() * 256);
    await pdf.attach(padding, 'bilaga.bin', { mimeType: 'application/octet-stream' });
    const data = await pdf.save();
    const file = path.join(dir, doc.unit, `${doc.title} ${++i}.pdf`);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, data);
    fs.writeFileSync(`${file}.meta.json`, JSON.stringify({ id: doc.id, title: doc.title, metadata: { documentType: doc.documentType, unit: doc.unit } }));
    bytes += data.length;
    pages += pageCount;
  }
  return { bytes, pages };
}

// The compiled engine, as installed: its extraction workers run from dist/ like in production
// (under tsx they would pay for compiling pdf.js on every start).
const { runSync } = (await import(new URL('../../dist/sync/engine/runSync.js', import.meta.url).href)) as { runSync: typeof RunSync };

let workers: number | undefined;
export function setExtractionWorkers(n: number | undefined): void {
  workers = n;
}

async function timeSync(work: string, source: Record<string, unknown>, extract: boolean, run: number): Promise<number> {
  const base = path.join(work, `${extract ? 'with' : 'without'}-${run}`);
  fs.mkdirSync(base, { recursive: true });
  const config = parseConfigText(
    JSON.stringify({ dataDir: 'data', mirrorDir: 'mirror', libraries: [{ id: 'bench', title: 'Benchmark', source }], network: { retries: 0 } }),
    path.join(base, 'config.json'),
  );
  const started = process.hrtime.bigint();
  const result = await runSync(config, { trigger: 'bench', textExtraction: extract ? { poolSize: workers } : false });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (result.exitCode !== 0) throw new Error(`sync failed: ${JSON.stringify(result.outcomes.map((o) => o.error))}`);
  fs.rmSync(base, { recursive: true, force: true });
  return seconds;
}

async function measureCase(work: string, label: string, source: Record<string, unknown>, totalMb: number): Promise<SlowdownCase> {
  const without: number[] = [];
  const withText: number[] = [];
  for (let run = 0; run < REPEATS; run++) {
    without.push(await timeSync(work, source, false, run));
    withText.push(await timeSync(work, source, true, run));
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  const w = median(without);
  const t = median(withText);
  return { source: label, transferMbPerSecond: totalMb / w, withoutSeconds: w, withSeconds: t, slowdownPercent: ((t - w) / w) * 100 };
}

export async function measureSyncSlowdown(work: string, count: number): Promise<SlowdownResult> {
  const src = path.join(work, 'src');
  const { bytes, pages } = await generatePdfs(src, count);
  const totalMb = bytes / 1024 / 1024;
  const cases = [await measureCase(work, 'folder source (local disk)', { type: 'folder', path: src }, totalMb)];
  const nginx = findProgram('nginx', ['/usr/sbin/nginx']);
  if (nginx) {
    const pub = path.join(work, 'pub');
    await publish({ sourceDir: src, outDir: pub });
    const server = await startNginxIn(nginx, path.join(work, 'nginx'), pub);
    try {
      cases.push(await measureCase(work, 'manifest over HTTP (nginx on loopback)', { type: 'manifest', url: `${server.url}/manifest.json` }, totalMb));
    } finally {
      await server.stop();
    }
    // A hospital PC's link rather than loopback: 100 Mbit/s shared by the sync's connections.
    const server2 = await startNginxIn(nginx, path.join(work, 'nginx-2'), pub);
    const link = await startThrottledLink(server2.port, 12.5 * 1024 * 1024);
    try {
      cases.push(await measureCase(work, 'manifest over a 100 Mbit/s link (loopback through a throttling proxy)', { type: 'manifest', url: `${link.url}/manifest.json` }, totalMb));
    } finally {
      await link.stop();
      await server2.stop();
    }
  }
  const lines = [
    `  ${count} PDFs, ${pages} pages, ${totalMb.toFixed(0)} MB (median of ${REPEATS} runs each):`,
    ...cases.map(
      (c) =>
        `    ${c.source}: ${c.withoutSeconds.toFixed(2)} s without extraction (${c.transferMbPerSecond.toFixed(1)} MB/s), ` +
        `${c.withSeconds.toFixed(2)} s with: ${c.slowdownPercent >= 0 ? '+' : ''}${c.slowdownPercent.toFixed(0)} %`,
    ),
  ];
  return { pdfs: count, totalMb, pages, cases, lines };
}

/** tests/bench/throttledLink.mjs in its own process, in front of `targetPort`. */
async function startThrottledLink(targetPort: number, bytesPerSecond: number): Promise<{ url: string; stop(): Promise<void> }> {
  const port = await freePort();
  const script = new URL('./throttledLink.mjs', import.meta.url);
  const child = spawn(process.execPath, [script.pathname, String(targetPort), String(port), String(Math.round(bytesPerSecond))], { stdio: 'ignore' });
  await waitForPort(port);
  return { url: `http://127.0.0.1:${port}`, stop: processStopper(child, 'SIGTERM', 3000) };
}
