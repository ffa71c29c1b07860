// The handläggare's overview through the API: every PC's latest report read from the
// configured statusReport.target (a folder or WebDAV), analysed by sync/fleet, and the
// same overview as a CSV file for Excel. No target configured is a state the UI explains,
// not an error; a target that cannot be read is an error naming it.
import type { Config } from '../config/loadConfig.js';
import { errorMessage } from '../errors.js';
import { analyseFleet, fleetCsv } from '../fleet/fleet.js';
import { createReportTarget } from '../fleet/reportTarget.js';
import { userAgent } from '../version.js';
import type { FleetCsvFile, FleetResult, FleetViewData } from './contract.js';
import { ApiFailure } from './apiFailure.js';

export async function readFleet(config: Config, now: Date): Promise<FleetResult> {
  if (!config.statusReport) return { configured: false, configPath: config.configPath };
  const target = createReportTarget(config.statusReport, { timeoutMs: config.network.timeoutSeconds * 1000, userAgent });
  let reports;
  try {
    reports = await target.readAll();
  } catch (err) {
    throw new ApiFailure(
      'unavailable',
      `Kunde inte läsa statusrapporterna i ${target.location}: ${errorMessage(err)}. Kontrollera att platsen finns och att den här datorn får läsa den (statusReport.target i ${config.configPath}).`,
    );
  }
  const view: FleetViewData = analyseFleet(reports, now);
  return { configured: true, location: target.location, view };
}

export async function readFleetCsv(config: Config, now: Date): Promise<FleetCsvFile> {
  const fleet = await readFleet(config, now);
  if (!fleet.configured) {
    throw new ApiFailure('unavailable', `Ingen statusReport.target är konfigurerad; lägg till "statusReport": { "target": "…" } i ${fleet.configPath}.`);
  }
  return { fileName: fleetCsvFileName(now), text: fleetCsv(fleet.view) };
}

/** "lita-reserv-datorer-2026-11-23.csv", by the local date. */
export function fleetCsvFileName(now: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `lita-reserv-datorer-${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}.csv`;
}
