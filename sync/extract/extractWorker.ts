// The extraction worker thread: takes one job at a time from the pool (extractorPool.ts)
// and answers with the text or the reason there is none. Runs under resource limits; the
// pool terminates it when a job overruns its time.
import { parentPort } from 'node:worker_threads';
import { extractText, type ExtractionJob, type ExtractionOutcome, type TextLimits } from './extractText.js';
import { loadPdfjs } from './pdfText.js';

export interface WorkerRequest {
  id: number;
  job: ExtractionJob;
  limits: TextLimits;
}

export type WorkerReply = { ready: true } | { id: number; outcome: ExtractionOutcome };

if (!parentPort) throw new Error('extractWorker.ts runs only as a worker thread');
const port = parentPort;

port.on('message', (req: WorkerRequest) => {
  extractText(req.job, req.limits)
    .catch((err: unknown): ExtractionOutcome => ({
      status: 'none',
      reason: `texten kunde inte läsas ut (${err instanceof Error ? err.message.slice(0, 200) : String(err)})`,
    }))
    .then((outcome) => port.postMessage({ id: req.id, outcome } satisfies WorkerReply));
});
// Tells the pool the worker and its parsers loaded: a failure before this is a broken
// installation, not a bad document, and loading is not counted against a document's time.
await Promise.all([loadPdfjs(), import('mammoth')]);
port.postMessage({ ready: true } satisfies WorkerReply);
