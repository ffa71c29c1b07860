// PDFs and Word documents of the shared real-world corpus (regulations, scans,
// non-Latin scripts, forms, encrypted and broken files) opened in the reader, through
// publish → sync → serve → Chromium: each one is shown, or says in plain words why it
// cannot be; nothing crashes the page and nothing leaves loopback.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { chromiumPath, launchChromium, requestHosts, watchPage, type PageWatch } from '../helpers/chromium.js';
import { corpusFilesWithExtensions } from '../helpers/corpus.js';
import { runCli } from '../helpers/cli.js';
import { writeConfig } from '../helpers/library.js';
import { startServe, type ServeProcess } from '../helpers/serve.js';
import { tempDir } from '../helpers/tempDir.js';

const corpusFiles = corpusFilesWithExtensions('the reader opens a sample of the real-world PDFs and Word documents', ['.pdf', '.docx']);
const corpus = corpusFiles?.dir ?? null;
const ROW_PX = 64;

/** The first `perFolder` files of each folder: every kind of trouble, in a minute. LITA_CORPUS_FULL=1 opens all. */
function sampleByFolder(all: string[], perFolder: number): string[] {
  const taken = new Map<string, number>();
  return [...all].sort().filter((f) => {
    const folder = path.posix.dirname(f);
    const n = taken.get(folder) ?? 0;
    taken.set(folder, n + 1);
    return n < perFolder;
  });
}

interface Outcome {
  title: string;
  result: 'shown' | 'error';
  detail: string;
}

describe.skipIf(!chromiumPath || !corpus)('the real-world corpus in the reader', () => {
  let serve: ServeProcess;
  let browser: Browser;
  let page: Page;
  let watch: PageWatch;
  let files: string[];

  beforeAll(async () => {
    const work = tempDir('lita-corpus-');
    const src = path.join(work, 'källa');
    files = sampleByFolder(corpusFiles!.files, process.env.LITA_CORPUS_FULL ? Infinity : 4);
    for (const rel of files) {
      const target = path.join(src, ...rel.split('/'));
      fs.mkdirSync(path.dirname(target), { recursive: true });
      fs.copyFileSync(path.join(corpus!, rel), target);
    }
    fs.writeFileSync(path.join(src, 'library.json'), JSON.stringify({ id: 'korpus', title: 'Korpus' }));
    const pub = await runCli(['publish', src, '--out', path.join(work, 'pub')]);
    expect(pub.code, pub.stderr).toBe(0);
    const configPath = writeConfig(work, { libraries: [{ id: 'korpus', title: 'Korpus', source: { type: 'folder', path: 'pub' } }] });
    const sync = await runCli(['sync', '--config', configPath]);
    expect(sync.code, sync.stdout + sync.stderr).toBe(0);
    serve = await startServe(configPath);
    browser = await launchChromium();
    page = await (await browser.newContext({ viewport: { width: 1366, height: 768 } })).newPage();
    watch = watchPage(page);
    await page.goto(serve.url);
  }, 300_000);
  afterAll(async () => {
    await browser?.close();
    await serve?.stop();
  });

  it('shows every document or explains why it cannot', { timeout: 600_000 }, async () => {
    const outcomes: Outcome[] = [];
    const list = page.getByTestId('document-list');
    const heading = page.locator('#document-list-heading');
    await expect.poll(async () => (await heading.textContent())?.replace(/\s+/g, ' ')).toContain(`${files.length} dokument`);
    for (let i = 0; i < files.length; i++) {
      const row = page.locator(`[role=option][aria-posinset="${i + 1}"]`);
      // The list comes back with the browse view; scroll until its row is there.
      await expect
        .poll(async () => {
          await list.evaluate((el, y) => (el.scrollTop = y), i * ROW_PX);
          return row.locator('.doc-row__title').count();
        })
        .toBe(1);
      const title = (await row.locator('.doc-row__title').textContent()) ?? '';
      await row.click();
      const done = page.locator('.pdf-page[data-state=rendered], .pdf-page[data-state=failed], [data-testid=docx-content], [data-testid=viewer-error], .document-view .error');
      await done.first().waitFor({ timeout: 30_000 });
      const error = page.locator('[data-testid=viewer-error], .document-view .error, .pdf-page[data-state=failed]');
      outcomes.push((await error.count()) > 0 ? { title, result: 'error', detail: ((await error.first().textContent()) ?? '').slice(0, 120) } : { title, result: 'shown', detail: '' });
      await page.getByRole('button', { name: /Tillbaka/ }).click();
    }
    const shown = outcomes.filter((o) => o.result === 'shown').length;
    console.log(`corpus: ${shown} of ${outcomes.length} documents shown; the others said why:`);
    for (const o of outcomes.filter((x) => x.result === 'error')) console.log(`  ${o.title}: ${o.detail}`);
    expect(outcomes).toHaveLength(files.length);
    expect(shown).toBeGreaterThan(files.length * 0.8);
    for (const o of outcomes.filter((x) => x.result === 'error')) expect(o.detail, o.title).toMatch(/kan inte visas|kunde inte visas|lösenordsskyddad|skadad/);
    expect(watch.problems.filter((p) => p.startsWith('page error'))).toEqual([]);
    expect([...requestHosts(watch.requests)]).toEqual(['127.0.0.1']);
  });
});
