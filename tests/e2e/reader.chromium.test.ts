// The reader end to end, as ward staff and handläggare use it: `serve` over a library
// published and synced with the CLI, driven in Debian's Chromium. Search → open → the
// PDF's text is on screen → print; Word documents; expired and other files; the status
// page with a failure; keyboard only; axe; the stale warning; and no request leaves
// loopback.
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { axeViolations, chromiumPath, requestHosts, screenshot, type PageWatch } from '../helpers/chromium.js';
import { syncedReaderLibrary, type ReaderFixture } from '../helpers/readerFixture.js';
import type { ServeProcess } from '../helpers/serve.js';
import { openReader } from '../helpers/readerSession.js';

describe.skipIf(!chromiumPath)('reader in Chromium over `serve`', () => {
  let fixture: ReaderFixture;
  let serve: ServeProcess;
  let browser: Browser;
  let page: Page;
  let watch: PageWatch;

  const searchBox = () => page.getByRole('searchbox', { name: 'Sök', exact: true });
  const openFromSearch = async (query: string, title: string) => {
    await searchBox().fill(query);
    await page.getByRole('button', { name: new RegExp(title) }).first().click();
    await expect.poll(() => page.locator('h1.document-title').textContent()).toBe(title);
  };

  beforeAll(async () => {
    fixture = await syncedReaderLibrary({ brokenId: 'DOC-4001' });
    expect(fixture.syncExitCode).toBe(3); // partial: one document failed verification
    ({ serve, browser, page, watch } = await openReader(fixture.configPath));
  });

  afterAll(async () => {
    await browser?.close();
    await serve?.stop();
  });

  it('keeps the key out of the address bar and shows the backup frame and freshness', async () => {
    expect(page.url()).not.toContain('token');
    const banner = page.getByTestId('freshness');
    await expect.poll(() => banner.textContent()).toMatch(/RESERVKOPIA.*Ansluten – kopia från idag \d\d:\d\d \((just nu|för \d+ min sedan)\)/);
    await expect.poll(() => page.getByRole('tree').textContent()).toContain('Ledningssystem4');
    await screenshot(page, '01-browse');
  });

  it('finds a routine as you type and shows its title, type, unit and version', async () => {
    await searchBox().fill('hjärtstopp');
    const results = page.getByTestId('search-results');
    await expect.poll(() => results.textContent()).toContain('Hjärtstopp – rutin för vuxna');
    const text = (await results.textContent()) ?? '';
    expect(text).toContain('Rutin · Akutmottagning · Version 7');
    await searchBox().fill('stopp'); // a part of the compound word
    await expect.poll(() => results.textContent()).toContain('Hjärtstopp');
    await screenshot(page, '02-search');
  });

  it('opens the PDF in the app with readable Swedish text, find in document and a print button', async () => {
    await openFromSearch('hjärtstopp', 'Hjärtstopp – rutin för vuxna');
    const textLayer = page.locator('.textLayer').first();
    await expect.poll(() => textLayer.textContent(), { timeout: 20_000 }).toContain('Larma 112 och hämta hjärtstartare.');
    expect(await textLayer.textContent()).toContain('hjärt-lungräddning (HLR)');
    // Opened from a search: the searched words are already found and marked in the document.
    expect(await page.getByRole('searchbox', { name: 'Sök i dokumentet' }).inputValue()).toBe('hjärtstopp');
    await expect.poll(() => page.locator('.viewer-toolbar__count').textContent()).toMatch(/^Träff 1 av [1-9]\d*$/);
    await expect.poll(() => page.locator('.find-hit--current').count()).toBe(1);
    expect(await page.getByRole('button', { name: 'Skriv ut' }).isVisible()).toBe(true);
    const meta = (await page.locator('aside.metadata').textContent()) ?? '';
    for (const v of ['Rutin', '7', '2026-10-01', 'Verksamhetschef akutmottagningen', 'Hälso- och sjukvårdsdirektör']) expect(meta).toContain(v);
    expect(await page.getByTestId('expired-warning').count()).toBe(0);
    await screenshot(page, '03-pdf-opened');

    await page.getByRole('searchbox', { name: 'Sök i dokumentet' }).fill('HLR');
    await expect.poll(() => page.locator('.viewer-toolbar__count').textContent()).toBe('Träff 1 av 3');
    await page.getByRole('button', { name: 'Nästa träff' }).click();
    await expect.poll(() => page.locator('.viewer-toolbar__count').textContent()).toBe('Träff 2 av 3');
    await expect.poll(() => page.locator('.find-hit--current').count()).toBe(1);
    expect(await page.locator('canvas.pdf-page__canvas').count()).toBe(2);
    await screenshot(page, '03-pdf');
  });

  it('prints only the document pages', async () => {
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('.app-header').isVisible()).toBe(false);
    expect(await page.locator('aside.metadata').isVisible()).toBe(false);
    expect(await page.locator('canvas.pdf-page__canvas').first().isVisible()).toBe(true);
    expect(await page.locator('.print-note').textContent()).toContain('Utskrift från LITA Reserv');
    await page.emulateMedia({ media: 'screen' });
  });

  it('shows a Word document as sanitised HTML', async () => {
    await openFromSearch('IT-avbrott', 'Reservrutin vid IT-avbrott');
    const content = page.getByTestId('docx-content');
    await expect.poll(() => content.textContent()).toContain('dokumenteras all vård på pappersblanketter');
    expect(await content.locator('h1').textContent()).toBe('Reservrutin vid IT-avbrott');
    // A link to the web stays readable text, but cannot take the page off the computer.
    expect(await content.textContent()).toContain('Mer information på intranätet');
    expect(await content.locator('a[href]').count()).toBe(0);
    expect(await content.locator('a').getAttribute('title')).toBe('https://intranat.example.org/reservrutiner');
    await screenshot(page, '04-docx');
  });

  it('warns clearly when a document is past its validTo date', async () => {
    await openFromSearch('fasta', 'Fasta före operation');
    await expect.poll(() => page.getByTestId('expired-warning').textContent()).toContain('Giltighetstiden gick ut 2024-12-31');
  });

  it('tells where a file the app cannot show is, in browser mode', async () => {
    await openFromSearch('brandskydd', 'Brandskydd – checklista');
    const text = (await page.locator('.document-view').textContent()) ?? '';
    expect(text).toContain('Filen finns i speglingsmappen:');
    expect(text).toContain(path.join(fixture.mirrorDir, 'Ledningssystem', 'Gemensamt', 'Brandskydd – checklista.txt'));
    expect(await page.getByRole('button', { name: 'Öppna i datorns program' }).count()).toBe(0);
  });

  it('can be used by keyboard alone: tree, list, document and back', async () => {
    await page.getByRole('button', { name: 'Dokument', exact: true }).click();
    await searchBox().fill('');
    const tree = page.getByRole('tree');
    await tree.getByRole('treeitem').first().focus();
    await page.keyboard.press('ArrowDown'); // Gemensamt
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('#document-list-heading').textContent()).toContain('Ledningssystem › Gemensamt');
    await page.getByTestId('document-list').focus();
    await page.keyboard.press('End');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('h1.document-title').textContent()).toBe('Brandskydd – checklista');
    await page.keyboard.press('Escape');
    await page.keyboard.press('/');
    expect(await page.evaluate('document.activeElement && document.activeElement.id')).toBe('search-input');
    await page.keyboard.type('hjärt');
    await expect.poll(() => page.getByTestId('search-results').textContent()).toContain('Hjärtstopp');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('h1.document-title').textContent()).toBe('Hjärtstopp – rutin för vuxna');
  });

  it('shows handläggare the failure with its reason, and runs "Synka nu" to the end', async () => {
    await page.getByRole('button', { name: 'Synkstatus' }).click();
    const failures = page.getByTestId('failures-ledningssystem');
    await expect.poll(() => failures.textContent()).toContain('Utrymningsplan');
    expect(await failures.textContent()).toMatch(/sha256/i);
    const status = (await page.locator('.status-page').textContent()) ?? '';
    expect(status).toContain('delvis');
    expect(status).toContain('Senaste synkar');
    await screenshot(page, '05-status');
    await page.getByRole('button', { name: 'Synka nu' }).click();
    await expect.poll(() => page.locator('.status-page__message').textContent(), { timeout: 30_000 }).toBe('Synken är klar.');
    await expect.poll(() => page.locator('.status-page table').last().locator('tbody tr').count()).toBeGreaterThanOrEqual(2);
  });

  it('has no serious or critical accessibility violations on the main views', async () => {
    const views: [string, () => Promise<void>][] = [
      ['status', async () => {}],
      ['browse', async () => page.getByRole('button', { name: 'Dokument', exact: true }).click()],
      ['search', async () => searchBox().fill('rutin')],
      ['pdf', async () => openFromSearch('hjärtstopp', 'Hjärtstopp – rutin för vuxna').then(() => page.locator('.textLayer span').first().waitFor())],
      ['docx', async () => openFromSearch('IT-avbrott', 'Reservrutin vid IT-avbrott').then(() => page.getByTestId('docx-content').waitFor())],
    ];
    const found: string[] = [];
    for (const [name, show] of views) {
      await show();
      found.push(...(await axeViolations(page)).map((v) => `${name}: ${v}`));
    }
    expect(found).toEqual([]);
  });

  it('switches to English', async () => {
    await page.getByRole('button', { name: 'Language: English' }).click();
    expect(await page.getByRole('searchbox', { name: 'Search', exact: true }).count()).toBe(1);
    await expect.poll(() => page.getByTestId('freshness').textContent()).toContain('BACKUP COPY');
    await page.getByRole('button', { name: 'Språk: svenska' }).click();
    expect(await searchBox().count()).toBe(1);
  });

  it('says Offline when the source cannot be reached, and keeps showing the copy', async () => {
    fs.renameSync(fixture.published, `${fixture.published}-borta`);
    try {
      await page.getByRole('button', { name: 'Synkstatus' }).click();
      await page.getByRole('button', { name: 'Synka nu' }).click();
      await expect.poll(() => page.locator('.library-status .result').first().textContent(), { timeout: 30_000 }).toBe('misslyckades');
      await expect.poll(() => page.getByTestId('freshness').textContent()).toMatch(/Offline – kopia från idag \d\d:\d\d/);
      expect(await page.locator('.library-status .error').first().textContent()).toContain('visar kopian från');
      await openFromSearch('hjärtstopp', 'Hjärtstopp – rutin för vuxna');
      await expect.poll(() => page.locator('.textLayer').first().textContent()).toContain('Larma 112');
    } finally {
      fs.renameSync(`${fixture.published}-borta`, fixture.published);
    }
  });

  it('turns the banner into a warning when the last successful sync is old', async () => {
    const db = new Database(path.join(fixture.dataDir, 'catalog.sqlite'));
    const old = new Date(Date.now() - 3 * 86_400_000).toISOString();
    db.prepare('UPDATE libraries SET last_success_at = ?').run(old);
    db.close();
    await page.reload();
    const warning = page.getByTestId('stale-warning');
    await expect.poll(() => warning.textContent()).toContain('äldre än 24 timmar');
    expect(await page.getByTestId('freshness').textContent()).toContain('för 3 dagar sedan');
    await screenshot(page, '06-stale');
  });

  it('never sent a request outside loopback, and the CSP was never violated', () => {
    expect(watch.requests.length).toBeGreaterThan(10);
    expect([...requestHosts(watch.requests)]).toEqual(['127.0.0.1']);
    expect(watch.problems).toEqual([]);
  });
});
