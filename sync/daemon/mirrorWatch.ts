// While the daemon runs, a file edited or deleted in the mirror by hand (or by a program)
// is noticed and restored from the content store within seconds, with no network.
import fs from 'node:fs';
import path from 'node:path';
import type { Config } from '../config/loadConfig.js';
import type { Logger } from '../log/logger.js';
import { openEngineState } from '../engine/runSync.js';
import { checkMirrorPaths } from '../engine/verify.js';
import { acquireLock, LockedError } from '../engine/syncLock.js';
import { isTempName } from '../store/durableFile.js';
import { errorMessage } from '../errors.js';

const TOP_LEVEL_OWN_FILES = new Set(['LÄS MIG.txt', 'index.html']);

/**
 * Watches the mirror folder; `exclusive` serialises repairs with the daemon's own syncs.
 * Returns a stop function.
 */
export function watchMirror(
  config: Config,
  log: Logger,
  exclusive: <T>(fn: () => Promise<T>) => Promise<T>,
  debounceMs = 1000,
): () => Promise<void> {
  const pending = new Set<string>();
  let timer: NodeJS.Timeout | undefined;
  let closed = false;

  const repair = async () => {
    const paths = [...pending];
    pending.clear();
    let release: (() => void) | undefined;
    try {
      release = acquireLock(config.dataDir, 'daemon (lagar speglingen)');
    } catch (err) {
      // A sync (here or in another process) is writing the mirror; what it writes is checked after.
      if (err instanceof LockedError) return;
      throw err;
    }
    const state = openEngineState(config);
    try {
      const problems = await checkMirrorPaths(state, paths, { repair: true });
      for (const p of problems) {
        log.warn('mirror file changed outside the app', { path: p.mirrorPath, problem: p.problem, repaired: p.repaired, note: p.note });
      }
    } finally {
      state.close();
      release();
    }
  };

  // The folder may not exist before the first sync; watching a missing folder sees nothing.
  fs.mkdirSync(config.mirrorDir, { recursive: true });
  const ready = import('chokidar').then(({ watch }) => {
    if (closed) return null;
    const watcher = watch(config.mirrorDir, {
      ignoreInitial: true,
      awaitWriteFinish: { stabilityThreshold: 500, pollInterval: 100 },
      ignored: (p: string) => isTempName(path.basename(p)),
    });
    const onEvent = (file: string) => {
      const rel = path.relative(config.mirrorDir, file).split(path.sep).join('/');
      if (rel.startsWith('..') || TOP_LEVEL_OWN_FILES.has(rel)) return;
      pending.add(rel);
      clearTimeout(timer);
      timer = setTimeout(() => {
        exclusive(repair).catch((err: unknown) => log.error('mirror repair failed', { error: errorMessage(err) }));
      }, debounceMs);
    };
    watcher.on('change', onEvent);
    watcher.on('unlink', onEvent);
    watcher.on('error', (err) => log.warn('mirror watch error', { error: String(err) }));
    return watcher;
  });

  return async () => {
    closed = true;
    clearTimeout(timer);
    await (await ready)?.close();
  };
}
