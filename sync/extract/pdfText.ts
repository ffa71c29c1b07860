// Text from a PDF: PDFium (pdfiumText.ts) reads it; the few files PDFium cannot open —
// damaged beyond its repair, XFA-only forms, or any file after PDFium itself failed — go
// to pdf.js (pdfjsText.ts), which is slower but repairs more. PDFium is loaded once per
// extraction worker, before it reports ready; pdf.js by the first file that needs it.
import fs from 'node:fs';
import type { ExtractedText } from '../search/documentText.js';
import { PdfiumTextReader } from './pdfiumText.js';
import { pdfjsText } from './pdfjsText.js';

let pdfium: Promise<PdfiumTextReader> | undefined;

/** Loads PDFium, its heap bounded by `memoryLimitMb`. */
export async function loadPdfParsers(memoryLimitMb: number): Promise<void> {
  pdfium ??= PdfiumTextReader.load(memoryLimitMb);
  await pdfium;
}

/** Why the parser in this worker cannot be used again (the worker must be replaced), if so. */
export async function pdfParserBroken(): Promise<{ reason: string; outOfMemory: boolean } | null> {
  return pdfium ? (await pdfium).broken : null;
}

export async function pdfText(data: Uint8Array, maxChars: number): Promise<ExtractedText> {
  const reader = await loadedReader();
  const outcome = reader.read(data, maxChars);
  // pdf.js takes ownership of (detaches) the buffer it is given.
  return outcome.status === 'fallback' ? fallback(reader, () => data.slice(), maxChars) : outcome;
}

/** The text of an open PDF file of `size` bytes, read straight into PDFium (pdfiumText.ts readFile). */
export async function pdfFileText(fd: number, size: number, maxChars: number): Promise<ExtractedText> {
  const reader = await loadedReader();
  const outcome = reader.readFile(fd, size, maxChars);
  return outcome.status === 'fallback' ? fallback(reader, () => new Uint8Array(fs.readFileSync(fd)), maxChars) : outcome;
}

async function loadedReader(): Promise<PdfiumTextReader> {
  if (!pdfium) throw new Error('loadPdfParsers() must run before pdfText()');
  return pdfium;
}

function fallback(reader: PdfiumTextReader, bytes: () => Uint8Array, maxChars: number): Promise<ExtractedText> {
  if (reader.broken?.outOfMemory) return Promise.resolve({ status: 'none', reason: `textutdraget behövde mer minne än gränsen (${reader.memoryLimitMb} MB)` });
  return pdfjsText(bytes(), maxChars);
}
