// The handläggare's fleet view: every PC's latest report, its age and state, and what
// needs attention (stale copy, stopped reporting, old app version, held deletions,
// failures). Pure analysis over report texts, plus CSV for Excel.
import { z } from 'zod';
import { REPORT_FORMAT } from './pcReport.js';
import type { StoredReport } from './reportTarget.js';
import { formatLocalTime } from '../i18n/time.js';
import { compareVersions } from '../api/versions.js';
import type { FleetFlagView, FleetRowView, FleetViewData } from '../api/contract.js';

export { compareVersions };

// The rows are the API contract's: the overview shows them as they are built here.
export type FleetFlag = FleetFlagView;
export type FleetRow = FleetRowView;
export type FleetView = FleetViewData;

const reportSchema = z.object({
  format: z.literal(REPORT_FORMAT),
  pcName: z.string().min(1).max(64),
  hostname: z.string().max(255),
  appVersion: z.string().max(40),
  reportedAt: z.string(),
  updatedAt: z.string().nullable(),
  staleAfterHours: z.number().positive(),
  libraries: z.array(
    z.object({
      id: z.string(),
      documents: z.number(),
      lastSuccessAt: z.string().nullable(),
      failedDocuments: z.number(),
      heldDeletions: z.number(),
    }),
  ),
  freeDisk: z.object({ mirrorBytes: z.number().nullable(), dataBytes: z.number().nullable() }),
  nextSyncAt: z.string().nullable(),
  lastDrillAt: z.string().nullable(),
});


const FLAG_TEXT: Record<FleetFlag, (r: FleetRow, newest: string | null) => string> = {
  'never-synced': () => 'har aldrig synkat klart',
  stale: (r) => `kopian är gammal (senast lyckad synk ${formatLocalTime(r.updatedAt)})`,
  'not-reporting': (r) => `har inte rapporterat sedan ${formatLocalTime(r.reportedAt)}`,
  'old-version': (r, newest) => `gammal version ${r.appVersion} (nyaste ${newest ?? '?'})`,
  'held-deletions': (r) => `${r.heldDeletions} borttagningar väntar på godkännande`,
  failures: (r) => `${r.failedDocuments} dokument kunde inte synkas`,
};
const PROBLEM_FLAGS: ReadonlySet<FleetFlag> = new Set(['never-synced', 'stale', 'not-reporting']);

export function analyseFleet(reports: readonly StoredReport[], now: Date): FleetView {
  const invalid: FleetView['invalid'] = [];
  const parsed: z.infer<typeof reportSchema>[] = [];
  for (const r of reports) {
    let json: unknown;
    try {
      json = JSON.parse(r.text);
    } catch {
      invalid.push({ name: r.name, reason: 'inte giltig JSON' });
      continue;
    }
    const result = reportSchema.safeParse(json);
    if (result.success) parsed.push(result.data);
    else invalid.push({ name: r.name, reason: `ogiltig rapport (${result.error.issues[0]!.path.join('.') || 'rapporten'})` });
  }
  const newestVersion = parsed.map((p) => p.appVersion).sort(compareVersions).at(-1) ?? null;
  const hoursSince = (iso: string | null) => (iso ? (now.getTime() - new Date(iso).getTime()) / 3_600_000 : Infinity);

  const rows = parsed.map((p): FleetRow => {
    const row: FleetRow = {
      pcName: p.pcName,
      hostname: p.hostname,
      appVersion: p.appVersion,
      reportedAt: p.reportedAt,
      reportAgeHours: Math.round(hoursSince(p.reportedAt) * 10) / 10,
      updatedAt: p.updatedAt,
      libraries: p.libraries.length,
      documents: p.libraries.reduce((s, l) => s + l.documents, 0),
      failedDocuments: p.libraries.reduce((s, l) => s + l.failedDocuments, 0),
      heldDeletions: p.libraries.reduce((s, l) => s + l.heldDeletions, 0),
      freeDiskBytes: p.freeDisk.mirrorBytes,
      nextSyncAt: p.nextSyncAt,
      lastDrillAt: p.lastDrillAt,
      state: 'ok',
      flags: [],
      problems: [],
    };
    if (p.updatedAt === null) row.flags.push('never-synced');
    else if (hoursSince(p.updatedAt) > p.staleAfterHours) row.flags.push('stale');
    if (hoursSince(p.reportedAt) > p.staleAfterHours) row.flags.push('not-reporting');
    if (newestVersion && compareVersions(p.appVersion, newestVersion) < 0) row.flags.push('old-version');
    if (row.heldDeletions > 0) row.flags.push('held-deletions');
    if (row.failedDocuments > 0) row.flags.push('failures');
    row.problems = row.flags.map((f) => FLAG_TEXT[f](row, newestVersion));
    row.state = row.flags.some((f) => PROBLEM_FLAGS.has(f)) ? 'problem' : row.flags.length > 0 ? 'warning' : 'ok';
    return row;
  });
  const severity = { problem: 0, warning: 1, ok: 2 } as const;
  rows.sort((a, b) => severity[a.state] - severity[b.state] || a.pcName.localeCompare(b.pcName, 'sv'));
  return { generatedAt: now.toISOString(), newestVersion, rows, invalid };
}

const STATE_TEXT = { ok: 'OK', warning: 'Varning', problem: 'Problem' } as const;

/** CSV as Swedish Excel opens it: semicolons, UTF-8 with BOM, CRLF; no formula injection. */
export function fleetCsv(view: FleetView): string {
  const header = ['Dator', 'Status', 'Problem', 'Appversion', 'Rapporterad', 'Senast lyckad synk', 'Dokument', 'Fel', 'Väntande borttagningar', 'Ledigt utrymme (GB)', 'Nästa synk', 'Senaste övning'];
  const cell = (v: string | number | null) => {
    let text = v === null ? '' : String(v);
    if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
    return /[;"\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
  };
  const lines = view.rows.map((r) =>
    [
      r.pcName,
      STATE_TEXT[r.state],
      r.problems.join(', '),
      r.appVersion,
      formatLocalTime(r.reportedAt),
      r.updatedAt ? formatLocalTime(r.updatedAt) : '',
      r.documents,
      r.failedDocuments,
      r.heldDeletions,
      r.freeDiskBytes === null ? null : (r.freeDiskBytes / 1e9).toFixed(1).replace('.', ','),
      r.nextSyncAt ? formatLocalTime(r.nextSyncAt) : '',
      r.lastDrillAt ? formatLocalTime(r.lastDrillAt) : '',
    ]
      .map(cell)
      .join(';'),
  );
  return `\uFEFF${[header.join(';'), ...lines].join('\r\n')}\r\n`;
}
