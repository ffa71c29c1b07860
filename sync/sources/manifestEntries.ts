// Finds where each document of a manifest begins and ends in its bytes, so the entries can
// be parsed one by one: at 50 000 documents, decoding the whole 35 MB manifest into one
// string and parsing it in one piece holds ~70 MB of text and the whole parsed tree at
// once, where one entry at a time holds a few kilobytes beside the bytes.
//
// It recognises only the plain shape (an object whose keys are written without escapes and
// whose "documents" key, present once, holds an array of objects) and checks the punctuation between
// and around the entries; anything else is left to JSON.parse of the whole text, which
// then also gives the error message. Each entry's own syntax is checked when it is parsed.

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const COLON = 0x3a;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;
const DOCUMENTS_KEY = Buffer.from('"documents"');

export interface SplitManifest {
  /** The manifest with its documents array emptied: "documents": []. */
  header: string;
  /** Byte offsets in the manifest: entry i spans [offsets[2i], offsets[2i + 1]). */
  offsets: number[];
}

export function splitManifest(bytes: Uint8Array): SplitManifest | null {
  const n = bytes.length;
  const isSpace = (c: number | undefined) => c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
  const skipSpace = (i: number) => {
    while (i < n && isSpace(bytes[i])) i++;
    return i;
  };
  /** From an opening quote to just after its closing quote, or -1. */
  const skipString = (i: number) => {
    for (i++; i < n; i++) {
      const c = bytes[i];
      if (c === QUOTE) return i + 1;
      if (c === BACKSLASH) i++;
    }
    return -1;
  };
  /** Past any value starting at i (its inside is checked later by JSON.parse), or -1. */
  const skipValue = (i: number) => {
    const c = bytes[i];
    if (c === QUOTE) return skipString(i);
    if (c !== OPEN_OBJECT && c !== OPEN_ARRAY) {
      while (i < n && !isSpace(bytes[i]) && bytes[i] !== COMMA && bytes[i] !== CLOSE_OBJECT && bytes[i] !== CLOSE_ARRAY) i++;
      return i;
    }
    let depth = 0;
    while (i < n) {
      const d = bytes[i];
      if (d === QUOTE) {
        i = skipString(i);
        if (i < 0) return -1;
        continue;
      }
      if (d === OPEN_OBJECT || d === OPEN_ARRAY) depth++;
      else if ((d === CLOSE_OBJECT || d === CLOSE_ARRAY) && --depth === 0) return i + 1;
      i++;
    }
    return -1;
  };

  /**
   * Walks "item, item, … close" from just inside an opening bracket, each item read by
   * `item` (its end, or -1); returns the index just past the closing bracket, or -1.
   */
  const items = (i: number, close: number, item: (i: number) => number) => {
    i = skipSpace(i);
    if (bytes[i] === close) return i + 1;
    for (;;) {
      i = item(i);
      if (i < 0) return -1;
      i = skipSpace(i);
      if (bytes[i] === close) return i + 1;
      if (bytes[i] !== COMMA) return -1;
      i = skipSpace(i + 1);
    }
  };

  let arrayStart = -1;
  let arrayEnd = -1;
  const offsets: number[] = [];
  const entry = (i: number) => {
    if (bytes[i] !== OPEN_OBJECT) return -1;
    const end = skipValue(i);
    if (end >= 0) offsets.push(i, end);
    return end;
  };
  const member = (i: number) => {
    if (bytes[i] !== QUOTE) return -1;
    const keyStart = i;
    i = skipString(i);
    // A key written with escapes could spell "documents" too: those manifests are parsed whole.
    if (i < 0 || bytes.subarray(keyStart, i).includes(BACKSLASH)) return -1;
    const isDocuments = i - keyStart === DOCUMENTS_KEY.length && DOCUMENTS_KEY.equals(bytes.subarray(keyStart, i));
    i = skipSpace(i);
    if (bytes[i] !== COLON) return -1;
    i = skipSpace(i + 1);
    if (!isDocuments) return skipValue(i);
    if (arrayStart >= 0 || bytes[i] !== OPEN_ARRAY) return -1;
    arrayStart = i;
    arrayEnd = items(i + 1, CLOSE_ARRAY, entry);
    return arrayEnd;
  };

  const start = skipSpace(bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0);
  if (bytes[start] !== OPEN_OBJECT) return null;
  const end = items(start + 1, CLOSE_OBJECT, member);
  if (end < 0 || arrayStart < 0 || skipSpace(end) !== n) return null;
  const text = (from: number, to: number) => Buffer.from(bytes.buffer, bytes.byteOffset + from, to - from).toString('utf8');
  return { header: `${text(start, arrayStart)}[]${text(arrayEnd, n)}`, offsets };
}
