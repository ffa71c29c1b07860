import { loadConfig } from '../../config/loadConfig.js';
import { runSync } from '../../engine/runSync.js';
import { createFileLogger } from '../../log/logger.js';
import type { LibraryOutcome } from '../../engine/syncLibrary.js';
import { previewSync, type LibraryPreview } from '../../engine/previewSync.js';
import { configOption, flag, jsonOption, str, type Command } from '../command.js';
import { createProgressBar, progressWanted } from '../progressBar.js';
import path from 'node:path';

export const syncCommand: Command = {
  name: 'sync',
  summary: 'Synka biblioteken nu',
  usage: 'sync [--library ID] [--approve-deletions | --dry-run] [--json] [--config PATH]',
  options: {
    ...configOption,
    ...jsonOption,
    library: { type: 'string', multiple: true },
    'approve-deletions': { type: 'boolean' },
    'dry-run': { type: 'boolean' },
  },
  positionals: { min: 0, max: 0 },
  async run(args, io) {
    const config = loadConfig(str(args, 'config'), io.env);
    const json = flag(args, 'json');
    const libraryIds = args.values.library as string[] | undefined;
    for (const id of libraryIds ?? []) {
      if (!config.libraries.some((l) => l.id === id)) {
        io.err(`Okänt bibliotek: ${id} (finns: ${config.libraries.map((l) => l.id).join(', ')})`);
        return 2;
      }
    }
    if (flag(args, 'dry-run')) {
      if (flag(args, 'approve-deletions')) {
        io.err('--dry-run och --approve-deletions går inte att kombinera: en provkörning ändrar ingenting.');
        return 2;
      }
      const preview = await previewSync(config, libraryIds ? { libraryIds } : {});
      if (json) io.json({ dryRun: true, exitCode: preview.exitCode, libraries: preview.libraries });
      else io.out(describePreview(preview.libraries));
      return preview.exitCode;
    }
    const log = createFileLogger({ dir: path.join(config.dataDir, 'logs') });
    const bar = createProgressBar(progressWanted(json));
    const controller = new AbortController();
    const onSignal = () => controller.abort(new Error('avbruten'));
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
    try {
      const result = await runSync(config, {
        trigger: 'manual',
        approveDeletions: flag(args, 'approve-deletions'),
        signal: controller.signal,
        log,
        onProgress: (p) => {
          if (p.phase === 'transferring') bar.update(p.done, p.total, `${p.libraryTitle}: ${p.current ?? ''}`);
          else if (p.phase === 'listing') bar.update(0, 1, `${p.libraryTitle}: läser källan…`);
        },
        ...(libraryIds ? { libraryIds } : {}),
      });
      bar.done();
      if (json) io.json({ exitCode: result.exitCode, libraries: result.outcomes.map(outcomeJson), timings: result.timings });
      else for (const o of result.outcomes) io.out(describeOutcome(o));
      return result.exitCode;
    } finally {
      bar.done();
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    }
  },
};

function outcomeJson(o: LibraryOutcome) {
  return {
    id: o.libraryId,
    title: o.title,
    result: o.result,
    error: o.error,
    added: o.counts.added,
    updated: o.counts.updated,
    metadataUpdated: o.counts.metadataUpdated,
    removed: o.counts.removed,
    unchanged: o.unchanged,
    failed: o.counts.failed,
    held: o.counts.held,
    bytesDownloaded: o.counts.bytesDownloaded,
    failures: o.failures,
    heldDeletions: o.held,
    timings: o.timings,
  };
}

export function describeOutcome(o: LibraryOutcome): string {
  const mark = o.result === 'ok' ? '✓' : o.result === 'partial' ? '!' : '✗';
  if (o.result === 'failed') return `${mark} ${o.title}: ${o.error ?? 'misslyckades'}`;
  const c = o.counts;
  const lines = [
    `${mark} ${o.title}: ${c.added} nya, ${c.updated} uppdaterade, ${c.metadataUpdated} med ny metadata, ` +
      `${c.removed} borttagna, ${o.unchanged} oförändrade`,
  ];
  for (const f of o.failures.slice(0, 10)) lines.push(`    ✗ ${f.title}: ${f.reason}`);
  if (o.failures.length > 10) lines.push(`    … och ${o.failures.length - 10} till (se status)`);
  if (o.held.length > 0) {
    lines.push(
      `    ! ${o.held.length} borttagningar hålls tillbaka` +
        (o.held[0]!.reason === 'errors' ? ' tills en synk går utan fel' : '; granska med "status" och godkänn med "sync --approve-deletions"'),
    );
  }
  return lines.join('\n');
}

export function describePreview(libraries: readonly LibraryPreview[]): string {
  const lines = ['Provkörning: ingenting skrivs till speglingen eller katalogen.'];
  for (const p of libraries) {
    const where = `${p.title} (${p.sourceType}: ${p.location})`;
    if (p.error !== null) {
      const what = !p.reachable ? 'går inte att nå' : !p.authorised ? 'nåbar men nekar åtkomst' : 'kan inte listas';
      lines.push(`✗ ${where}: ${what}: ${p.error}`);
      continue;
    }
    const mark = p.invalid > 0 || p.heldDeletions > 0 ? '!' : '✓';
    lines.push(
      `${mark} ${where}: nåbar och behörig; ${p.documents ?? 0} dokument skulle speglas: ${p.add} nya, ${p.update} uppdaterade, ` +
        `${p.metadataUpdate} med ny metadata, ${p.remove} borttagna, ${p.unchanged} oförändrade`,
    );
    if (p.invalid > 0) lines.push(`    ! ${p.invalid} poster i källan går inte att använda`);
    if (p.heldDeletions > 0) lines.push(`    ! ${p.heldDeletions} borttagningar skulle hållas tillbaka av säkerhetsgränsen`);
  }
  return lines.join('\n');
}
