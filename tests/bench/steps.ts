// The line-per-step output of the small benchmark scripts (bench:reader, bench:fleet):
// a step's label and how long it took, and the heap a page in Chromium uses.
import { performance } from 'node:perf_hooks';
import type { Page } from 'playwright-core';

/** Runs one step, prints "label   N ms", and returns what the step returned. */
export async function timed<T>(label: string, fn: () => Promise<T> | T): Promise<T> {
  const t0 = performance.now();
  const value = await fn();
  console.log(`${label.padEnd(44)} ${(performance.now() - t0).toFixed(0)} ms`);
  return value;
}

/** Prints the JS heap the page uses (Chromium's performance.memory). */
export async function printPageHeap(page: Page): Promise<void> {
  const heap = await page.evaluate(() => (performance as unknown as { memory?: { usedJSHeapSize: number } }).memory?.usedJSHeapSize ?? 0);
  console.log(`browser: JS heap used                        ${(heap / 1024 ** 2).toFixed(0)} MiB`);
}
