// The fallback page in the mirror, opened from file:// in Chromium with no app and no
// network: it lists every document with working links, filters as you type, shows the
// same last-update time as everything else, warns when the copy is old, and renders
// hostile titles as text.
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL, fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumPath, launchChromium, screenshot, watchPage, axeViolations } from '../helpers/chromium.js';
import { runCli } from '../helpers/cli.js';
import { writeConfig } from '../helpers/library.js';
import { tempDir } from '../helpers/tempDir.js';
import { formatLocalTime } from '../../sync/i18n/time.js';

describe.skipIf(!chromiumPath)('index.html in the mirror', () => {
  let browser: Browser;
  let work: string;
  let config: string;
  let mirror: string;

  beforeAll(async () => {
    work = tempDir();
    const share = path.join(work, 'share');
    fs.mkdirSync(path.join(share, 'Akutmottagning'), { recursive: true });
    fs.mkdirSync(path.join(share, 'Vårdhygien'), { recursive: true });
    fs.writeFileSync(path.join(share, 'Akutmottagning', 'Hjärtstopp – rutin för vuxna.txt'), 'HLR');
    fs.writeFileSync(path.join(share, 'Vårdhygien', 'Basala hygienrutiner.txt'), 'hygien');
    fs.writeFileSync(path.join(share, 'Vårdhygien', '<img src=x onerror=alert(1)> #1 & 100%.txt'), 'x');
    config = writeConfig(work, { libraries: [{ id: 'ls', title: 'Ledningssystem', source: { type: 'folder', path: 'share' } }] });
    mirror = path.join(work, 'Styrande dokument');
    expect((await runCli(['sync', '--config', config])).code).toBe(0);
    browser = await launchChromium();
  });
  afterAll(async () => browser?.close());

  it('lists every document with working links, filters as you type, and needs no network', async () => {
    const page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
    const watch = watchPage(page);
    const dialogs: string[] = [];
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    await page.goto(pathToFileURL(path.join(mirror, 'index.html')).href);

    const status = (await runCli(['status', '--config', config, '--json'])).json<{ updatedAt: string }>();
    await expect.poll(() => page.locator('#updated').textContent()).toBe(`Senast uppdaterad: ${formatLocalTime(status.updatedAt)}`);
    expect(fs.readFileSync(path.join(mirror, 'LÄS MIG.txt'), 'utf8')).toContain(`Senast uppdaterad: ${formatLocalTime(status.updatedAt)}`);

    const links = page.locator('#list a');
    expect(await links.count()).toBe(3);
    for (const href of await links.evaluateAll((as) => as.map((a) => (a as unknown as { href: string }).href))) {
      expect(fs.existsSync(fileURLToPath(href)), href).toBe(true);
    }
    await expect.poll(() => page.getByText('<img src=x onerror=alert(1)> #1 & 100%').count()).toBe(1);
    // Folders under their headings, in Swedish order (å after z), documents sorted by title within.
    expect(await page.locator('#list .folder').allTextContents()).toEqual(['Akutmottagning', 'Vårdhygien']);
    expect(await links.allTextContents()).toEqual(['Hjärtstopp – rutin för vuxna', '<img src=x onerror=alert(1)> #1 & 100%', 'Basala hygienrutiner']);

    await page.getByLabel('Sök').fill('hjartstopp');
    await expect.poll(() => links.count()).toBe(1);
    expect(await links.first().textContent()).toBe('Hjärtstopp – rutin för vuxna');
    await page.getByLabel('Sök').fill('VÅRDHYG');
    await expect.poll(() => links.count()).toBe(2);
    await screenshot(page, 'index-page');
    expect(await axeViolations(page)).toEqual([]);

    expect(watch.requests.every((u) => u.startsWith('file:'))).toBe(true);
    expect(watch.problems).toEqual([]);
    expect(dialogs).toEqual([]);
  });

  it('warns in large type when the copy is older than staleAfterHours', async () => {
    const db = new Database(path.join(work, 'data', 'catalog.sqlite'));
    db.prepare("UPDATE libraries SET last_success_at = '2026-01-02T08:00:00.000Z'").run();
    db.close();
    // A sync that cannot reach the share rewrites the page without changing the last success.
    fs.renameSync(path.join(work, 'share'), path.join(work, 'share-borta'));
    expect((await runCli(['sync', '--config', config])).code).toBe(1);
    const page = await browser.newPage();
    await page.goto(pathToFileURL(path.join(mirror, 'index.html')).href);
    await expect.poll(() => page.locator('header').getAttribute('class')).toBe('stale');
    expect(await page.locator('#age').textContent()).toMatch(/^VARNING: kopian är gammal/);
    expect(await page.locator('#updated').textContent()).toBe(`Senast uppdaterad: ${formatLocalTime('2026-01-02T08:00:00.000Z')}`);
  });
});
