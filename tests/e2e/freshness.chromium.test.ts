// One freshness time everywhere a person looks, and the service owning the sync, end to
// end: `serve` over a synced library in Chromium. The window title (document.title, and
// the desktop window's title from main/freshnessText.ts), the banner, the status page and
// LÄS MIG.txt all show `status --json`'s updatedAt through formatLocalTime. With a real
// `lita-reserv daemon` running on the data folder, the status page says the service syncs
// and when next, and "Synka nu" says so instead of syncing; once it stops, the app syncs.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { formatLocalTime } from '../../sync/i18n/time.js';
import { windowTitle } from '../../main/freshnessText.js';
import { axeViolations, chromiumPath, requestHosts, type PageWatch } from '../helpers/chromium.js';
import { runCli, startCli, type CliProcess } from '../helpers/cli.js';
import { syncedReaderLibrary, type ReaderFixture } from '../helpers/readerFixture.js';
import type { ServeProcess } from '../helpers/serve.js';
import { openReader } from '../helpers/readerSession.js';

describe.skipIf(!chromiumPath)('freshness everywhere, and the service', () => {
  let fixture: ReaderFixture;
  let serve: ServeProcess;
  let browser: Browser;
  let page: Page;
  let watch: PageWatch;
  let daemon: CliProcess | undefined;

  const updatedAt = async () => (await runCli(['status', '--json', '--config', fixture.configPath])).json<{ updatedAt: string }>().updatedAt;

  beforeAll(async () => {
    fixture = await syncedReaderLibrary();
    ({ serve, browser, page, watch } = await openReader(fixture.configPath));
  });

  afterAll(async () => {
    if (daemon && daemon.child.exitCode === null) {
      daemon.child.kill('SIGTERM');
      await daemon.done;
    }
    await browser?.close();
    await serve?.stop();
  });

  it('shows status --json updatedAt in the title, the banner, the status page and LÄS MIG.txt', async () => {
    const at = await updatedAt();
    const local = formatLocalTime(at);
    expect(local).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d$/);
    await expect.poll(() => page.title()).toBe(`Styrande dokument (reserv) – kopia från ${local}`);
    expect(await page.title()).toBe(windowTitle(at)); // the desktop window's title before the page sets it

    const bannerTime = page.getByTestId('freshness').locator('time');
    expect(await bannerTime.getAttribute('dateTime')).toBe(at);
    expect(await bannerTime.getAttribute('title')).toBe(local);
    expect(await bannerTime.textContent()).toContain(local.slice(11));

    await page.getByRole('button', { name: 'Synkstatus' }).click();
    const statusTime = page.getByTestId('status-freshness').locator('time');
    await expect.poll(() => statusTime.textContent()).toBe(local);
    expect(await statusTime.getAttribute('dateTime')).toBe(at);

    const readme = fs.readFileSync(path.join(fixture.mirrorDir, 'LÄS MIG.txt'), 'utf8');
    expect(readme).toContain(`Senast uppdaterad: ${local}`);
  });

  it('titles the window in English too', async () => {
    const local = formatLocalTime(await updatedAt());
    await page.getByRole('button', { name: 'Language: English' }).click();
    await expect.poll(() => page.title()).toBe(`Governing documents (backup) – copy from ${local}`);
    await page.getByRole('button', { name: 'Språk: svenska' }).click();
    await expect.poll(() => page.title()).toBe(`Styrande dokument (reserv) – kopia från ${local}`);
  });

  it('while the service runs, "Synka nu" says the service syncs and when it syncs next', async () => {
    daemon = startCli(['daemon', '--config', fixture.configPath], { env: { LITA_RESERV_INTERVAL_SECONDS: '3600' } });
    const schedule = path.join(fixture.dataDir, 'schedule.json');
    await expect.poll(() => fs.existsSync(schedule), { timeout: 30_000 }).toBe(true);
    const { nextSyncAt } = JSON.parse(fs.readFileSync(schedule, 'utf8')) as { nextSyncAt: string };
    const expected = `Tjänsten LITA Reserv på den här datorn sköter synken, så appen synkar inte själv. Nästa synk: ${formatLocalTime(nextSyncAt)}.`;

    await page.reload();
    await page.getByRole('button', { name: 'Synkstatus' }).click();
    await expect.poll(() => page.getByTestId('service-owner').textContent()).toBe(expected);
    const runsBefore = await page.locator('.status-page table').last().locator('tbody tr').count();
    await page.getByRole('button', { name: 'Synka nu' }).click();
    expect(await page.locator('.status-page__message').textContent()).toBe(expected);
    expect(await axeViolations(page)).toEqual([]);

    // The API refuses as plainly when asked directly (a page that had not yet heard of the service).
    const res = await fetch(`${serve.origin}/api/syncNow`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${serve.token}` },
      body: '{}',
    });
    expect(res.status).toBe(409);
    expect(((await res.json()) as { error: { message: string } }).error.message).toBe(expected);
    await page.reload();
    await page.getByRole('button', { name: 'Synkstatus' }).click();
    await page.getByTestId('service-owner').waitFor();
    expect(await page.locator('.status-page table').last().locator('tbody tr').count()).toBe(runsBefore);
  });

  it('syncs from the app again once the service has stopped', async () => {
    daemon!.child.kill('SIGTERM');
    const end = await daemon!.done;
    expect(end.code).toBe(0);
    expect(fs.existsSync(path.join(fixture.dataDir, 'daemon.lock'))).toBe(false);
    await page.reload();
    await page.getByRole('button', { name: 'Synkstatus' }).click();
    await page.getByTestId('status-freshness').waitFor();
    expect(await page.getByTestId('service-owner').count()).toBe(0);
    await page.getByRole('button', { name: 'Synka nu' }).click();
    await expect.poll(() => page.locator('.status-page__message').textContent(), { timeout: 30_000 }).toBe('Synken är klar.');
    // The freshness moved on, and every place moved with it.
    const local = formatLocalTime(await updatedAt());
    await expect.poll(() => page.title()).toBe(`Styrande dokument (reserv) – kopia från ${local}`);
    expect(await page.getByTestId('status-freshness').locator('time').textContent()).toBe(local);
  });

  it('never sent a request outside loopback, and the CSP was never violated', () => {
    expect([...requestHosts(watch.requests)]).toEqual(['127.0.0.1']);
    expect(watch.problems).toEqual([]);
  });
});
