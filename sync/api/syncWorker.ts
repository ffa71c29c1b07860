// Worker thread entry for SyncRunner: runs one sync with the engine and posts progress
// and the outcome back. It opens its own catalog connection (WAL lets the UI keep reading).
import { parentPort, workerData } from 'node:worker_threads';
import { useNativeBinding } from '../catalog/openDatabase.js';
import { runSync } from '../engine/runSync.js';
import { errorMessage } from '../errors.js';
import { summarize, throttleProgress, type WorkerInput, type WorkerMessage } from './syncRunner.js';

const input = workerData as WorkerInput;
const post = (m: WorkerMessage) => parentPort?.postMessage(m);

useNativeBinding(input.nativeBinding);
runSync(input.config, {
  ...input.request,
  onProgress: throttleProgress((progress) => post({ type: 'progress', progress })),
}).then(
  (result) => post(summarize(result)),
  (err: unknown) => post({ type: 'failed', message: errorMessage(err) }),
);
