// Drill mode ("Övningsläge") end to end in Chromium over `serve`: started from the status
// page, the app looks as it does offline and says ÖVNING, the guided steps follow what
// the person actually does (other documents count for nothing), by mouse and by keyboard
// alone; a finished drill is written to drills.json, shown on the status page and carried
// by the next status report; a cancelled one is recorded as not completed; axe finds
// nothing serious on the panel; and no request leaves loopback.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { formatLocalTime } from '../../sync/i18n/time.js';
import { axeViolations, chromiumPath, requestHosts, screenshot, type PageWatch } from '../helpers/chromium.js';
import { syncedReaderLibrary, type ReaderFixture } from '../helpers/readerFixture.js';
import type { ServeProcess } from '../helpers/serve.js';
import { openReader } from '../helpers/readerSession.js';
import { tempDir } from '../helpers/tempDir.js';

const TARGET = 'Reservrutin vid IT-avbrott';

interface DrillsFile {
  drills: { at: string; completed: boolean; steps: string[]; target?: string; seconds?: number }[];
}

describe.skipIf(!chromiumPath)('drill mode in Chromium over `serve`', () => {
  let fixture: ReaderFixture;
  let reports: string;
  let serve: ServeProcess;
  let browser: Browser;
  let page: Page;
  let watch: PageWatch;

  const drills = (): DrillsFile => JSON.parse(fs.readFileSync(path.join(fixture.dataDir, 'drills.json'), 'utf8')) as DrillsFile;
  const stepState = (step: string) => page.locator(`.drill-step[data-step="${step}"] .drill-step__state`).textContent();
  const searchBox = () => page.getByRole('searchbox', { name: 'Sök', exact: true });
  const toStatus = async () => {
    await page.getByRole('button', { name: 'Synkstatus' }).click();
    await expect.poll(() => page.getByTestId('last-drill').textContent()).not.toContain('Laddar');
  };

  beforeAll(async () => {
    reports = path.join(tempDir('lita-drill-'), 'statusrapporter');
    fs.mkdirSync(reports);
    fixture = await syncedReaderLibrary({ statusReport: { target: reports, pcName: 'AKUT-01' } });
    ({ serve, browser, page, watch } = await openReader(fixture.configPath));
  });

  afterAll(async () => {
    await browser?.close();
    await serve?.stop();
  });

  it('the status page says no drill is recorded and names the routine the drill will ask for', async () => {
    await toStatus();
    await expect.poll(() => page.getByTestId('last-drill').textContent()).toBe('Senaste övning på den här datorn: ingen övning registrerad');
    expect(await page.locator('.drill-section').textContent()).toContain(`Övningen ber dig hitta: ${TARGET}`);
    expect(fs.existsSync(path.join(fixture.dataDir, 'drills.json'))).toBe(false);
  });

  it('runs a drill by mouse: looks offline, says ÖVNING, and counts only the target', async () => {
    await page.getByRole('button', { name: 'Starta övning (Övningsläge)' }).click();
    const banner = page.getByTestId('freshness');
    await expect.poll(() => banner.textContent()).toMatch(/RESERVKOPIA\s*ÖVNING\s*Offline – kopia från idag \d\d:\d\d/);
    expect(await page.title()).toMatch(/^ÖVNING – Styrande dokument \(reserv\) – kopia från \d{4}-\d\d-\d\d \d\d:\d\d$/);
    const panel = page.getByTestId('drill-panel');
    expect(await panel.textContent()).toContain(`Hitta rutinen "${TARGET}"`);
    expect(await page.evaluate('document.activeElement && document.activeElement.id')).toBe('drill-panel-title');
    expect(await stepState('find')).toBe('nu');
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, '30-drill-start');

    // Another routine found and opened is not the exercise.
    await searchBox().fill('hjärtstopp');
    await page.getByRole('button', { name: /Hjärtstopp – rutin för vuxna/ }).click();
    await expect.poll(() => page.locator('h1.document-title').textContent()).toBe('Hjärtstopp – rutin för vuxna');
    expect(await stepState('find')).toBe('nu');
    expect(await stepState('open')).toBe('kvar');

    await searchBox().fill('IT-avbrott');
    await expect.poll(() => stepState('find')).toBe('klart');
    expect(await stepState('open')).toBe('nu');
    await page.getByRole('button', { name: new RegExp(TARGET) }).click();
    await expect.poll(() => stepState('open')).toBe('klart');
    await page.getByTestId('docx-content').waitFor();
    expect(await stepState('print')).toBe('nu');
    await screenshot(page, '31-drill-open');

    await page.getByRole('button', { name: 'Skriv ut' }).click();
    await expect.poll(() => panel.textContent()).toContain('Övningen är klar');
    await expect.poll(() => page.getByTestId('drill-save').textContent()).toBe('Övningen är registrerad.');
    expect(await panel.textContent()).toMatch(/Du klarade alla steg på (\d+ min )?\d+ s\./);
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, '32-drill-done');

    const [drill] = drills().drills;
    expect(drill).toMatchObject({ completed: true, steps: ['find', 'open', 'print'], target: TARGET });
    expect(drill!.seconds).toBeGreaterThanOrEqual(0);
    expect(Date.now() - new Date(drill!.at).getTime()).toBeLessThan(60_000);

    await page.getByRole('button', { name: 'Avsluta övningsläget' }).click();
    expect(await page.getByTestId('drill-badge').count()).toBe(0);
    await expect.poll(() => banner.textContent()).toMatch(/Ansluten – kopia från/);
    expect(await page.title()).toMatch(/^Styrande dokument \(reserv\) – kopia från/);
    await toStatus();
    await expect.poll(() => page.getByTestId('last-drill').textContent()).toBe(`Senaste övning på den här datorn: ${formatLocalTime(drill!.at)}`);
    expect(await page.getByTestId('drill-history').textContent()).toContain('klar');
  });

  it('the next status report carries the drill', async () => {
    const at = drills().drills[0]!.at;
    await page.getByRole('button', { name: 'Synka nu' }).click();
    await expect.poll(() => page.locator('.status-page__message').textContent(), { timeout: 30_000 }).toBe('Synken är klar.');
    const report = JSON.parse(fs.readFileSync(path.join(reports, 'AKUT-01.json'), 'utf8')) as { lastDrillAt: string | null };
    expect(report.lastDrillAt).toBe(at);
  });

  it('runs a drill by keyboard alone, finding the routine in the tree', async () => {
    const start = page.getByRole('button', { name: 'Starta övning (Övningsläge)' });
    await start.focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => page.evaluate('document.activeElement && document.activeElement.id')).toBe('drill-panel-title');
    // Through the tree: Ledningssystem › Hälso- och sjukvård › Akutmottagning.
    await page.getByRole('tree').getByRole('treeitem').first().focus();
    await page.keyboard.press('Enter'); // the library: its documents are listed
    const list = page.getByTestId('document-list');
    for (const key of ['ArrowDown', 'ArrowDown', 'ArrowRight', 'ArrowDown', 'Enter']) await page.keyboard.press(key);
    await expect.poll(() => page.locator('#document-list-heading').textContent()).toContain('Hälso- och sjukvård › Akutmottagning');
    await expect.poll(() => stepState('find')).toBe('klart');
    await list.focus();
    const options = await list.getByRole('option').allTextContents();
    const index = options.findIndex((o) => o.includes(TARGET));
    expect(index).toBeGreaterThanOrEqual(0);
    await page.keyboard.press('Home');
    for (let i = 0; i < index; i++) await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await expect.poll(() => stepState('open')).toBe('klart');
    await page.getByTestId('docx-content').waitFor();
    const print = page.getByRole('button', { name: 'Skriv ut' });
    await print.focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByTestId('drill-panel').textContent()).toContain('Övningen är klar');
    await expect.poll(() => drills().drills.length).toBe(2);
    expect(drills().drills[1]).toMatchObject({ completed: true, steps: ['find', 'open', 'print'], target: TARGET });
    await page.getByRole('button', { name: 'Avsluta övningsläget' }).focus();
    await page.keyboard.press('Enter');
    expect(await page.getByTestId('drill-panel').count()).toBe(0);
  });

  it('records a cancelled drill as not completed and keeps the last completed date', async () => {
    await toStatus();
    const before = (await page.getByTestId('last-drill').textContent()) ?? '';
    await page.getByRole('button', { name: 'Starta övning (Övningsläge)' }).click();
    await searchBox().fill('reservrutin');
    await expect.poll(() => stepState('find')).toBe('klart');
    await page.getByRole('button', { name: 'Avbryt övningen' }).click();
    expect(await page.getByTestId('drill-panel').count()).toBe(0);
    await expect.poll(() => drills().drills.length).toBe(3);
    expect(drills().drills[2]).toMatchObject({ completed: false, steps: ['find'], target: TARGET });
    await toStatus();
    await expect.poll(() => page.getByTestId('drill-history').textContent()).toContain('avbruten (1/3)');
    expect(await page.getByTestId('last-drill').textContent()).toBe(before);
    await screenshot(page, '33-drill-status');
  });

  it('never sent a request outside loopback, and the CSP was never violated', () => {
    expect([...requestHosts(watch.requests)]).toEqual(['127.0.0.1']);
    expect(watch.problems).toEqual([]);
  });
});
