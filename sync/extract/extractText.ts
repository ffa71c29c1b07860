// Reads one stored body and returns its searchable text, or why there is none. Runs inside
// an extraction worker (extractWorker.ts): a document that hangs or eats memory takes only
// its worker down. The text is normalised once here (NFKC, no control characters, bounded
// length) so the index and the snippets can rely on it.
import fsp from 'node:fs/promises';
import type { ExtractedText } from '../search/documentText.js';
import { kindFor, sniffKind, unsupportedReason, type DocumentKind } from './documentKind.js';
import { docxText } from './docxText.js';
import { decodeText, htmlText } from './markupText.js';
import { pdfFileText } from './pdfText.js';
import { ParserUnavailableError } from './parserModule.js';

export interface ExtractionJob {
  /** The stored body (a path the app made, never one from a source). */
  file: string;
  fileName: string;
  contentType: string | null;
}

export interface TextLimits {
  /** Text beyond this many characters is not indexed (the start of it is). */
  maxChars: number;
  /** Larger files are not read for text at all. */
  maxInputBytes: number;
}

/** A body that could not be read this time (missing file, the run was stopped): try again later. */
export type ExtractionOutcome = ExtractedText | { status: 'failed'; reason: string };

export async function extractText(job: ExtractionJob, limits: TextLimits): Promise<ExtractionOutcome> {
  const declared = kindFor(job.fileName, job.contentType);
  if (declared === 'unsupported') return { status: 'none', reason: unsupportedReason(job.fileName, job.contentType) };
  let file: fsp.FileHandle;
  try {
    file = await fsp.open(job.file, 'r');
  } catch (err) {
    return unreadable(err);
  }
  try {
    return await extractFromFile(file, declared, limits);
  } finally {
    await file.close();
  }
}

const unreadable = (err: unknown): ExtractionOutcome => ({
  status: 'failed',
  reason: `kunde inte läsa den lagrade filen (${(err as NodeJS.ErrnoException).code ?? 'fel'})`,
});

async function extractFromFile(file: fsp.FileHandle, declared: Exclude<DocumentKind, 'unsupported'>, limits: TextLimits): Promise<ExtractionOutcome> {
  let size: number;
  let kind: DocumentKind;
  try {
    size = (await file.stat()).size;
    if (size > limits.maxInputBytes) {
      const mb = (n: number) => Math.round(n / 1024 / 1024);
      return { status: 'none', reason: `filen är för stor för textsökning (${mb(size)} MB; gränsen är ${mb(limits.maxInputBytes)} MB)` };
    }
    const head = Buffer.alloc(8);
    const { bytesRead } = await file.read(head, 0, 8, 0);
    kind = sniffKind(declared, head.subarray(0, bytesRead));
  } catch (err) {
    return unreadable(err);
  }
  let raw: ExtractedText;
  try {
    if (kind === 'pdf') {
      // Straight from the file into PDFium: a PDF's bytes never become a buffer of this worker's.
      raw = await pdfFileText(file.fd, size, limits.maxChars);
    } else {
      let data: Buffer;
      try {
        // Only maxChars characters are kept, so only as many bytes are decoded: one huge string
        // would be a single allocation too large for the worker's heap, and that fails the whole
        // process rather than the worker.
        const limit = kind === 'html' ? limits.maxChars * 8 : kind === 'text' ? limits.maxChars * 4 : size;
        data = Buffer.alloc(Math.min(size, limit));
        const { bytesRead } = await file.read(data, 0, data.length, 0);
        data = data.subarray(0, bytesRead);
      } catch (err) {
        return unreadable(err);
      }
      raw =
        kind === 'docx'
          ? await docxText(data)
          : { status: 'text', text: kind === 'html' ? htmlText(data) : decodeText(data), truncated: false };
    }
  } catch (err) {
    if (err instanceof ParserUnavailableError) return { status: 'failed', reason: err.message };
    throw err;
  }
  return raw.status === 'text' ? normalizeText(raw.text, raw.truncated, limits.maxChars) : raw;
}

// Everything below U+0020 except tab and line feed, DEL, C1 controls, and the
// non-characters some PDFs emit for unmapped glyphs.
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\ufffe\uffff]/g;

/**
 * NFKC (compatibility forms folded: ligatures, full-width letters, superscripts), one line
 * break style, no soft hyphens or control characters, single spaces, at most maxChars.
 */
export function normalizeText(text: string, truncated: boolean, maxChars: number): ExtractedText {
  let clean = text
    .normalize('NFKC')
    .replace(/\r\n?/g, '\n')
    .replace(/\u00ad/g, '')
    .replace(CONTROL, ' ')
    .replace(/[ \t\u00a0]+/g, ' ')
    .replace(/ ?\n[ \n]*/g, '\n')
    .trim();
  if (clean.length > maxChars) {
    const cut = clean.lastIndexOf(' ', maxChars);
    clean = clean.slice(0, cut > maxChars * 0.9 ? cut : maxChars);
    truncated = true;
  }
  if (clean === '') return { status: 'none', reason: 'dokumentet innehåller ingen text' };
  return { status: 'text', text: clean, truncated };
}
