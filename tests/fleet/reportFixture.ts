// A plausible PC status report, for fleet tests.
import { REPORT_FORMAT } from '../../sync/fleet/pcReport.js';

export const NOW = new Date('2026-11-23T12:00:00Z');
export const hoursAgo = (h: number) => new Date(NOW.getTime() - h * 3_600_000).toISOString();

export function report(pcName: string, over: Record<string, unknown> = {}, lib: Record<string, unknown> = {}) {
  return {
    format: REPORT_FORMAT,
    pcName,
    hostname: pcName.toLowerCase(),
    appVersion: '1.2.0',
    platform: 'win32-x64',
    reportedAt: hoursAgo(0.5),
    updatedAt: hoursAgo(1),
    staleAfterHours: 24,
    mirrorDir: 'C:\\ProgramData\\LITA Reserv\\Styrande dokument',
    dataDir: 'C:\\ProgramData\\LITA Reserv\\data',
    libraries: [{ id: 'ls', title: 'Ledningssystem', documents: 300, lastSuccessAt: hoursAgo(1), failedDocuments: 0, heldDeletions: 0, ...lib }],
    freeDisk: { mirrorBytes: 50e9, dataBytes: 50e9 },
    nextSyncAt: hoursAgo(-0.5),
    lastDrillAt: null,
    ...over,
  };
}

