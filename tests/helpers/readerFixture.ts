// A synced reader library in a temp folder, made the way IT makes one: `publish` the
// source tree with the CLI, then `sync` it with the CLI through the folder source.
import path from 'node:path';
import { runCli } from './cli.js';
import { writeConfig } from './library.js';
import { corruptPublishedHash, READER_LIBRARY, writeReaderLibrary } from './readerLibrary.js';
import { tempDir } from './tempDir.js';

export interface ReaderFixture {
  work: string;
  configPath: string;
  published: string;
  dataDir: string;
  mirrorDir: string;
  syncExitCode: number | null;
}

/**
 * `brokenId`: a document whose published sha256 is made wrong, so the sync records a failure.
 * `statusReport`: where this PC publishes its status report, and under which name.
 */
export async function syncedReaderLibrary(
  opts: { brokenId?: string; staleAfterHours?: number; statusReport?: { target: string; pcName: string } } = {},
): Promise<ReaderFixture> {
  const work = tempDir('lita-reader-');
  const src = path.join(work, 'källa');
  const published = path.join(work, 'publicerat');
  await writeReaderLibrary(src);
  const pub = await runCli(['publish', src, '--out', published]);
  if (pub.code !== 0) throw new Error(`publish failed: ${pub.stderr}`);
  if (opts.brokenId) corruptPublishedHash(published, opts.brokenId);
  const configPath = writeConfig(work, {
    dataDir: 'data',
    mirrorDir: 'Styrande dokument',
    libraries: [{ ...READER_LIBRARY, source: { type: 'folder', path: 'publicerat' } }],
    ...(opts.staleAfterHours ? { staleAfterHours: opts.staleAfterHours } : {}),
    ...(opts.statusReport ? { statusReport: opts.statusReport } : {}),
  });
  const sync = await runCli(['sync', '--config', configPath, '--json']);
  if (sync.code !== 0 && sync.code !== 3) throw new Error(`sync failed (${sync.code}): ${sync.stdout}${sync.stderr}`);
  return { work, configPath, published, dataDir: path.join(work, 'data'), mirrorDir: path.join(work, 'Styrande dokument'), syncExitCode: sync.code };
}
