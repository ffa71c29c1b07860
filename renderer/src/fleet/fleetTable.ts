// The fleet table's rules, pure: which columns it has (the state column carries the
// problems in words), how each sorts (missing values count as the lowest, ties by PC name
// in Swedish order), what the text filter and "bara
// datorer med problem" keep, and the counts above the table.
import type { FleetRowView } from '../../../sync/api/contract.js';
import { compareVersions } from '../../../sync/api/versions.js';

export { compareVersions };

export const FLEET_COLUMNS = [
  'pcName',
  'state',
  'reportedAt',
  'updatedAt',
  'documents',
  'failedDocuments',
  'heldDeletions',
  'appVersion',
  'freeDiskBytes',
  'nextSyncAt',
  'lastDrillAt',
] as const;
export type FleetColumn = (typeof FLEET_COLUMNS)[number];
export type SortDirection = 'ascending' | 'descending';

export interface FleetSort {
  column: FleetColumn;
  direction: SortDirection;
}

/** As the engine lists them: the PCs that need attention first. */
export const DEFAULT_SORT: FleetSort = { column: 'state', direction: 'ascending' };

const collator = new Intl.Collator('sv', { sensitivity: 'base', numeric: true });
const SEVERITY = { problem: 0, warning: 1, ok: 2 } as const;


const byTime = (a: string | null, b: string | null) => (a ?? '').localeCompare(b ?? '');
const byNumber = (a: number | null, b: number | null) => (a ?? -1) - (b ?? -1);

const COMPARE: Record<FleetColumn, (a: FleetRowView, b: FleetRowView) => number> = {
  pcName: (a, b) => collator.compare(a.pcName, b.pcName),
  // Severity, then the PC with more to fix first.
  state: (a, b) => SEVERITY[a.state] - SEVERITY[b.state] || b.problems.length - a.problems.length,
  reportedAt: (a, b) => byTime(a.reportedAt, b.reportedAt),
  updatedAt: (a, b) => byTime(a.updatedAt, b.updatedAt),
  documents: (a, b) => a.documents - b.documents,
  failedDocuments: (a, b) => a.failedDocuments - b.failedDocuments,
  heldDeletions: (a, b) => a.heldDeletions - b.heldDeletions,
  appVersion: (a, b) => compareVersions(a.appVersion, b.appVersion),
  freeDiskBytes: (a, b) => byNumber(a.freeDiskBytes, b.freeDiskBytes),
  nextSyncAt: (a, b) => byTime(a.nextSyncAt, b.nextSyncAt),
  lastDrillAt: (a, b) => byTime(a.lastDrillAt, b.lastDrillAt),
};

export function sortFleet(rows: readonly FleetRowView[], sort: FleetSort): FleetRowView[] {
  const sign = sort.direction === 'ascending' ? 1 : -1;
  const compare = COMPARE[sort.column];
  return [...rows].sort((a, b) => sign * compare(a, b) || collator.compare(a.pcName, b.pcName));
}

/** A click on a column's header: the same column flips its direction, another starts ascending. */
export function nextSort(current: FleetSort, column: FleetColumn): FleetSort {
  if (current.column === column) return { column, direction: current.direction === 'ascending' ? 'descending' : 'ascending' };
  return { column, direction: 'ascending' };
}

export interface FleetFilter {
  text: string;
  /** Keep only PCs that are not OK (a warning or a problem). */
  onlyProblems: boolean;
}

export function filterFleet(rows: readonly FleetRowView[], filter: FleetFilter): FleetRowView[] {
  const words = filter.text.toLocaleLowerCase('sv').split(/\s+/).filter(Boolean);
  return rows.filter((r) => {
    if (filter.onlyProblems && r.state === 'ok') return false;
    if (words.length === 0) return true;
    const haystack = [r.pcName, r.hostname, r.appVersion, ...r.problems].join(' ').toLocaleLowerCase('sv');
    return words.every((w) => haystack.includes(w));
  });
}

export function countStates(rows: readonly FleetRowView[]): Record<FleetRowView['state'], number> {
  const counts = { ok: 0, warning: 0, problem: 0 };
  for (const r of rows) counts[r.state]++;
  return counts;
}
