import { describe, expect, it } from 'vitest';
import { analyseFleet, compareVersions, fleetCsv } from '../../sync/fleet/fleet.js';

import { NOW, hoursAgo, report } from './reportFixture.js';

const stored = (r: object, name = `${(r as { pcName: string }).pcName}.json`) => ({ name, text: JSON.stringify(r) });

describe('fleet analysis', () => {
  it('compares versions numerically', () => {
    expect(compareVersions('1.10.0', '1.9.3')).toBe(1);
    expect(compareVersions('1.2.0', '1.2')).toBe(0);
    expect(compareVersions('0.9.0', '1.0.0')).toBe(-1);
  });

  it('flags stale copies, silent PCs, old versions, held deletions and failures', () => {
    const view = analyseFleet(
      [
        stored(report('AKUT-01')),
        stored(report('AVD14-PC', { updatedAt: hoursAgo(21 * 24), reportedAt: hoursAgo(20 * 24) })),
        stored(report('BARN-02', { appVersion: '1.1.9' })),
        stored(report('KIR-03', {}, { heldDeletions: 12, failedDocuments: 2 })),
        stored(report('NY-PC', { updatedAt: null }, { lastSuccessAt: null, documents: 0 })),
        { name: 'trasig.json', text: '{"format":' },
        { name: 'fel.json', text: JSON.stringify({ format: 'annat/1' }) },
      ],
      NOW,
    );
    const byName = Object.fromEntries(view.rows.map((r) => [r.pcName, r]));
    expect(view.newestVersion).toBe('1.2.0');
    expect(byName['AKUT-01']).toMatchObject({ state: 'ok', flags: [] });
    expect(byName['AVD14-PC']).toMatchObject({ state: 'problem', flags: ['stale', 'not-reporting'] });
    expect(byName['AVD14-PC']!.problems[1]).toMatch(/har inte rapporterat sedan/);
    expect(byName['BARN-02']).toMatchObject({ state: 'warning', flags: ['old-version'] });
    expect(byName['KIR-03']).toMatchObject({ state: 'warning', flags: ['held-deletions', 'failures'], heldDeletions: 12 });
    expect(byName['NY-PC']).toMatchObject({ state: 'problem', flags: ['never-synced'] });
    expect(view.rows.map((r) => r.state)).toEqual(['problem', 'problem', 'warning', 'warning', 'ok']);
    expect(view.invalid.map((i) => i.name).sort()).toEqual(['fel.json', 'trasig.json']);
  });

  it('exports CSV that Swedish Excel opens, with no formula injection', () => {
    const view = analyseFleet([stored(report('=HYPERLINK("x")')), stored(report('PC;med"citat'))], NOW);
    const csv = fleetCsv(view);
    expect(csv.startsWith('\uFEFFDator;Status;Problem;')).toBe(true);
    const lines = csv.split('\r\n');
    expect(lines).toHaveLength(4);
    expect(lines.some((l) => l.startsWith(`"'=HYPERLINK(""x"")"`))).toBe(true);
    expect(lines.some((l) => l.startsWith('"PC;med""citat";OK;'))).toBe(true);
    expect(lines[1]).toContain(';50,0;');
  });

  it('handles a few hundred PCs quickly', () => {
    const reports = Array.from({ length: 400 }, (_, i) => stored(report(`PC-${String(i).padStart(3, '0')}`, i % 50 === 0 ? { updatedAt: hoursAgo(48) } : {})));
    const started = performance.now();
    const view = analyseFleet(reports, NOW);
    expect(performance.now() - started).toBeLessThan(2000);
    expect(view.rows).toHaveLength(400);
    expect(view.rows.filter((r) => r.flags.includes('stale'))).toHaveLength(8);
  });
});
