// Text from a PDF with pdf.js (legacy build: runs in plain Node, inside an extraction
// worker), for the files PDFium cannot open (pdfText.ts): pdf.js repairs more kinds of
// damage and lays out XFA forms. Nothing is rendered and no fonts are loaded: only the text
// operators are read. Encrypted, damaged and image-only PDFs come back as "no searchable
// text" with the reason.
import { createRequire } from 'node:module';
import path from 'node:path';
import type * as PdfJsModule from 'pdfjs-dist/legacy/build/pdf.mjs';
import type { ExtractedText } from '../search/documentText.js';
import { parserModule } from './parserModule.js';

type PdfJs = typeof PdfJsModule;

// pdf.js reads its CMaps (needed for the text of many CJK and some older PDFs) from disk in Node.
const cMapUrl = `${path.join(path.dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json')), 'cmaps')}${path.sep}`;

/** pdf.js, loaded by the first document PDFium cannot open. */
const loadPdfjs = parserModule('pdf.js', (): Promise<PdfJs> => import('pdfjs-dist/legacy/build/pdf.mjs'));

export async function pdfjsText(data: Uint8Array, maxChars: number): Promise<ExtractedText> {
  const { getDocument } = await loadPdfjs();
  const task = getDocument({
    data,
    cMapUrl,
    cMapPacked: true,
    isEvalSupported: false,
    disableFontFace: true,
    useSystemFonts: false,
    useWorkerFetch: false,
    isOffscreenCanvasSupported: false,
    enableXfa: true,
    stopAtErrors: false,
    verbosity: 0,
  });
  let doc;
  try {
    doc = await task.promise;
  } catch (err) {
    await task.destroy();
    return { status: 'none', reason: pdfFailure(err) };
  }
  try {
    return await readPages(doc, maxChars);
  } finally {
    await task.destroy();
  }
}

type PdfDocument = Awaited<ReturnType<PdfJs['getDocument']>['promise']>;

async function readPages(doc: PdfDocument, maxChars: number): Promise<ExtractedText> {
  const parts: string[] = [];
  let length = 0;
  let unreadable = 0;
  for (let n = 1; n <= doc.numPages; n++) {
    if (length >= maxChars) return { status: 'text', text: parts.join('\n'), truncated: true };
    try {
      const page = await doc.getPage(n);
      // normalizeText applies NFKC to all text (ligatures such as "ﬁ" become "fi"), so pdf.js need not.
      const content = await page.getTextContent({ disableNormalization: true });
      let text = '';
      for (const item of content.items) {
        if (!('str' in item)) continue;
        text += item.str;
        if (item.hasEOL) text += '\n';
      }
      page.cleanup();
      parts.push(text);
      length += text.length + 1;
    } catch {
      // One damaged page must not cost the rest of the document its text.
      unreadable++;
    }
  }
  const text = parts.join('\n');
  if (doc.numPages === 0) return { status: 'none', reason: 'PDF:en har inga sidor (filen är troligen skadad)' };
  if (text.trim() === '') {
    return {
      status: 'none',
      reason:
        unreadable > 0 && unreadable === doc.numPages
          ? 'PDF:ens sidor är skadade och kunde inte läsas'
          : 'PDF:en innehåller ingen text, troligen inskannade bilder',
    };
  }
  return { status: 'text', text, truncated: false };
}

function pdfFailure(err: unknown): string {
  const name = err instanceof Error ? err.name : '';
  if (name === 'PasswordException') return 'PDF:en är lösenordsskyddad (krypterad)';
  if (name === 'InvalidPDFException') return 'filen är skadad eller ingen giltig PDF';
  const message = err instanceof Error ? err.message : String(err);
  return `PDF:en kunde inte läsas (${message.slice(0, 200)})`;
}
