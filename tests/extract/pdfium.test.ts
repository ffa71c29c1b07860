// PDFium (WebAssembly) as the PDF text reader, on real PDFs: made with pdf-lib here, and
// corpus files for what pdf-lib cannot make (encrypted, XFA, damaged). Checks the text it
// gives, which files it hands to pdf.js, and that a long run of documents frees its heap.
import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { PdfiumTextReader } from '../../sync/extract/pdfiumText.js';
import { loadPdfParsers, pdfFileText, pdfText } from '../../sync/extract/pdfText.js';
import { normalizeText } from '../../sync/extract/extractText.js';
import { findCorpusDir } from '../helpers/corpus.js';
import { imageOnlyPdf, textPdf, truncatedPdf } from '../helpers/documents.js';
import { tempDir } from '../helpers/tempDir.js';

const reader = await PdfiumTextReader.load(512);
const bytes = (b: Buffer) => new Uint8Array(b.buffer, b.byteOffset, b.byteLength);

/** The text as the index gets it (normalised like every extracted text). */
function textOf(outcome: ReturnType<PdfiumTextReader['read']>): string {
  const normal = outcome.status === 'text' ? normalizeText(outcome.text, false, 1e6) : outcome;
  expect(normal.status, JSON.stringify(outcome).slice(0, 300)).toBe('text');
  return normal.status === 'text' ? normal.text : '';
}

describe('PDFium text', () => {
  it('reads Swedish letters, word spaces and lines, page after page', async () => {
    const pdf = await textPdf([
      ['Hjärtstopp – rutin för vuxna på avdelning Ö2', 'Åtgärd: larma 2222 och påbörja HLR.'],
      ['Sida två: läkemedelsgenomgång och överrapportering.'],
    ]);
    expect(textOf(reader.read(bytes(pdf), 1e6))).toBe(
      'Hjärtstopp – rutin för vuxna på avdelning Ö2\nÅtgärd: larma 2222 och påbörja HLR.\nSida två: läkemedelsgenomgång och överrapportering.',
    );
  });

  it('joins a word hyphenated across a line break, so the whole word is found', async () => {
    const pdf = await textPdf([['Avtalet om dubbelbeskatt-', 'ningsavtal gäller alla nordiska länder.']]);
    expect(textOf(reader.read(bytes(pdf), 1e6))).toContain('dubbelbeskattningsavtal gäller');
  });

  it('stops reading pages once it has maxChars characters', async () => {
    const pdf = await textPdf(Array.from({ length: 20 }, (_, p) => [`Sida ${p} om basala hygienrutiner i vården`]));
    const outcome = reader.read(bytes(pdf), 100);
    expect(outcome).toMatchObject({ status: 'text', truncated: true });
    expect(outcome.status === 'text' && outcome.text.split('\n').length).toBeLessThan(6);
  });

  it('says a scanned PDF has no text, and hands a damaged one to pdf.js', async () => {
    expect(reader.read(bytes(await imageOnlyPdf()), 1e6)).toEqual({ status: 'none', reason: 'PDF:en innehåller ingen text, troligen inskannade bilder' });
    expect(reader.read(bytes(Buffer.from('%PDF-1.7\nnot a pdf\n%%EOF')), 1e6)).toMatchObject({ status: 'fallback' });
    expect(['text', 'none', 'fallback']).toContain(reader.read(bytes(await truncatedPdf()), 1e6).status);
    expect(reader.broken).toBeNull();
  });

  it('frees everything it allocates: 200 documents, as many as a worker reads, leave the heap as it was', async () => {
    const line = (p: number, l: number) => `Sida ${p} rad ${l}: handhygien före och efter varje patientkontakt, även med handskar på`;
    const pdf = bytes(await textPdf(Array.from({ length: 10 }, (_, p) => Array.from({ length: 50 }, (_, l) => line(p, l)))));
    // 400 KB of filler after %%EOF: a leaked copy of the file per document would grow the heap by 80 MB,
    // a leaked text buffer (some 10 KB a page) by 19 MB.
    const padded = new Uint8Array(pdf.length + 400_000);
    padded.set(pdf);
    // A heap bounded just above what one document needs: what leaks runs out of room.
    const tight = await PdfiumTextReader.load(Math.ceil(reader.heapBytes / 2 ** 20) + 4);
    textOf(tight.read(padded, 1e6));
    const before = tight.heapBytes;
    for (let i = 0; i < 200; i++) textOf(tight.read(padded, 1e6));
    expect(tight.broken).toBeNull();
    expect(tight.heapBytes - before).toBeLessThan(1024 * 1024);
  });

  it('reads a file straight into its heap as it reads the same bytes in memory, and frees it after', async () => {
    const file = path.join(tempDir(), 'rutin.pdf');
    fs.writeFileSync(file, await textPdf([['Reservrutin vid IT-avbrott: skriv på papper', 'Överrapportera muntligt.']]));
    const fd = fs.openSync(file, 'r');
    try {
      const size = fs.fstatSync(fd).size;
      const fromMemory = reader.read(bytes(fs.readFileSync(file)), 1e6);
      expect(reader.readFile(fd, size, 1e6)).toEqual(fromMemory);
      const before = reader.heapBytes;
      for (let i = 0; i < 50; i++) reader.readFile(fd, size, 1e6);
      expect(reader.heapBytes).toBe(before);
      // A file shorter than it was said to be is handed to pdf.js, which reads it again.
      expect(reader.readFile(fd, size + 100, 1e6)).toMatchObject({ status: 'fallback', why: 'the file changed while it was read' });
    } finally {
      fs.closeSync(fd);
    }
    const text = await pdfFileTextOf(file);
    expect(text).toMatchObject({ status: 'text' });
  });
});

async function pdfFileTextOf(file: string) {
  await loadPdfParsers(512);
  const fd = fs.openSync(file, 'r');
  try {
    return await pdfFileText(fd, fs.fstatSync(fd).size, 1e6);
  } finally {
    fs.closeSync(fd);
  }
}

const corpus = findCorpusDir();
if (!corpus) console.warn('\n*** SKIPPING PDFium corpus checks: shared test corpus not found (set LITA_CORPUS_DIR) ***\n');

describe.skipIf(!corpus)('PDFium and its pdf.js fallback on corpus files', () => {
  const read = (p: string) => bytes(fs.readFileSync(`${corpus}/${p}`));

  it('reads a Swedish government bill with its hyphenated words joined', () => {
    const text = textOf(reader.read(read('sv-public-sector/ferenda/prop-1999-2000-17_custom-encoding.pdf'), 1e6));
    expect(text).toContain('Avtal mellan Sverige och Danmark om beskattning\nav anställda ombord på färjor och tåg m.m.');
    expect(text).toContain('om dubbelbeskattningsavtal mellan de nordiska länderna');
  });

  it('knows a password-protected PDF without asking pdf.js', () => {
    expect(reader.read(read('pdf-stress/pdfjs/encrypted-user-password/issue3371.pdf'), 1e6)).toEqual({ status: 'none', reason: 'PDF:en är lösenordsskyddad (krypterad)' });
  });

  it('hands XFA forms and files it cannot repair to pdf.js, which reads them', async () => {
    const xfa = read('pdf-stress/pdfjs/forms-attachments/xfa_filled_imm1344e.pdf');
    const brotli = read('pdf-stress/pdfjs/broken/Brotli-Prototype-FileA.pdf');
    expect(reader.read(xfa, 1e6)).toMatchObject({ status: 'fallback' });
    expect(reader.read(brotli, 1e6)).toMatchObject({ status: 'fallback' });
    await loadPdfParsers(512);
    expect(await pdfText(xfa, 1e6)).toMatchObject({ status: 'text', text: expect.stringContaining('PROTECTED WHEN COMPLETED') });
    expect(await pdfText(brotli, 1e6)).toMatchObject({ status: 'text', text: expect.stringContaining('SHEET INDEX') });
  });
});
