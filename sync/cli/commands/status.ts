import { loadConfig } from '../../config/loadConfig.js';
import { Catalog } from '../../catalog/catalog.js';
import { buildStatus, type StatusReport } from '../../status/status.js';
import { formatAge, formatLocalTime } from '../../i18n/time.js';
import { configOption, flag, jsonOption, str, type Command } from '../command.js';

export const statusCommand: Command = {
  name: 'status',
  summary: 'Visa senaste synk, fel och tillbakahållna borttagningar',
  usage: 'status [--json] [--config PATH]',
  options: { ...configOption, ...jsonOption },
  positionals: { min: 0, max: 0 },
  async run(args, io) {
    const config = loadConfig(str(args, 'config'), io.env);
    const catalog = Catalog.open(config.dataDir);
    try {
      const report = buildStatus(config, catalog);
      if (flag(args, 'json')) io.json(report);
      else io.out(describeStatus(report));
      return 0;
    } finally {
      catalog.close();
    }
  },
};

const RESULT_TEXT: Record<string, string> = { ok: 'lyckades', partial: 'delvis', failed: 'misslyckades', never: 'aldrig körd' };

export function describeStatus(report: StatusReport, now = new Date()): string {
  const lines = [`Spegling: ${report.mirrorDir}`, `Data:     ${report.dataDir}`, ''];
  for (const l of report.libraries) {
    lines.push(`${l.stale ? '!' : '✓'} ${l.title} (${l.id}): ${l.documents} dokument`);
    lines.push(`    senast lyckad synk: ${formatLocalTime(l.lastSuccessAt)} (${formatAge(l.lastSuccessAt, now)})${l.stale ? ' – FÖR GAMMAL' : ''}`);
    lines.push(`    senaste försök:     ${formatLocalTime(l.lastAttemptAt)}: ${RESULT_TEXT[l.lastResult] ?? l.lastResult}`);
    if (l.lastError) lines.push(`    ${l.lastError}`);
    if (l.withoutText.none > 0) lines.push(`    ${l.withoutText.none} dokument har ingen sökbar text (hittas på titel och metadata; se "list")`);
    if (l.withoutText.pending > 0) lines.push(`    ${l.withoutText.pending} dokument väntar på att texten läses in (sker vid nästa synk)`);
    for (const f of l.failures.slice(0, 20)) lines.push(`    ✗ ${f.title}: ${f.reason}`);
    if (l.held.length > 0) {
      lines.push(`    ${l.held.length} borttagningar hålls tillbaka:`);
      for (const h of l.held.slice(0, 20)) lines.push(`      - ${h.title} (${h.mirrorPath})`);
    }
  }
  return lines.join('\n');
}
