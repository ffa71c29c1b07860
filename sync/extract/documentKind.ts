// Which extractor reads a document: decided from its file name and content type before
// any work is queued, and checked against the first bytes once the file is read (a
// source's content type or extension can lie).
import { splitExtension } from '../mirror/names.js';

export type DocumentKind = 'pdf' | 'docx' | 'html' | 'text' | 'unsupported';

const BY_EXTENSION: Record<string, DocumentKind> = {
  '.pdf': 'pdf',
  '.docx': 'docx',
  '.docm': 'docx',
  '.dotx': 'docx',
  '.html': 'html',
  '.htm': 'html',
  '.xhtml': 'html',
  '.txt': 'text',
  '.text': 'text',
  '.md': 'text',
  '.csv': 'text',
};

const BY_TYPE: Record<string, DocumentKind> = {
  'application/pdf': 'pdf',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'docx',
  'text/html': 'html',
  'application/xhtml+xml': 'html',
  'text/plain': 'text',
  'text/markdown': 'text',
  'text/csv': 'text',
};

export function kindFor(fileName: string, contentType: string | null): DocumentKind {
  const type = contentType?.split(';')[0]?.trim().toLowerCase() ?? '';
  const ext = splitExtension(fileName).ext.toLowerCase();
  return BY_TYPE[type] ?? BY_EXTENSION[ext] ?? (type.startsWith('text/') ? 'text' : 'unsupported');
}

/** Why a kind of file is not read for text, for people: "filtypen .xlsx läses inte…". */
export function unsupportedReason(fileName: string, contentType: string | null): string {
  const ext = splitExtension(fileName).ext.toLowerCase();
  const what = ext !== '' ? ext : (contentType?.split(';')[0]?.trim() ?? 'okänd');
  return `filtypen ${what} läses inte för textsökning; dokumentet hittas på titel och metadata`;
}

const CFB = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

/** An OLE compound file: Word 97–2003, or an encrypted (password-protected) Office document. */
export function isCompoundFile(head: Uint8Array): boolean {
  return CFB.every((b, i) => head[i] === b);
}

export function looksLikePdf(head: Uint8Array): boolean {
  // The header may follow some junk; readers accept it within the first kilobyte.
  return Buffer.from(head.subarray(0, 1024)).includes('%PDF-');
}

/** The kind the bytes say, where they contradict the name (a PDF served as .bin, say). */
export function sniffKind(declared: DocumentKind, head: Uint8Array): DocumentKind {
  if (declared !== 'pdf' && looksLikePdf(head.subarray(0, 8))) return 'pdf';
  return declared;
}
