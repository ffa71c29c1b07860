import { describe, expect, it } from 'vitest';
import { ParserUnavailableError, parserModule } from '../../sync/extract/parserModule.js';

describe('parserModule', () => {
  it('loads once and hands every caller the same module', async () => {
    let loads = 0;
    const load = parserModule('test', async () => ({ n: ++loads }));
    const [a, b] = await Promise.all([load(), load()]);
    expect(a).toBe(b);
    expect(await load()).toBe(a);
    expect(loads).toBe(1);
  });

  it('reports a failed load as the installation fault it is, and tries again next time', async () => {
    let attempts = 0;
    const load = parserModule('pdf.js', async () => {
      attempts++;
      if (attempts === 1) throw new Error("Cannot find package 'pdfjs-dist'");
      return 'loaded';
    });
    const failure = await load().catch((err: unknown) => err);
    expect(failure).toBeInstanceOf(ParserUnavailableError);
    expect((failure as Error).message).toBe("pdf.js kunde inte laddas (Cannot find package 'pdfjs-dist')");
    expect(await load()).toBe('loaded');
    expect(attempts).toBe(2);
  });
});
