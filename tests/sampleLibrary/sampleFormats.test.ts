// Every generated sample opens in the readers the app uses: PDFs in pdf.js (and poppler's
// pdftotext) with the Swedish letters extractable as text, DOCX in mammoth with headings
// as headings. One generation is shared by the whole file.
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { beforeAll, describe, expect, it } from 'vitest';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import mammoth from 'mammoth';
import { strFromU8, unzipSync } from 'fflate';
import { DOMParser } from '@xmldom/xmldom';
import { generateSampleLibrary } from '../../build/sample-library/generate.js';
import { SAMPLE_NOTICE, sourceFileName, sourceFolder, type SampleDocument } from '../../build/sample-library/sampleDocument.js';
import { requireProgram } from '../helpers/systemProgram.js';
import { tempDir } from '../helpers/tempDir.js';

// pdf.js reads the metrics of the standard 14 fonts from here rather than guessing them.
const standardFontDataUrl = `${path.join(path.dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json')), 'standard_fonts')}${path.sep}`;
const pdftotext = requireProgram('pdftotext', 'checks the text layer of the sample PDFs', ['/usr/bin/pdftotext']);

let out: string;
let docs: SampleDocument[];
const fileOf = (d: SampleDocument) => path.join(out, ...sourceFolder(d), sourceFileName(d));
const squash = (s: string) => s.replace(/\s+/g, ' ').trim();
const firstHeading = (d: SampleDocument) => d.body.find((b) => b.kind === 'heading')!.text as string;

beforeAll(async () => {
  out = tempDir();
  docs = (await generateSampleLibrary(out)).documents;
});

async function pdfText(file: string): Promise<{ text: string; pages: number; title: unknown }> {
  const pdf = await getDocument({ data: new Uint8Array(fs.readFileSync(file)), useSystemFonts: false, isEvalSupported: false, standardFontDataUrl }).promise;
  try {
    const pages: string[] = [];
    for (let n = 1; n <= pdf.numPages; n++) {
      const content = await (await pdf.getPage(n)).getTextContent();
      pages.push(content.items.map((item) => ('str' in item ? item.str + (item.hasEOL ? '\n' : '') : '')).join(''));
    }
    const { info } = await pdf.getMetadata();
    return { text: pages.join('\n'), pages: pdf.numPages, title: (info as Record<string, unknown>).Title };
  } finally {
    await pdf.destroy();
  }
}

describe('sample PDFs', () => {
  it('open in pdf.js with title, notice and headings as text, å ä ö intact', async () => {
    const pdfs = docs.filter((d) => d.format === 'pdf');
    expect(pdfs.length).toBeGreaterThan(0);
    let multiPage = 0;
    for (const d of pdfs) {
      const { text, pages, title } = await pdfText(fileOf(d));
      const flat = squash(text);
      expect(flat, d.id).toContain(d.title);
      expect(flat, d.id).toContain(SAMPLE_NOTICE);
      expect(flat, d.id).toContain(firstHeading(d));
      expect(flat, d.id).toContain(d.metadata.owner);
      expect(title, d.id).toBe(d.title);
      // The notice is on every page's header.
      expect(flat.split(SAMPLE_NOTICE).length - 1, d.id).toBeGreaterThanOrEqual(pages);
      if (pages > 1) multiPage++;
    }
    expect(multiPage).toBeGreaterThan(0);
    const swedish = squash((await pdfText(fileOf(pdfs.find((d) => d.id === 'DOC-1042')!))).text);
    expect(swedish).toContain('Hjärtstopp – rutin för vuxna (HLR)');
    expect(swedish).toContain('bröstkompressioner');
  });

  it.skipIf(!pdftotext)('have a text layer poppler reads too', () => {
    for (const d of docs.filter((doc) => doc.format === 'pdf')) {
      const text = execFileSync(pdftotext!, ['-enc', 'UTF-8', fileOf(d), '-'], { encoding: 'utf8' });
      expect(squash(text), d.id).toContain(d.title);
      expect(squash(text), d.id).toContain(SAMPLE_NOTICE);
    }
  });
});

describe('sample DOCX files', () => {
  it('convert with mammoth: title and headings in the raw text, Heading1 as <h1>, lists as lists', async () => {
    const docx = docs.filter((d) => d.format === 'docx');
    expect(docx.length).toBeGreaterThan(0);
    for (const d of docx) {
      const buffer = fs.readFileSync(fileOf(d));
      const raw = (await mammoth.extractRawText({ buffer })).value;
      expect(raw, d.id).toContain(d.title);
      expect(raw, d.id).toContain(firstHeading(d));
      expect(raw, d.id).toContain(SAMPLE_NOTICE);
      const html = (await mammoth.convertToHtml({ buffer })).value;
      expect(html, d.id).toContain(`<h1>${firstHeading(d)}</h1>`);
      expect(html, d.id).toMatch(/<(ul|ol)><li>/);
      const subheading = d.body.find((b) => b.kind === 'heading' && b.level === 2);
      if (subheading && subheading.kind === 'heading') expect(html, d.id).toContain(`<h2>${subheading.text}</h2>`);
    }
  });

  it('carry the title in docProps/core.xml and the parts a Word package needs', () => {
    for (const d of docs.filter((doc) => doc.format === 'docx')) {
      const parts = unzipSync(new Uint8Array(fs.readFileSync(fileOf(d))));
      for (const name of ['[Content_Types].xml', '_rels/.rels', 'word/document.xml', 'word/styles.xml', 'word/_rels/document.xml.rels', 'docProps/core.xml']) {
        expect(parts[name], `${d.id} ${name}`).toBeDefined();
      }
      for (const [name, bytes] of Object.entries(parts)) {
        const problems: string[] = [];
        new DOMParser({ onError: (level, msg) => void (level !== 'warning' && problems.push(msg)) }).parseFromString(strFromU8(bytes), 'text/xml');
        expect(problems, `${d.id} ${name}`).toEqual([]);
      }
      const core = new DOMParser().parseFromString(strFromU8(parts['docProps/core.xml']!), 'text/xml');
      expect(core.getElementsByTagNameNS('http://purl.org/dc/elements/1.1/', 'title')[0]?.textContent, d.id).toBe(d.title);
    }
  });
});
