// The status report each PC publishes after every sync attempt: the `status --json` object
// plus who and what this PC is, its free disk, the next scheduled sync and the last drill.
import fs from 'node:fs';
import os from 'node:os';
import type { Config } from '../config/loadConfig.js';
import type { Catalog } from '../catalog/catalog.js';
import { buildStatus, type StatusReport } from '../status/status.js';
import { appVersion } from '../version.js';

export const REPORT_FORMAT = 'lita-status/1';
const DETAIL_LIMIT = 50;

export interface PcReport extends StatusReport {
  format: typeof REPORT_FORMAT;
  pcName: string;
  hostname: string;
  appVersion: string;
  platform: string;
  reportedAt: string;
  /** Free bytes where the mirror and the data folder live (null when unknown). */
  freeDisk: { mirrorBytes: number | null; dataBytes: number | null };
  nextSyncAt: string | null;
  lastDrillAt: string | null;
}

export function freeBytes(dir: string): number | null {
  try {
    const s = fs.statfsSync(dir);
    return s.bavail * s.bsize;
  } catch {
    return null;
  }
}

export function pcName(config: Config): string {
  return config.statusReport?.pcName ?? os.hostname();
}

export function buildPcReport(
  config: Config,
  catalog: Catalog,
  opts: { now: Date; nextSyncAt: string | null; lastDrillAt: string | null },
): PcReport {
  const status = buildStatus(config, catalog, opts.now);
  return {
    format: REPORT_FORMAT,
    pcName: pcName(config),
    hostname: os.hostname(),
    appVersion,
    platform: `${process.platform}-${process.arch}`,
    reportedAt: opts.now.toISOString(),
    ...status,
    // Keep the report small whatever happens: counts are complete, details are a sample.
    libraries: status.libraries.map((l) => ({ ...l, failures: l.failures.slice(0, DETAIL_LIMIT), held: l.held.slice(0, DETAIL_LIMIT) })),
    freeDisk: { mirrorBytes: freeBytes(config.mirrorDir), dataBytes: freeBytes(config.dataDir) },
    nextSyncAt: opts.nextSyncAt,
    lastDrillAt: opts.lastDrillAt,
  };
}
