// `fleet [--json|--csv]`: the handläggare's overview of every PC that reports to the
// configured statusReport.target.
import { loadConfig } from '../../config/loadConfig.js';
import { UserError } from '../../errors.js';
import { analyseFleet, fleetCsv, type FleetView } from '../../fleet/fleet.js';
import { createReportTarget } from '../../fleet/reportTarget.js';
import { formatAge } from '../../i18n/time.js';
import { userAgent } from '../../version.js';
import { configOption, flag, jsonOption, str, type Command } from '../command.js';

export const fleetCommand: Command = {
  name: 'fleet',
  summary: 'Översikt över alla datorer som rapporterar status (för handläggare)',
  usage: 'fleet [--json | --csv] [--config PATH]',
  options: { ...configOption, ...jsonOption, csv: { type: 'boolean' } },
  positionals: { min: 0, max: 0 },
  async run(args, io) {
    const config = loadConfig(str(args, 'config'), io.env);
    if (!config.statusReport) {
      throw new UserError('Ingen statusReport.target är konfigurerad; lägg till "statusReport": { "target": "…" } i konfigurationen.', 2);
    }
    if (flag(args, 'json') && flag(args, 'csv')) throw new UserError('Välj --json eller --csv, inte båda.', 2);
    const target = createReportTarget(config.statusReport, { timeoutMs: config.network.timeoutSeconds * 1000, userAgent });
    let reports;
    try {
      reports = await target.readAll();
    } catch (err) {
      throw new UserError(`Kunde inte läsa statusrapporterna i ${target.location}: ${(err as Error).message}`, 1);
    }
    const view = analyseFleet(reports, new Date());
    if (flag(args, 'json')) io.json(view);
    else if (flag(args, 'csv')) process.stdout.write(fleetCsv(view));
    else io.out(describeFleet(view, target.location));
    return 0;
  },
};

function describeFleet(view: FleetView, location: string): string {
  const mark = { ok: '✓', warning: '!', problem: '✗' } as const;
  const lines = [`${view.rows.length} datorer rapporterar till ${location}.`, ''];
  for (const r of view.rows) {
    lines.push(`${mark[r.state]} ${r.pcName}  (version ${r.appVersion}, rapporterade ${formatAge(r.reportedAt)}, ${r.documents} dokument)`);
    for (const p of r.problems) lines.push(`    - ${p}`);
  }
  for (const i of view.invalid) lines.push(`? ${i.name}: ${i.reason}`);
  return lines.join('\n');
}
