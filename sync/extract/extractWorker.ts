// The extraction worker thread: takes one job at a time from the pool (extractorPool.ts)
// and answers with the text or the reason there is none. Runs under resource limits; the
// pool terminates it when a job overruns its time, and replaces it when its PDF parser
// can no longer be trusted (PDFium trapped or hit its memory limit).
import { parentPort, workerData } from 'node:worker_threads';
import { extractText, type ExtractionJob, type ExtractionOutcome, type TextLimits } from './extractText.js';
import { loadPdfParsers, pdfParserBroken } from './pdfText.js';

export interface WorkerRequest {
  id: number;
  job: ExtractionJob;
  limits: TextLimits;
}

export interface WorkerOptions {
  /** Bound of the PDF parser's WebAssembly heap, which the V8 heap limit does not cover. */
  maxMemoryMb: number;
}

export type WorkerReply = { ready: true } | { id: number; outcome: ExtractionOutcome; retire?: true };

if (!parentPort) throw new Error('extractWorker.ts runs only as a worker thread');
const port = parentPort;
const options = workerData as WorkerOptions;

// Tells the pool the worker and PDFium loaded: a failure before this is a broken
// installation, not a bad document, and loading is not counted against a document's time.
// A job that arrives earlier waits for it, so its time limit (which starts at "ready") covers
// all of its work. pdf.js and mammoth load with the first document that needs them.
const loaded = loadPdfParsers(options.maxMemoryMb);

port.on('message', (req: WorkerRequest) => {
  // A parser that failed to load is the worker's error (reported by the await below), not this document's.
  loaded.then(() => answer(req), () => {});
});

async function answer(req: WorkerRequest): Promise<void> {
  const outcome = await extractText(req.job, req.limits).catch(
    (err: unknown): ExtractionOutcome => ({
      status: 'none',
      reason: `texten kunde inte läsas ut (${err instanceof Error ? err.message.slice(0, 200) : String(err)})`,
    }),
  );
  const retire = (await pdfParserBroken()) !== null;
  port.postMessage({ id: req.id, outcome, ...(retire ? { retire } : {}) } satisfies WorkerReply);
}

await loaded;
port.postMessage({ ready: true } satisfies WorkerReply);
