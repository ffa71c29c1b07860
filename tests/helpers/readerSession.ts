// The reader as the end-to-end tests open it: `lita-reserv serve` on a config, Debian's
// Chromium at 1366×768 with every request recorded, and the page loaded until the library
// tree shows.
import type { Browser, BrowserContext, BrowserContextOptions, Page } from 'playwright-core';
import { launchChromium, watchPage, type PageWatch } from './chromium.js';
import { startServe, type ServeProcess } from './serve.js';

export interface ReaderSession {
  serve: ServeProcess;
  browser: Browser;
  context: BrowserContext;
  page: Page;
  watch: PageWatch;
}

export async function openReader(configPath: string, contextOptions: BrowserContextOptions = {}): Promise<ReaderSession> {
  const serve = await startServe(configPath);
  const browser = await launchChromium();
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, ...contextOptions });
  const page = await context.newPage();
  const watch = watchPage(page);
  await page.goto(serve.url);
  await page.getByRole('tree').getByText('Ledningssystem').waitFor();
  return { serve, browser, context, page, watch };
}
