// The fleet table's rules: every column sorts both ways (missing values lowest, ties by
// name in Swedish order), clicking a header flips or starts a sort, the text filter and
// "bara datorer med problem" keep the right PCs, and the counts add up.
import { describe, expect, it } from 'vitest';
import type { FleetRowView } from '../../../sync/api/contract.js';
import { compareVersions, countStates, DEFAULT_SORT, FLEET_COLUMNS, filterFleet, nextSort, sortFleet } from '../../../renderer/src/fleet/fleetTable.js';

function row(pcName: string, over: Partial<FleetRowView> = {}): FleetRowView {
  return {
    pcName,
    hostname: pcName.toLowerCase(),
    appVersion: '1.2.0',
    reportedAt: '2026-11-23T10:00:00.000Z',
    reportAgeHours: 1,
    updatedAt: '2026-11-23T09:00:00.000Z',
    libraries: 1,
    documents: 300,
    failedDocuments: 0,
    heldDeletions: 0,
    freeDiskBytes: 50e9,
    nextSyncAt: '2026-11-23T11:00:00.000Z',
    lastDrillAt: null,
    state: 'ok',
    flags: [],
    problems: [],
    ...over,
  };
}

const rows = [
  row('Östra-1', { documents: 10, lastDrillAt: '2026-11-01T08:00:00.000Z' }),
  row('AKUT-02', { state: 'warning', flags: ['old-version'], problems: ['gammal version 1.1.0 (nyaste 1.2.0)'], appVersion: '1.1.0', freeDiskBytes: null }),
  row('avd-10', { state: 'problem', flags: ['stale', 'failures'], problems: ['kopian är gammal', '3 dokument kunde inte synkas'], failedDocuments: 3, updatedAt: '2026-11-20T09:00:00.000Z' }),
  row('AVD-9', { state: 'problem', flags: ['never-synced'], problems: ['har aldrig synkat klart'], updatedAt: null, documents: 0 }),
  row('Barn-1', { heldDeletions: 12, appVersion: '1.10.0' }),
];
const names = (list: FleetRowView[]) => list.map((r) => r.pcName);

describe('sorting the fleet', () => {
  it('puts the PCs that need attention first by default: problems, the one with more to fix first', () => {
    expect(names(sortFleet(rows, DEFAULT_SORT))).toEqual(['avd-10', 'AVD-9', 'AKUT-02', 'Barn-1', 'Östra-1']);
  });

  it('sorts names in Swedish order, numbers as numbers', () => {
    expect(names(sortFleet(rows, { column: 'pcName', direction: 'ascending' }))).toEqual(['AKUT-02', 'AVD-9', 'avd-10', 'Barn-1', 'Östra-1']);
    expect(names(sortFleet(rows, { column: 'pcName', direction: 'descending' }))).toEqual(['Östra-1', 'Barn-1', 'avd-10', 'AVD-9', 'AKUT-02']);
  });

  it('counts missing values as the lowest', () => {
    expect(names(sortFleet(rows, { column: 'updatedAt', direction: 'ascending' })).slice(0, 2)).toEqual(['AVD-9', 'avd-10']);
    expect(names(sortFleet(rows, { column: 'freeDiskBytes', direction: 'ascending' }))[0]).toBe('AKUT-02');
    expect(names(sortFleet(rows, { column: 'lastDrillAt', direction: 'descending' }))[0]).toBe('Östra-1');
  });

  it('compares versions numerically', () => {
    expect(compareVersions('1.10.0', '1.9.3')).toBe(1);
    expect(compareVersions('1.2', '1.2.0')).toBe(0);
    expect(names(sortFleet(rows, { column: 'appVersion', direction: 'descending' }))[0]).toBe('Barn-1');
  });

  it('sorts every column both ways, breaking ties by name', () => {
    for (const column of FLEET_COLUMNS) {
      const up = sortFleet(rows, { column, direction: 'ascending' });
      const down = sortFleet(rows, { column, direction: 'descending' });
      expect(up, column).toHaveLength(rows.length);
      expect(new Set(names(down)), column).toEqual(new Set(names(rows)));
    }
    expect(names(sortFleet(rows, { column: 'documents', direction: 'ascending' }))).toEqual(['AVD-9', 'Östra-1', 'AKUT-02', 'avd-10', 'Barn-1']);
    expect(sortFleet(rows, DEFAULT_SORT)).not.toBe(rows);
  });

  it('flips the direction on the same column and starts ascending on another', () => {
    expect(nextSort(DEFAULT_SORT, 'state')).toEqual({ column: 'state', direction: 'descending' });
    expect(nextSort({ column: 'state', direction: 'descending' }, 'state')).toEqual({ column: 'state', direction: 'ascending' });
    expect(nextSort(DEFAULT_SORT, 'documents')).toEqual({ column: 'documents', direction: 'ascending' });
  });
});

describe('filtering the fleet', () => {
  it('matches every word against name, host, version and problems, ignoring case', () => {
    expect(names(filterFleet(rows, { text: 'avd', onlyProblems: false }))).toEqual(['avd-10', 'AVD-9']);
    expect(names(filterFleet(rows, { text: 'ÖSTRA', onlyProblems: false }))).toEqual(['Östra-1']);
    expect(names(filterFleet(rows, { text: 'dokument synkas', onlyProblems: false }))).toEqual(['avd-10']);
    expect(names(filterFleet(rows, { text: '1.1.0', onlyProblems: false }))).toEqual(['AKUT-02']);
    expect(filterFleet(rows, { text: '  ', onlyProblems: false })).toHaveLength(rows.length);
  });

  it('keeps only PCs with a warning or a problem when asked', () => {
    expect(names(filterFleet(rows, { text: '', onlyProblems: true }))).toEqual(['AKUT-02', 'avd-10', 'AVD-9']);
    expect(names(filterFleet(rows, { text: 'akut', onlyProblems: true }))).toEqual(['AKUT-02']);
  });

  it('counts the states', () => {
    expect(countStates(rows)).toEqual({ ok: 2, warning: 1, problem: 2 });
  });
});
