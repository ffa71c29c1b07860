// Every file of the shared corpus of real-world documents (broken, encrypted, scanned,
// non-Latin PDFs, Office files including encrypted and truncated ones) is either read for
// text or marked as having none, with a reason, within its limits: no crash, no hang.
import { afterAll, describe, expect, it } from 'vitest';
import { ExtractorPool } from '../../sync/extract/extractorPool.js';
import type { ExtractionOutcome } from '../../sync/extract/extractText.js';
import { requireCorpus, type CorpusFile } from '../helpers/corpus.js';

const corpus = requireCorpus('the extraction suite reads every corpus file');
const TIMEOUT_MS = 30_000;

/** pdftotext's count of non-space characters, from MANIFEST.tsv's `auto` column (PDFs only). */
function textChars(f: CorpusFile): number | null {
  const m = /nonspace_text_chars=(\d+)/.exec(f.auto);
  return m ? Number(m[1]) : null;
}

describe.skipIf(!corpus)('the shared corpus', () => {
  const pool = new ExtractorPool({ size: 2, limits: { timeoutMs: TIMEOUT_MS, maxMemoryMb: 512 } });
  afterAll(() => pool.close());
  const outcomes = new Map<string, { outcome: ExtractionOutcome; ms: number }>();

  it('extracts or marks every file, each within the time limit', async () => {
    const started = Date.now();
    await Promise.all(
      corpus!.map(async (f) => {
        const t = Date.now();
        const outcome = await pool.extract({ file: f.absolute, fileName: f.path.split('/').at(-1)!, contentType: null });
        outcomes.set(f.path, { outcome, ms: Date.now() - t });
      }),
    );
    expect(outcomes.size).toBe(corpus!.length);
    for (const [file, { outcome }] of outcomes) {
      expect(outcome.status, file).not.toBe('failed');
      if (outcome.status === 'none') expect(outcome.reason.length, file).toBeGreaterThan(10);
      if (outcome.status === 'text') expect(outcome.text.trim().length, file).toBeGreaterThan(0);
    }
    // Two workers, each document bounded: the whole corpus cannot take longer than this.
    expect(Date.now() - started).toBeLessThan((corpus!.length * TIMEOUT_MS) / 2);
  }, 600_000);

  it('says why encrypted, scanned and unsupported files have no text, and reads the rest', () => {
    const get = (p: string) => outcomes.get(p)!.outcome;
    for (const f of corpus!) {
      const o = get(f.path);
      if (f.category === 'pdf-stress:encrypted-user-password') {
        expect(o, f.path).toMatchObject({ status: 'none', reason: expect.stringMatching(/lösenordsskyddad/) });
      } else if (f.category === 'pdf-stress:scanned-image-only' && textChars(f) === 0) {
        expect(o, f.path).toMatchObject({ status: 'none' });
      } else if (f.category === 'pdf-stress:text' || (f.category === 'sv-public-sector' && (textChars(f) ?? 0) > 500)) {
        expect(o.status, f.path).toBe('text');
      } else if (/\.(xlsx?|xlsm|ods|doc)$/i.test(f.path)) {
        expect(o, f.path).toMatchObject({ status: 'none', reason: expect.stringMatching(/läses inte för textsökning/) });
      }
    }
    expect(get('office/poi/protected_agile.docx')).toMatchObject({ status: 'none', reason: expect.stringMatching(/lösenordsskyddat/) });
    expect(get('office/poi/truncated62886.docx')).toMatchObject({ status: 'none', reason: expect.stringMatching(/skadat eller ofullständigt/) });
  });

  it('reads Swedish text with its letters intact', () => {
    const afs = outcomes.get('sv-public-sector/ferenda/AFS-2011-19_Kemiska-arbetsmiljorisker.pdf')!.outcome;
    expect(afs.status === 'text' && afs.text).toContain('Kemiska arbetsmiljörisker');
    const md = outcomes.get('sv-public-sector/riktlinjer-md/Sundsvall_riktlinjer-oppenkallkod.md')!.outcome;
    expect(md.status === 'text' && md.text).toContain('öppen källkod');
  });
});
