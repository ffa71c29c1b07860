// Turns untrusted titles, folder names and file names into names that are valid and
// readable on Windows, whatever system the mirror is written on. Pure string work: the
// mirror writer checks containment again before touching the disk.
import { createHash } from 'node:crypto';

// Characters Windows forbids in names, mapped to readable look-alikes where one exists.
const REPLACEMENTS: Record<string, string> = {
  '<': '(',
  '>': ')',
  ':': ' -',
  '"': "'",
  '/': '-',
  '\\': '-',
  '|': '-',
  '?': '',
  '*': '',
};
// C0/C1 controls, and invisible characters that can disguise a name (bidi overrides,
// zero-width characters, BOM).
const INVISIBLE = /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]/g;
const FORBIDDEN = /[<>:"/\\|?*]/g;
const RESERVED = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³]|conin\$|conout\$)$/i;

/** Names the app itself writes at the top of the mirror; a library folder may not take them. */
export const RESERVED_TOP_LEVEL = ['läs mig.txt', 'index.html'];

/**
 * A single path segment that is safe to create on Windows, or '' when nothing usable is
 * left (the caller then falls back to a name derived from the document id).
 */
export function sanitizeSegment(raw: string): string {
  let s = raw.normalize('NFC').replace(INVISIBLE, ' ');
  s = s.replace(FORBIDDEN, (c) => REPLACEMENTS[c] ?? '_');
  s = s.replace(/\s+/g, ' ').trim();
  // Windows silently drops trailing dots and spaces, which would make "a." and "a" collide
  // (and "." or ".." mean something else entirely).
  s = s.replace(/[. ]+$/, '');
  if (s === '') return '';
  const stem = s.split('.')[0]!.trimEnd();
  if (RESERVED.test(stem)) s = `_${s}`;
  return s;
}

/** Case- and normalisation-insensitive key, as NTFS compares names. */
export function caseKey(name: string): string {
  // Unicode's language-specific case rules exist only for Lithuanian, Turkish and Azeri,
  // so this equals toLocaleLowerCase('sv-SE') (and NTFS's upcase table knows no locale
  // either), while costing a fraction: the locale-aware call took ~5 µs per name, 0.5 s
  // of a 50 000-document layout.
  return name.normalize('NFC').toLowerCase();
}

export function mirrorFolderKey(title: string): string {
  return caseKey(sanitizeSegment(title));
}

export function shortHash(text: string, length = 6): string {
  return createHash('sha256').update(text).digest('hex').slice(0, length);
}

export function splitExtension(name: string): { stem: string; ext: string } {
  const dot = name.lastIndexOf('.');
  // An extension is a short run of letters and digits; "Rutin v. 2" has no extension.
  if (dot > 0 && dot >= name.length - 9 && /^\.[\p{L}\p{N}]{1,8}$/u.test(name.slice(dot))) {
    return { stem: name.slice(0, dot), ext: name.slice(dot) };
  }
  return { stem: name, ext: '' };
}

const EXTENSION_BY_TYPE: Record<string, string> = {
  'application/pdf': '.pdf',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': '.docx',
  'application/msword': '.doc',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': '.xlsx',
  'application/vnd.ms-excel': '.xls',
  'application/vnd.openxmlformats-officedocument.presentationml.presentation': '.pptx',
  'text/html': '.html',
  'text/plain': '.txt',
  'application/rtf': '.rtf',
  'application/vnd.oasis.opendocument.text': '.odt',
};

export function extensionForType(contentType: string | null | undefined): string {
  if (!contentType) return '';
  return EXTENSION_BY_TYPE[contentType.split(';')[0]!.trim().toLowerCase()] ?? '';
}

/** Shortens a name to at most `max` characters, keeping the extension and adding a hash
 *  of the full name so that two long names sharing a prefix stay distinct. */
export function truncateName(name: string, max: number): string {
  if (name.length <= max) return name;
  const { stem, ext } = splitExtension(name);
  const tag = `~${shortHash(name)}`;
  const room = Math.max(1, max - ext.length - tag.length);
  return `${stem.slice(0, room).trimEnd().replace(/[. ]+$/, '')}${tag}${ext}`;
}

/** The file name for a document: its own name made safe, or one derived from its id. */
export function documentFileName(fileName: string, id: string, contentType: string | null): string {
  let name = sanitizeSegment(fileName);
  const typeExt = extensionForType(contentType);
  if (/^\.[\p{L}\p{N}]{1,8}$/u.test(name)) {
    name = idName(id) + name; // only an extension was left
  } else if (name === '' || splitExtension(name).stem.replace(/[_\s-]/g, '') === '') {
    name = idName(id) + (splitExtension(sanitizeSegment(fileName)).ext || typeExt);
  } else if (splitExtension(name).ext === '' && typeExt) {
    name += typeExt;
  }
  return name;
}

/** A readable, safe name made from a document id (ids are untrusted too). */
export function idName(id: string): string {
  const safe = sanitizeSegment(id);
  return safe !== '' && safe.length <= 80 ? safe : `dokument-${shortHash(id, 12)}`;
}

/** The content type a file name suggests, for sources that do not say. */
export function contentTypeForName(name: string): string | null {
  const ext = splitExtension(name).ext.toLowerCase();
  for (const [type, e] of Object.entries(EXTENSION_BY_TYPE)) if (e === ext) return type;
  if (ext === '.htm') return 'text/html';
  return null;
}
