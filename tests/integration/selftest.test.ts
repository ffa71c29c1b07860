// `selftest` on a real mirror: passes when everything is in place, and names what is not —
// a tampered mirror file, a stale library — with exit 1.
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { runCli } from '../helpers/cli.js';
import { writeConfig } from '../helpers/library.js';
import { tempDir } from '../helpers/tempDir.js';
import { spreadSample } from '../../sync/engine/selftest.js';

interface SelftestJson {
  ok: boolean;
  checks: { id: string; ok: boolean; detail: string }[];
  sample: { title: string; ok: boolean; detail: string }[];
}

async function pdf(text: string): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  doc.addPage().drawText(text, { x: 50, y: 700, size: 14, font });
  return doc.save();
}

describe('selftest', () => {
  it('spreads its sample across the whole list', () => {
    expect(spreadSample([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 3)).toEqual([1, 4, 7]);
    expect(spreadSample([1, 2], 5)).toEqual([1, 2]);
  });

  it('passes on a fresh, intact mirror and opens the sampled documents', async () => {
    const work = tempDir();
    fs.mkdirSync(path.join(work, 'share', 'Akut'), { recursive: true });
    fs.writeFileSync(path.join(work, 'share', 'Akut', 'Hjärtstopp.pdf'), await pdf('Hjartstopp rutin for vuxna'));
    fs.writeFileSync(path.join(work, 'share', 'Sepsis.txt'), 'Sepsis – tidig behandling');
    const config = writeConfig(work, { libraries: [{ id: 'ls', title: 'Ledningssystem', source: { type: 'folder', path: 'share' } }] });
    expect((await runCli(['sync', '--config', config])).code).toBe(0);

    const good = await runCli(['selftest', '--config', config, '--json']);
    expect(good.code, good.stdout).toBe(0);
    const report = good.json<SelftestJson>();
    expect(report.ok).toBe(true);
    expect(report.sample).toHaveLength(2);
    expect(report.sample.find((s) => s.title === 'Hjärtstopp')!.detail).toMatch(/^öppnad, \d+ tecken text/);

    fs.writeFileSync(path.join(work, 'Styrande dokument', 'Ledningssystem', 'Sepsis.txt'), 'ändrad');
    const db = new Database(path.join(work, 'data', 'catalog.sqlite'));
    db.prepare("UPDATE libraries SET last_success_at = '2026-01-01T00:00:00.000Z'").run();
    db.close();
    const bad = await runCli(['selftest', '--config', config, '--json']);
    expect(bad.code).toBe(1);
    const failed = bad.json<SelftestJson>().checks.filter((c) => !c.ok).map((c) => c.id);
    expect(failed).toEqual(['fresh.ls', 'mirror', 'sample']);
    const text = await runCli(['selftest', '--config', config]);
    expect(text.stdout).toMatch(/✗ Speglingen stämmer med katalogen och lagret: 1 problem/);
  });
});
