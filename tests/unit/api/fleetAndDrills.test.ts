// The API's fleet and drill methods over a real synced catalog and real temp folders:
// fleet() from a folder target (and the "not configured" state naming the config file),
// fleetCsv() with its dated file name, a target that cannot be read, drillStatus() and
// recordDrill() with every input checked by the contract's schema at the bridge's edge,
// and the drill's document chosen from the catalog.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiService, type ApiService } from '../../../sync/api/service.js';
import { invokeApi } from '../../../sync/api/dispatch.js';
import { chooseDrillTarget } from '../../../sync/api/drills.js';
import { fleetCsvFileName } from '../../../sync/api/fleetApi.js';
import { Catalog } from '../../../sync/catalog/catalog.js';
import { loadConfig, type Config } from '../../../sync/config/loadConfig.js';
import { runSync } from '../../../sync/engine/runSync.js';
import { publish } from '../../../sync/publish/publish.js';
import { syncedApiLibrary, type ApiLibrary } from '../../helpers/apiLibrary.js';
import { writeFleetReports, type FleetPlan } from '../../helpers/fleetReports.js';
import { writeConfig, writeSourceTree } from '../../helpers/library.js';
import { tempDir } from '../../helpers/tempDir.js';

describe('fleet overview through the API', () => {
  let lib: ApiLibrary;
  let plain: ApiService;
  let withTarget: ApiService;
  let target: string;
  let plan: FleetPlan;

  beforeAll(async () => {
    lib = await syncedApiLibrary();
    target = path.join(lib.work, 'status');
    plan = writeFleetReports(target, 40);
    plain = createApiService(lib.config);
    withTarget = createApiService({ ...lib.config, statusReport: { target } });
  });
  afterAll(() => {
    plain?.close();
    withTarget?.close();
  });

  it('says the target is not configured, naming the config file', async () => {
    expect(await plain.fleet(undefined)).toEqual({ configured: false, configPath: lib.config.configPath });
    const csv = await invokeApi(plain, 'fleetCsv', undefined);
    expect(csv.result).toMatchObject({ ok: false, error: { code: 'unavailable', message: expect.stringContaining(lib.config.configPath) } });
    expect(csv.result.ok ? '' : csv.result.error.message).toContain('"statusReport": { "target": "…" }');
  });

  it('reads every report from the folder target, problems first, damaged files named', async () => {
    const r = await withTarget.fleet(undefined);
    if (!r.configured) throw new Error('expected a configured target');
    expect(r.location).toBe(target);
    expect(r.view.rows).toHaveLength(40);
    expect(new Set(r.view.rows.slice(0, plan.problems.size).map((row) => row.pcName))).toEqual(plan.problems);
    expect(r.view.rows.find((row) => row.pcName === 'AVD-0007')).toMatchObject({ state: 'problem', flags: ['never-synced'], problems: ['har aldrig synkat klart'] });
    expect(r.view.invalid).toEqual([{ name: 'trasig.json', reason: 'inte giltig JSON' }]);
  });

  it('exports the same overview as CSV named by the local date', async () => {
    const file = await withTarget.fleetCsv(undefined);
    expect(file.fileName).toBe(fleetCsvFileName(new Date()));
    expect(fleetCsvFileName(new Date(2026, 0, 5, 23, 59))).toBe('lita-reserv-datorer-2026-01-05.csv');
    expect(file.text.startsWith('\uFEFFDator;Status;Problem;')).toBe(true);
    expect(file.text.split('\r\n').filter(Boolean)).toHaveLength(41);
  });

  it('names the target when it cannot be read', async () => {
    const missing = path.join(lib.work, 'finns-inte');
    const service = createApiService({ ...lib.config, statusReport: { target: missing } });
    try {
      const r = await invokeApi(service, 'fleet', undefined);
      expect(r.result).toMatchObject({ ok: false, error: { code: 'unavailable' } });
      const message = r.result.ok ? '' : r.result.error.message;
      expect(message).toContain(`Kunde inte läsa statusrapporterna i ${missing}`);
      expect(message).toContain('statusReport.target');
    } finally {
      service.close();
    }
  });

  it('takes no input for fleet and fleetCsv', async () => {
    for (const m of ['fleet', 'fleetCsv']) {
      const r = await invokeApi(withTarget, m, { target: '/etc' });
      expect(r.result).toMatchObject({ ok: false, error: { code: 'bad-input' } });
    }
  });
});

describe('drills through the API', () => {
  let lib: ApiLibrary;
  let service: ApiService;
  const drillsFile = () => path.join(lib.config.dataDir, 'drills.json');

  beforeAll(async () => {
    lib = await syncedApiLibrary();
    service = createApiService(lib.config);
  });
  afterAll(() => service?.close());

  it('starts with no drill and suggests a real document', async () => {
    const s = await service.drillStatus(undefined);
    expect(s.lastDrillAt).toBeNull();
    expect(s.history).toEqual([]);
    // No title names an outage and nothing is printable: the first in Swedish order.
    expect(s.suggestion).toMatchObject({ libraryId: 'bib', id: 'A-2', title: 'Hjärtstopp – rutin', libraryTitle: 'Biblioteket', path: ['Hälso- och sjukvård', 'Akutmottagning'], kind: 'other' });
  });

  it('refuses every malformed drill at the edge, naming the field, and writes nothing', async () => {
    const good = { completed: true, steps: ['find', 'open', 'print'], target: 'Hjärtstopp – rutin', seconds: 42 };
    const bad: [unknown, string][] = [
      [undefined, 'indata'],
      [{ ...good, steps: ['find', 'fly'] }, 'steps.1'],
      [{ ...good, steps: ['find', 'find'] }, 'steps'],
      [{ ...good, steps: ['find', 'open', 'print', 'find'] }, 'steps'],
      [{ ...good, seconds: -1 }, 'seconds'],
      [{ ...good, seconds: 1e9 }, 'seconds'],
      [{ ...good, seconds: '42' }, 'seconds'],
      [{ ...good, target: '' }, 'target'],
      [{ ...good, target: 'x'.repeat(501) }, 'target'],
      [{ ...good, completed: 'ja' }, 'completed'],
      [{ steps: [], target: 't', seconds: 1 }, 'completed'],
      [{ ...good, at: '2020-01-01T00:00:00Z' }, 'indata'],
    ];
    for (const [input, field] of bad) {
      const r = await invokeApi(service, 'recordDrill', input);
      expect(r.result, JSON.stringify(input)).toMatchObject({ ok: false, error: { code: 'bad-input', message: expect.stringContaining(`Ogiltig begäran till recordDrill: ${field}`) } });
    }
    expect(fs.existsSync(drillsFile())).toBe(false);
  });

  it('records a finished drill with the server\'s time, and a cancelled one without moving the last drill', async () => {
    const before = Date.now();
    const r = await invokeApi(service, 'recordDrill', { completed: true, steps: ['find', 'open', 'print'], target: 'Hjärtstopp – rutin', seconds: 41.6 });
    if (!r.result.ok) throw new Error(r.result.error.message);
    const first = await service.drillStatus(undefined);
    const at = first.lastDrillAt!;
    expect(new Date(at).getTime()).toBeGreaterThanOrEqual(before - 1000);
    expect(first.history).toEqual([{ at, completed: true, steps: ['find', 'open', 'print'], target: 'Hjärtstopp – rutin', seconds: 42 }]);

    await new Promise((resolve) => setTimeout(resolve, 5));
    const cancelled = await service.recordDrill({ completed: false, steps: ['find'], target: 'Hjärtstopp – rutin', seconds: 10 });
    expect(cancelled.lastDrillAt).toBe(at);
    expect(cancelled.history.map((h) => h.completed)).toEqual([false, true]);
    const saved = JSON.parse(fs.readFileSync(drillsFile(), 'utf8')) as { drills: unknown[] };
    expect(saved.drills).toHaveLength(2);
  });
});

describe('the drill\'s document', () => {
  let catalog: Catalog;
  let config: Config;
  const lib = (id: string) => ({ id, title: id.toUpperCase() });

  beforeAll(async () => {
    const work = tempDir('lita-drilltarget-');
    const libraries = {
      a: [
        { rel: 'Akut/Brandrutin.pdf', content: '%PDF-1.4 brand', id: 'A1', title: 'Brandrutin' },
        { rel: 'Akut/Reservrutiner vid IT-avbrott.txt', content: 'text', id: 'A2', title: 'Reservrutiner vid IT-avbrott' },
      ],
      b: [
        { rel: 'Teknik/Reservkraft – checklista.docx', content: 'PK docx', id: 'B1', title: 'Reservkraft – checklista' },
        { rel: 'Teknik/Zebra.txt', content: 'zebra', id: 'B2', title: 'Zebra' },
      ],
      c: [{ rel: 'Öppettider.txt', content: 'öppet', id: 'C1', title: 'Öppettider' }],
    };
    for (const [id, docs] of Object.entries(libraries)) {
      writeSourceTree(path.join(work, `src-${id}`), docs, lib(id));
      await publish({ sourceDir: path.join(work, `src-${id}`), outDir: path.join(work, `pub-${id}`) });
    }
    config = loadConfig(
      writeConfig(work, { libraries: Object.keys(libraries).map((id) => ({ ...lib(id), source: { type: 'folder', path: `pub-${id}` } })) }),
      {},
    );
    expect((await runSync(config, { trigger: 'manual', publishReport: false })).exitCode).toBe(0);
    catalog = Catalog.open(config.dataDir);
  });
  afterAll(() => catalog?.close());

  it('prefers a printable document whose title names an IT outage or the reserve routines', () => {
    expect(chooseDrillTarget(catalog, config.libraries)).toMatchObject({ libraryId: 'b', id: 'B1', title: 'Reservkraft – checklista', kind: 'docx', libraryTitle: 'B', path: ['Teknik'] });
  });

  it('takes a printable document over a named one the drill could not print', () => {
    expect(chooseDrillTarget(catalog, [lib('a')])).toMatchObject({ id: 'A1', title: 'Brandrutin', kind: 'pdf' });
  });

  it('falls back to any document, and to none in an empty catalog', () => {
    expect(chooseDrillTarget(catalog, [lib('c')])).toMatchObject({ id: 'C1', kind: 'other' });
    expect(chooseDrillTarget(catalog, [])).toBeNull();
  });
});
