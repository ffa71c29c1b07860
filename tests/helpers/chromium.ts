// Debian's Chromium driven by playwright-core, with every request the page makes recorded
// so a test can prove nothing leaves loopback, and CSP violations and page errors caught.
import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { requireProgram } from './systemProgram.js';
import { repoRoot } from './cli.js';

export const chromiumPath = requireProgram('chromium', 'the reader end-to-end tests run in it', ['/usr/bin/chromium']);

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath!,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  });
}

export interface PageWatch {
  requests: string[];
  problems: string[];
}

/** Records every request URL, page error and CSP violation of `page`. */
export function watchPage(page: Page): PageWatch {
  const watch: PageWatch = { requests: [], problems: [] };
  page.on('request', (r) => watch.requests.push(r.url()));
  page.on('pageerror', (e) => watch.problems.push(`page error: ${e.message}`));
  page.on('console', (m) => {
    if (/Content Security Policy|Refused to/i.test(m.text())) watch.problems.push(`CSP: ${m.text()}`);
  });
  return watch;
}

/** Hosts of every http(s)/ws request; data: and blob: URLs stay in the page. */
export function requestHosts(urls: readonly string[]): Set<string> {
  const hosts = new Set<string>();
  for (const u of urls) {
    const url = new URL(u);
    if (url.protocol === 'data:' || url.protocol === 'blob:') continue;
    hosts.add(url.hostname);
  }
  return hosts;
}

export const artifactsDir = path.join(repoRoot, 'test-results', 'reader');

export async function screenshot(page: Page, name: string): Promise<string> {
  fs.mkdirSync(artifactsDir, { recursive: true });
  const file = path.join(artifactsDir, `${name}.png`);
  await page.screenshot({ path: file });
  return file;
}

/** axe-core's serious and critical violations on the page as it is now. */
export async function axeViolations(page: Page): Promise<string[]> {
  const axeSource = fs.readFileSync(path.join(repoRoot, 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');
  // Evaluated through the DevTools protocol, which the page's CSP does not govern.
  await page.evaluate(axeSource);
  const violations = await page.evaluate(async () => {
    // Runs in the page: its globals, typed here by hand (the tests compile without DOM types).
    const page = globalThis as unknown as {
      document: unknown;
      axe: { run(ctx: unknown, opts: object): Promise<{ violations: { id: string; impact: string | null; help: string; nodes: { target: unknown[] }[] }[] }> };
    };
    const result = await page.axe.run(page.document, { resultTypes: ['violations'] });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.map((n) => JSON.stringify(n.target)).slice(0, 5) }));
  });
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.impact} ${v.id}: ${v.help} ${v.targets.join(' ')}`);
}
