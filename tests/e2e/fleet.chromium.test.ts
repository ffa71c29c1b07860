// "Översikt datorer" end to end, as a handläggare uses it: `serve` over a synced library
// whose status reports go to a real temp folder holding a few hundred PCs' reports, in
// Debian's Chromium at 1366×768. Problems first and spelled out, sorting by mouse and
// keyboard (aria-sort), the text filter and "bara datorer med problem", the CSV download's
// content, axe, the explanation when no target is configured, and nothing off loopback.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { axeViolations, chromiumPath, launchChromium, requestHosts, screenshot, type PageWatch } from '../helpers/chromium.js';
import { syncedReaderLibrary, type ReaderFixture } from '../helpers/readerFixture.js';
import { startServe, type ServeProcess } from '../helpers/serve.js';
import { openReader } from '../helpers/readerSession.js';
import { writeFleetReports, type FleetPlan } from '../helpers/fleetReports.js';
import { writeConfig } from '../helpers/library.js';
import { tempDir } from '../helpers/tempDir.js';

const PCS = 300;

describe.skipIf(!chromiumPath)('the fleet overview in Chromium over `serve`', () => {
  let fixture: ReaderFixture;
  let plan: FleetPlan;
  let target: string;
  let serve: ServeProcess;
  let browser: Browser;
  let page: Page;
  let watch: PageWatch;

  const table = () => page.getByTestId('fleet-table');
  const bodyRows = () => table().locator('tbody tr');
  const pcNames = () => table().locator('tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-pc')));
  const header = (name: string) => table().locator('thead th').filter({ has: page.getByRole('button', { name, exact: true }) });

  beforeAll(async () => {
    target = path.join(tempDir('lita-fleet-'), 'statusrapporter');
    plan = writeFleetReports(target, PCS);
    fixture = await syncedReaderLibrary({ statusReport: { target, pcName: 'DENNA-PC' } });
    expect(fs.existsSync(path.join(target, 'DENNA-PC.json'))).toBe(true);
    ({ serve, browser, page, watch } = await openReader(fixture.configPath, { acceptDownloads: true }));
  });

  afterAll(async () => {
    await browser?.close();
    await serve?.stop();
  });

  it('lists every PC, problems first, with the state in words and the problems spelled out', async () => {
    await page.getByRole('button', { name: 'Översikt datorer' }).click();
    await expect.poll(() => bodyRows().count(), { timeout: 20_000 }).toBe(PCS + 1);
    const summary = (await page.getByTestId('fleet-summary').textContent()) ?? '';
    expect(summary).toContain(`${PCS + 1} datorer:`);
    expect(summary).toContain(`${plan.problems.size} med problem`);
    expect(summary).toContain(target);

    const names = await pcNames();
    const firstProblems = names.slice(0, plan.problems.size);
    expect(new Set(firstProblems)).toEqual(plan.problems);
    const never = table().locator('tr[data-pc="AVD-0007"]');
    expect(await never.locator('.fleet-state').textContent()).toContain('Problem');
    expect(await never.textContent()).toContain('har aldrig synkat klart');
    const silent = table().locator('tr[data-pc="AVD-0040"]');
    expect(await silent.textContent()).toMatch(/har inte rapporterat sedan \d{4}-\d\d-\d\d \d\d:\d\d/);
    const stale = table().locator('tr[data-pc="AVD-0025"]');
    expect(await stale.textContent()).toContain('kopian är gammal');
    const held = table().locator('tr[data-pc="AVD-0030"]');
    expect(await held.locator('.fleet-state').textContent()).toContain('Varning');
    expect(await held.textContent()).toContain('12 borttagningar väntar på godkännande');
    expect(await table().locator('tr[data-pc="AVD-0001"] .fleet-state').textContent()).toContain('OK');
    // The damaged file is named, not silently dropped.
    expect(await page.locator('.fleet-page__invalid').textContent()).toContain('trasig.json');
    await screenshot(page, '20-fleet');
  });

  it('fits 1366×768: the table scrolls inside the page with its header in view', async () => {
    const scroller = page.locator('.fleet-page__scroller');
    const box = (await scroller.boundingBox())!;
    expect(box.y + box.height).toBeLessThanOrEqual(768);
    expect(box.height).toBeGreaterThan(300);
    const fits = await scroller.evaluate((el) => el.scrollWidth <= el.clientWidth + 1);
    expect(fits).toBe(true);
    await scroller.evaluate((el) => (el.scrollTop = el.scrollHeight));
    const head = (await table().locator('thead th').first().boundingBox())!;
    expect(head.y).toBeGreaterThanOrEqual(box.y - 1);
    expect(head.y).toBeLessThan(box.y + 10);
    await scroller.evaluate((el) => (el.scrollTop = 0));
  });

  it('sorts by any column with the mouse, and says so with aria-sort', async () => {
    expect(await header('Status och problem').getAttribute('aria-sort')).toBe('ascending');
    await table().getByRole('button', { name: 'Dator', exact: true }).click();
    expect(await header('Dator').getAttribute('aria-sort')).toBe('ascending');
    expect(await header('Status och problem').getAttribute('aria-sort')).toBeNull();
    const sorted = [...plan.names, 'DENNA-PC'].sort((a, b) => a.localeCompare(b, 'sv'));
    expect(await pcNames()).toEqual(sorted);
    await table().getByRole('button', { name: 'Dator', exact: true }).click();
    expect(await header('Dator').getAttribute('aria-sort')).toBe('descending');
    expect((await pcNames())[0]).toBe(sorted.at(-1));

    await table().getByRole('button', { name: 'Rapport', exact: true }).click();
    // Oldest report first: the silent PCs.
    expect(plan.problems.has((await pcNames())[0]!)).toBe(true);
    expect(await table().locator('tbody tr').first().textContent()).toContain('har inte rapporterat');
  });

  it('sorts by keyboard too', async () => {
    const button = table().getByRole('button', { name: 'Dokument', exact: true });
    await button.focus();
    await page.keyboard.press('Enter');
    expect(await header('Dokument').getAttribute('aria-sort')).toBe('ascending');
    // The fifth cell: PC, state, report, last success, documents.
    const docs = async () => (await table().locator('tbody tr > :nth-child(5)').allTextContents()).map((t) => Number(t.replace(/\s/g, '')));
    const ascending = await docs();
    expect(ascending).toEqual([...ascending].sort((a, b) => a - b));
    await page.keyboard.press('Space');
    expect(await header('Dokument').getAttribute('aria-sort')).toBe('descending');
    const descending = await docs();
    expect(descending).toEqual([...descending].sort((a, b) => b - a));
  });

  it('filters by text and to the PCs with problems', async () => {
    const filter = page.getByRole('searchbox', { name: 'Filtrera' });
    await filter.fill('avd-0042');
    await expect.poll(pcNames).toEqual(['AVD-0042']);
    await filter.fill('borttagningar väntar');
    await expect.poll(() => bodyRows().count()).toBe(Math.floor(PCS / 30));
    await filter.fill('');
    await page.getByRole('checkbox', { name: 'Bara datorer med problem' }).check();
    const notOk = plan.problems.size + plan.warnings.size + 1; // DENNA-PC runs an older version than the fleet's newest
    await expect.poll(() => bodyRows().count()).toBe(notOk);
    const states = await table().locator('tbody .fleet-state').allTextContents();
    expect(states.every((s) => /Problem|Varning/.test(s))).toBe(true);
    expect(await page.locator('.fleet-page__status').textContent()).toContain(`Visar ${notOk} av ${PCS + 1} datorer.`);
    await screenshot(page, '21-fleet-problems');
  });

  it('has no serious or critical accessibility violations', async () => {
    expect(await axeViolations(page)).toEqual([]);
    await page.getByRole('checkbox', { name: 'Bara datorer med problem' }).uncheck();
  });

  it('exports the whole overview as a CSV file named by today\'s date', async () => {
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Exportera CSV' }).click()]);
    const now = new Date();
    const pad = (n: number) => String(n).padStart(2, '0');
    expect(download.suggestedFilename()).toBe(`lita-reserv-datorer-${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}.csv`);
    const bytes = fs.readFileSync((await download.path())!);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = bytes.toString('utf8').slice(1).split('\r\n').filter(Boolean);
    expect(lines).toHaveLength(PCS + 2);
    expect(lines[0]).toBe('Dator;Status;Problem;Appversion;Rapporterad;Senast lyckad synk;Dokument;Fel;Väntande borttagningar;Ledigt utrymme (GB);Nästa synk;Senaste övning');
    expect(lines.find((l) => l.startsWith('AVD-0007;'))).toMatch(/^AVD-0007;Problem;har aldrig synkat klart;/);
    expect(lines.find((l) => l.startsWith('AVD-0030;'))).toContain('12 borttagningar väntar på godkännande');
    expect(lines.some((l) => l.startsWith('DENNA-PC;'))).toBe(true);
    expect(await page.locator('.fleet-page__status').textContent()).toContain(download.suggestedFilename());
  });

  it('never sent a request outside loopback, and the CSP was never violated', () => {
    expect([...requestHosts(watch.requests)]).toEqual(['127.0.0.1']);
    expect(watch.problems).toEqual([]);
  });
});

describe.skipIf(!chromiumPath)('the fleet overview without a status report target', () => {
  it('explains how to add statusReport.target, naming the config file', async () => {
    const work = tempDir('lita-fleet-none-');
    const configPath = writeConfig(work, { libraries: [{ id: 'a', title: 'A', source: { type: 'folder', path: 'saknas' } }] });
    const serve = await startServe(configPath);
    const browser = await launchChromium();
    try {
      const page = await (await browser.newContext({ viewport: { width: 1366, height: 768 } })).newPage();
      await page.goto(serve.url);
      await page.getByRole('button', { name: 'Översikt datorer' }).click();
      const setup = page.getByTestId('fleet-not-configured');
      await expect.poll(() => setup.textContent()).toContain('Ingen plats för statusrapporter är konfigurerad');
      const text = (await setup.textContent()) ?? '';
      expect(text).toContain(configPath);
      expect(text).toContain('"statusReport": { "target": ');
      expect(await page.getByRole('button', { name: 'Exportera CSV' }).count()).toBe(0);
      expect(await axeViolations(page)).toEqual([]);
    } finally {
      await browser.close();
      await serve.stop();
    }
  });
});
