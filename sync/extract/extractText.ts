// Reads one stored body and returns its searchable text, or why there is none. Runs inside
// an extraction worker (extractWorker.ts): a document that hangs or eats memory takes only
// its worker down. The text is normalised once here (NFKC, no control characters, bounded
// length) so the index and the snippets can rely on it.
import fsp from 'node:fs/promises';
import type { ExtractedText } from '../search/documentText.js';
import { kindFor, sniffKind, unsupportedReason } from './documentKind.js';
import { docxText } from './docxText.js';
import { decodeText, htmlText } from './markupText.js';
import { pdfText } from './pdfText.js';
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
  let data: Buffer;
  try {
    const { size } = await fsp.stat(job.file);
    if (size > limits.maxInputBytes) {
      const mb = (n: number) => Math.round(n / 1024 / 1024);
      return { status: 'none', reason: `filen är för stor för textsökning (${mb(size)} MB; gränsen är ${mb(limits.maxInputBytes)} MB)` };
    }
    data = await fsp.readFile(job.file);
  } catch (err) {
    return { status: 'failed', reason: `kunde inte läsa den lagrade filen (${(err as NodeJS.ErrnoException).code ?? 'fel'})` };
  }
  const kind = sniffKind(declared, data.subarray(0, 8));
  // Only maxChars characters are kept, so only as many bytes are decoded: one huge string
  // would be a single allocation too large for the worker's heap, and that fails the whole
  // process rather than the worker.
  if (kind === 'html' || kind === 'text') data = data.subarray(0, limits.maxChars * (kind === 'html' ? 8 : 4));
  let raw: ExtractedText;
  try {
    raw =
      kind === 'pdf'
        ? await pdfText(new Uint8Array(data.buffer, data.byteOffset, data.byteLength), limits.maxChars)
        : kind === 'docx'
          ? await docxText(data)
          : { status: 'text', text: kind === 'html' ? htmlText(data) : decodeText(data), truncated: false };
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
