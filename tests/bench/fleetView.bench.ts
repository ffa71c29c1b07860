// Prints how quickly "Översikt datorer" handles a fleet (default 300 PCs): the API's read
// and analysis of the folder target and the CSV, then in Chromium at 1366×768 the time
// from the click to the full table, a sort, a filter, and the page's heap.
// Run: npx tsx tests/bench/fleetView.bench.ts [COUNT] (after `npm run build`: it runs the real `serve`).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { loadConfig } from '../../sync/config/loadConfig.js';
import { createApiService } from '../../sync/api/service.js';
import { writeFleetReports } from '../helpers/fleetReports.js';
import { writeConfig } from '../helpers/library.js';
import { startServe } from '../helpers/serve.js';
import { printPageHeap, timed } from './steps.js';

const count = Number(process.argv[2] ?? 300);
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'lita-bench-fleet-'));

try {
  console.log(`fleet benchmark: ${count} PCs, ${os.cpus().length} cores, Node ${process.version}`);
  const target = path.join(work, 'statusrapporter');
  await timed('write reports', () => writeFleetReports(target, count));
  fs.mkdirSync(path.join(work, 'källa'));
  const configPath = writeConfig(work, { libraries: [{ id: 'a', title: 'A', source: { type: 'folder', path: 'källa' } }], statusReport: { target } });
  const service = createApiService(loadConfig(configPath, {}));
  await timed('fleet() (read + analyse)', () => service.fleet(undefined));
  const csv = await timed('fleetCsv()', () => service.fleetCsv(undefined));
  console.log(`CSV size                                     ${(csv.text.length / 1024).toFixed(0)} KiB`);
  service.close();

  const serve = await startServe(configPath);
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  });
  try {
    const page = await (await browser.newContext({ viewport: { width: 1366, height: 768 } })).newPage();
    await page.goto(serve.url);
    await page.getByRole('button', { name: 'Översikt datorer' }).waitFor();
    const rows = page.getByTestId('fleet-table').locator('tbody tr');
    await timed('browser: click → full table shown', async () => {
      await page.getByRole('button', { name: 'Översikt datorer' }).click();
      await rows.nth(count - 1).waitFor();
    });
    await timed('browser: sort by Dator', async () => {
      await page.getByTestId('fleet-table').getByRole('button', { name: 'Dator', exact: true }).click();
      await page.locator('[data-testid=fleet-table] th[aria-sort=ascending]').waitFor();
    });
    await timed('browser: filter to one PC', async () => {
      await page.getByRole('searchbox', { name: 'Filtrera' }).fill('AVD-0042');
      await rows.nth(1).waitFor({ state: 'detached' });
    });
    console.log(`browser: rows after filter                   ${await rows.count()}`);
    await printPageHeap(page);
  } finally {
    await browser.close();
    await serve.stop();
  }
} finally {
  fs.rmSync(work, { recursive: true, force: true });
}
