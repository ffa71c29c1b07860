// Prints how quickly the reader handles a large library (default 50 000 documents):
// the API service's tree, first and last list pages and search, then in Chromium the time
// to the first rows and from End to the last row. Run: npm run bench:reader [-- COUNT]
// (needs `npm run build` first: it runs the real `serve`).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { loadConfig } from '../../sync/config/loadConfig.js';
import { createApiService } from '../../sync/api/service.js';
import { largeTitle, writeLargeCatalog } from '../helpers/largeCatalog.js';
import { startServe } from '../helpers/serve.js';
import { printPageHeap, timed } from './steps.js';

const count = Number(process.argv[2] ?? 50_000);
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'lita-bench-reader-'));

try {
  console.log(`reader benchmark: ${count} documents, ${os.cpus().length} cores, Node ${process.version}`);
  const configPath = await timed('write catalog', () => writeLargeCatalog(work, count));
  const service = createApiService(loadConfig(configPath, {}));
  await timed('libraryTree (cold)', () => service.libraryTree(undefined));
  await timed('listDocuments first page (cold: sort all)', () => service.listDocuments({ folder: [], offset: 0, limit: 200 }));
  await timed('listDocuments last page (cached order)', () => service.listDocuments({ folder: [], offset: count - 200, limit: 200 }));
  await timed('listDocuments one unit folder (cold)', () => service.listDocuments({ folder: ['Hälso- och sjukvård', 'Förvaltning 3'], offset: 0, limit: 200 }));
  await timed('search "49999" (title search)', () => service.search({ query: '49999', limit: 50 }));
  console.log(`service heap used                            ${(process.memoryUsage().heapUsed / 1024 ** 2).toFixed(0)} MiB`);
  service.close();

  const serve = await startServe(configPath);
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  });
  try {
    const page = await (await browser.newContext({ viewport: { width: 1366, height: 768 } })).newPage();
    await timed('browser: load → first row shown', async () => {
      await page.goto(serve.url);
      await page.getByRole('option').filter({ hasText: largeTitle(1) }).waitFor();
    });
    await page.getByTestId('document-list').focus();
    await timed('browser: End → last row shown', async () => {
      await page.keyboard.press('End');
      await page.locator(`[role=option][aria-posinset="${count}"]`).filter({ hasText: largeTitle(count) }).waitFor();
    });
    console.log(`browser: rows in the DOM                     ${await page.getByRole('option').count()}`);
    await printPageHeap(page);
  } finally {
    await browser.close();
    await serve.stop();
  }
} finally {
  fs.rmSync(work, { recursive: true, force: true });
}
