// The memory policy must change how far the heap grows past what is alive, in a real
// process: the same work with and without it, measured by V8's own heap size.
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../helpers/cli.js';

// ~30 MB kept alive, and batches that live long enough to reach the old generation, then die.
const churn = (withPolicy: boolean) => `
  ${withPolicy ? `(await import(${JSON.stringify(pathToFileURL(path.join(repoRoot, 'dist', 'sync', 'memoryPolicy.js')).href)})).applyMemoryPolicy();` : ''}
  const v8 = await import('node:v8');
  const live = Array.from({ length: 150_000 }, (_, i) => ({ i, s: 'live ' + i }));
  let peak = 0;
  for (let round = 0; round < 40; round++) {
    let batch = Array.from({ length: 100_000 }, (_, i) => ({ round, i, s: 'garbage ' + i }));
    await new Promise((r) => setImmediate(r));
    await new Promise((r) => setTimeout(r, 1));
    batch = null;
    peak = Math.max(peak, v8.getHeapStatistics().total_heap_size);
  }
  console.log(JSON.stringify({ peak, live: live.length }));
`;

function peakHeap(withPolicy: boolean): number {
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', churn(withPolicy)], { encoding: 'utf8' });
  return (JSON.parse(out) as { peak: number }).peak;
}

describe('memory policy', () => {
  it('keeps the heap much closer to what is alive than V8 does by default', () => {
    const withPolicy = peakHeap(true);
    const without = peakHeap(false);
    expect(withPolicy, `${(withPolicy / 2 ** 20).toFixed(0)} MB with the policy, ${(without / 2 ** 20).toFixed(0)} MB without`).toBeLessThan(without * 0.75);
  });
});
