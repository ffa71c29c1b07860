// Text extraction in worker threads, on real files: PDFs made with pdf-lib (text, scanned,
// damaged), Word, HTML and text files, and the limits that keep a bad document from
// stalling or crashing a sync (time, memory, crash → replaced worker).
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ExtractorPool } from '../../sync/extract/extractorPool.js';
import { normalizeText, type ExtractionOutcome } from '../../sync/extract/extractText.js';
import { tempDir } from '../helpers/tempDir.js';
import { crowdedPagePdf, docx, imageOnlyPdf, textPdf, truncatedPdf } from '../helpers/documents.js';

let dir: string;
const file = (name: string) => path.join(dir, name);

function expectText(o: ExtractionOutcome): string {
  expect(o.status, JSON.stringify(o).slice(0, 300)).toBe('text');
  return o.status === 'text' ? o.text : '';
}

function expectNone(o: ExtractionOutcome, reason: RegExp): void {
  expect(o, JSON.stringify(o).slice(0, 300)).toMatchObject({ status: 'none', reason: expect.stringMatching(reason) });
}

beforeAll(async () => {
  dir = tempDir('lita-extract-');
  fs.writeFileSync(file('rutin.pdf'), await textPdf([['Hjärtstopp – rutin för vuxna', 'Överflyttning till IVA efter stabilisering.'], ['Sida två: narkotikaklassade läkemedel.']]));
  fs.writeFileSync(file('skannad.pdf'), await imageOnlyPdf());
  fs.writeFileSync(file('avklippt.pdf'), await truncatedPdf());
  fs.writeFileSync(file('skräp.pdf'), '%PDF-1.7\nthis is not a pdf at all\n%%EOF');
  fs.writeFileSync(file('stor.pdf'), await textPdf(Array.from({ length: 600 }, (_, i) => Array.from({ length: 40 }, () => `Rad på sida ${i} med vårdhygien och handsprit`))));
  fs.writeFileSync(file('pm.docx'), docx(['PM vårdhygien', 'Handdesinfektion före och efter patientkontakt.']));
  // An encrypted Office document is an OLE compound file, whatever its extension says.
  fs.writeFileSync(file('låst.docx'), Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(4096)]));
  fs.writeFileSync(file('sida.html'), '<html><head><meta charset="utf-8"><title>Reservrutin</title><script>var hemligt = 1;</script><style>p{}</style></head><body><p>Vid IT-avbrott: anv&auml;nd <b>pappersjournal</b>&nbsp;&amp; telefon.</p></body></html>');
  fs.writeFileSync(file('gammal.txt'), Buffer.from('Överflyttning sker på natten. Åtgärd: ring jouren.', 'latin1'));
  fs.writeFileSync(file('tabell.xlsx'), Buffer.from('PK\u0003\u0004 not really read'));
});

describe('extraction', () => {
  const pool = new ExtractorPool({ size: 2, limits: { timeoutMs: 60_000 } });
  afterAll(() => pool.close());
  const run = (name: string, contentType: string | null = null) => pool.extract({ file: file(name), fileName: name, contentType });

  it('reads the text of a PDF, page by page, normalised (NFKC)', async () => {
    const text = expectText(await run('rutin.pdf', 'application/pdf'));
    expect(text).toContain('Hjärtstopp – rutin för vuxna');
    expect(text).toContain('Överflyttning till IVA');
    expect(text).toContain('narkotikaklassade');
    expect(text).toBe(text.normalize('NFKC'));
  });

  it('marks scanned, damaged and encrypted documents as having no searchable text, with the reason', async () => {
    expectNone(await run('skannad.pdf'), /ingen text.*inskannade/);
    expectNone(await run('skräp.pdf'), /skadad|kunde inte läsas|inga sidor/);
    expectNone(await run('låst.docx'), /lösenordsskyddat/);
    expectNone(await run('tabell.xlsx'), /filtypen \.xlsx läses inte/);
    const cut = await run('avklippt.pdf');
    expect(['text', 'none']).toContain(cut.status);
  });

  it('reads Word, HTML and old Windows-1252 text files', async () => {
    expect(expectText(await run('pm.docx'))).toBe('PM vårdhygien\nHanddesinfektion före och efter patientkontakt.');
    const html = expectText(await run('sida.html', 'text/html; charset=utf-8'));
    expect(html).toContain('Vid IT-avbrott: använd pappersjournal & telefon.');
    expect(html).not.toContain('hemligt');
    expect(expectText(await run('gammal.txt'))).toBe('Överflyttning sker på natten. Åtgärd: ring jouren.');
  });

  it('says when the stored file is missing, so it is retried rather than marked', async () => {
    expect(await run('finns-inte.pdf')).toMatchObject({ status: 'failed' });
  });

  it('keeps only the start of a very long text', async () => {
    const small = new ExtractorPool({ size: 1, limits: { maxChars: 5000 } });
    try {
      const outcome = await small.extract({ file: file('stor.pdf'), fileName: 'stor.pdf', contentType: null });
      expect(outcome).toMatchObject({ status: 'text', truncated: true });
      expect(expectText(outcome).length).toBeLessThanOrEqual(5000);
    } finally {
      await small.close();
    }
  });
});

describe('normalizeText', () => {
  it('folds ligatures and decomposed letters, drops soft hyphens and control characters, and bounds the length', () => {
    expect(normalizeText('Det \ufb01nns a\u030Angest\u00adlig  text\r\n\u0002här\u0000', false, 1000)).toEqual({
      status: 'text', text: 'Det finns ångestlig text\nhär', truncated: false,
    });
    expect(normalizeText('ord '.repeat(100), false, 50)).toMatchObject({ status: 'text', truncated: true });
    expect(normalizeText(' \n\t ', false, 50)).toEqual({ status: 'none', reason: 'dokumentet innehåller ingen text' });
  });
});

describe('limits', () => {
  it('stops a document that takes too long and goes on with a fresh worker', async () => {
    // PDFium needs about four seconds on this page here; a fast PC still needs well over the limit.
    fs.writeFileSync(file('trång.pdf'), await crowdedPagePdf(600_000));
    const pool = new ExtractorPool({ size: 1, limits: { timeoutMs: 500 } });
    try {
      expectText(await pool.extract({ file: file('pm.docx'), fileName: 'pm.docx', contentType: null }));
      const started = Date.now();
      expectNone(await pool.extract({ file: file('trång.pdf'), fileName: 'trång.pdf', contentType: null }), /tog för lång tid \(gränsen är 500 ms\)/);
      expect(Date.now() - started).toBeLessThan(10_000);
      expect(expectText(await pool.extract({ file: file('pm.docx'), fileName: 'pm.docx', contentType: null }))).toContain('PM vårdhygien');
    } finally {
      await pool.close();
    }
  });

  it('stops a document that needs more memory than allowed and goes on', async () => {
    // Word builds a tree of every paragraph: 700 000 of them outgrow a 256 MB heap.
    const big = file('enorm.docx');
    fs.writeFileSync(big, docx(Array.from({ length: 700_000 }, (_, i) => `Stycke ${i} om vårdhygien och handsprit`)));
    // A million text objects on one page hold more than 512 MB in PDFium.
    const crowded = file('trångare.pdf');
    fs.writeFileSync(crowded, await crowdedPagePdf(1_000_000));
    const pool = new ExtractorPool({ size: 1, limits: { maxMemoryMb: 256, maxInputBytes: 1024 ** 3 } });
    try {
      expectText(await pool.extract({ file: file('pm.docx'), fileName: 'pm.docx', contentType: null }));
      expectNone(await pool.extract({ file: big, fileName: 'enorm.docx', contentType: null }), /mer minne än gränsen \(256 MB\)/);
      expectText(await pool.extract({ file: file('rutin.pdf'), fileName: 'rutin.pdf', contentType: null }));
      // PDFium's WebAssembly heap is outside the V8 heap the worker's resourceLimits bound: it has its own limit.
      expectNone(await pool.extract({ file: crowded, fileName: 'trång.pdf', contentType: null }), /mer minne än gränsen \(256 MB\)/);
      expectText(await pool.extract({ file: file('rutin.pdf'), fileName: 'rutin.pdf', contentType: null }));
    } finally {
      await pool.close();
      fs.rmSync(big);
      fs.rmSync(crowded);
    }
  });

  it('refuses files above the size limit without reading them', async () => {
    const pool = new ExtractorPool({ size: 1, limits: { maxInputBytes: 1024 } });
    try {
      expectNone(await pool.extract({ file: file('rutin.pdf'), fileName: 'rutin.pdf', contentType: null }), /för stor för textsökning/);
    } finally {
      await pool.close();
    }
  });

  it('answers jobs still waiting when it is closed, instead of leaving them hanging', async () => {
    const pool = new ExtractorPool({ size: 1 });
    const jobs = Array.from({ length: 5 }, () => pool.extract({ file: file('stor.pdf'), fileName: 'stor.pdf', contentType: null }));
    await pool.close();
    const outcomes = await Promise.all(jobs);
    expect(outcomes.every((o) => o.status === 'failed')).toBe(true);
    expect(await pool.extract({ file: file('rutin.pdf'), fileName: 'rutin.pdf', contentType: null })).toMatchObject({ status: 'failed' });
  });
});
