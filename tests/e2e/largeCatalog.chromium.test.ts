// 50 000 documents in the browser: the tree counts them, the list shows them through a
// virtual window (only the rows on screen exist), and the keyboard reaches the last one.
// Timings are printed by tests/bench/readerList.bench.ts, not asserted here.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { chromiumPath, launchChromium, requestHosts, screenshot, watchPage, type PageWatch } from '../helpers/chromium.js';
import { largeTitle, writeLargeCatalog } from '../helpers/largeCatalog.js';
import { startServe, type ServeProcess } from '../helpers/serve.js';
import { tempDir } from '../helpers/tempDir.js';

const COUNT = 50_000;

describe.skipIf(!chromiumPath)('a library of 50 000 documents', () => {
  let serve: ServeProcess;
  let browser: Browser;
  let page: Page;
  let watch: PageWatch;

  beforeAll(async () => {
    const configPath = writeLargeCatalog(tempDir('lita-large-'), COUNT);
    serve = await startServe(configPath);
    browser = await launchChromium();
    page = await (await browser.newContext({ viewport: { width: 1366, height: 768 } })).newPage();
    watch = watchPage(page);
    await page.goto(serve.url);
  });
  afterAll(async () => {
    await browser?.close();
    await serve?.stop();
  });

  // Swedish number formatting groups digits with a no-break space.
  const heading = async () => (await page.locator('#document-list-heading').textContent())?.replace(/\s+/g, ' ');

  it('counts them in the tree and the list', async () => {
    await expect.poll(heading, { timeout: 30_000 }).toContain('50 000 dokument');
    expect(await page.getByRole('treeitem').first().textContent()).toContain(String(COUNT));
    expect(await page.getByRole('option').first().textContent()).toContain(largeTitle(1));
  });

  it('keeps only the visible rows in the page and reaches the last document by keyboard', async () => {
    expect(await page.getByRole('option').count()).toBeLessThan(40);
    await page.getByTestId('document-list').focus();
    await page.keyboard.press('End');
    const last = page.locator('[role=option][aria-posinset="50000"]');
    await expect.poll(() => last.textContent(), { timeout: 30_000 }).toContain(largeTitle(COUNT));
    expect(await last.getAttribute('aria-selected')).toBe('true');
    expect(await page.getByRole('option').count()).toBeLessThan(40);
    await page.keyboard.press('PageUp');
    await expect.poll(() => page.locator('[role=option][aria-selected=true]').textContent()).not.toContain(largeTitle(COUNT));
    await screenshot(page, '10-large-list');
  });

  it('narrows to a unit in the tree', async () => {
    await page.getByRole('treeitem', { name: /^▸?\s*Hälso- och sjukvård/ }).click();
    await page.getByRole('treeitem', { name: /Förvaltning 3/ }).click();
    await expect.poll(heading).toContain('Förvaltning 3 5 000 dokument');
  });

  it('searches the whole catalog', async () => {
    await page.getByRole('searchbox', { name: 'Sök', exact: true }).fill('49999');
    await expect.poll(() => page.getByTestId('search-results').textContent(), { timeout: 30_000 }).toContain(largeTitle(49_999));
    expect([...requestHosts(watch.requests)]).toEqual(['127.0.0.1']);
    expect(watch.problems).toEqual([]);
  });
});
