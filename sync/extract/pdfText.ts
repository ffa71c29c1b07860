// Text from a PDF: PDFium (pdfiumText.ts) reads it; the few files PDFium cannot open —
// damaged beyond its repair, XFA-only forms, or any file after PDFium itself failed — go
// to pdf.js (pdfjsText.ts), which is slower but repairs more. PDFium is loaded once per
// extraction worker, before it reports ready; pdf.js by the first file that needs it.
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
  if (!pdfium) throw new Error('loadPdfParsers() must run before pdfText()');
  const reader = await pdfium;
  const outcome = reader.read(data, maxChars);
  if (outcome.status !== 'fallback') return outcome;
  if (reader.broken?.outOfMemory) return { status: 'none', reason: `textutdraget behövde mer minne än gränsen (${reader.memoryLimitMb} MB)` };
  // pdf.js takes ownership of (detaches) the buffer it is given.
  return pdfjsText(data.slice(), maxChars);
}
