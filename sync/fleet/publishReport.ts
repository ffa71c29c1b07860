// Publishes this PC's status report after a sync attempt. Reporting is a courtesy to the
// handläggare: a failure to report is logged and never fails the sync.
import type { Config } from '../config/loadConfig.js';
import type { Catalog } from '../catalog/catalog.js';
import type { Logger } from '../log/logger.js';
import { errorMessage } from '../errors.js';
import { userAgent } from '../version.js';
import { lastDrillAt } from '../drill/drillLog.js';
import { buildPcReport } from './pcReport.js';
import { createReportTarget } from './reportTarget.js';
import { readNextSync } from './schedule.js';

/** Returns null when reported (or not configured), else the reason it could not be. */
export async function publishStatusReport(
  config: Config,
  catalog: Catalog,
  opts: { now: Date; log: Logger; nextSyncAt?: string | null },
): Promise<string | null> {
  if (!config.statusReport) return null;
  try {
    const report = buildPcReport(config, catalog, {
      now: opts.now,
      nextSyncAt: opts.nextSyncAt !== undefined ? opts.nextSyncAt : readNextSync(config.dataDir, opts.now),
      lastDrillAt: lastDrillAt(config.dataDir),
    });
    const target = createReportTarget(config.statusReport, { timeoutMs: config.network.timeoutSeconds * 1000, userAgent });
    await target.write(report.pcName, `${JSON.stringify(report, null, 1)}\n`);
    opts.log.info('status report published', { target: target.location });
    return null;
  } catch (err) {
    const reason = `Kunde inte skriva statusrapporten: ${errorMessage(err)}`;
    opts.log.warn('status report failed', { error: errorMessage(err) });
    return reason;
  }
}
