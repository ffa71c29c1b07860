// Text from HTML and plain-text files. Encodings are detected, not assumed: a byte-order
// mark, a declared charset, valid UTF-8, or else Windows-1252 (what older Swedish files
// written on Windows use).

const BLOCK_TAGS =
  /<\/?(?:p|div|br|hr|li|dt|dd|tr|td|th|h[1-6]|title|section|article|header|footer|nav|aside|table|thead|tbody|ul|ol|dl|blockquote|pre|figure|figcaption|main)\b[^>]*>/gi;

const NAMED_ENTITIES: Record<string, string> = {
  amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', shy: '',
  aring: 'å', auml: 'ä', ouml: 'ö', Aring: 'Å', Auml: 'Ä', Ouml: 'Ö', eacute: 'é', Eacute: 'É',
  uuml: 'ü', Uuml: 'Ü', aelig: 'æ', oslash: 'ø', ndash: '–', mdash: '—', hellip: '…', bull: '•',
  laquo: '«', raquo: '»', ldquo: '“', rdquo: '”', lsquo: '‘', rsquo: '’', copy: '©', deg: '°',
};

export function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]{1,6}|#[0-9]{1,7}|[a-z][a-z0-9]{1,31});/gi, (whole, name: string) => {
    if (name[0] === '#') {
      const code = name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return NAMED_ENTITIES[name] ?? whole;
  });
}

export function htmlText(data: Uint8Array): string {
  const declared = /<meta[^>]+charset=["']?([\w-]+)/i.exec(Buffer.from(data.subarray(0, 2048)).toString('latin1'))?.[1];
  const html = decodeText(data, declared);
  return decodeEntities(
    html
      .replace(/<!--[\s\S]*?-->/g, ' ')
      .replace(/<(script|style|noscript|template|svg)\b[\s\S]*?<\/\1\s*>/gi, ' ')
      .replace(BLOCK_TAGS, '\n')
      .replace(/<[^>]*>/g, ''),
  );
}

/** Decodes a text file: BOM, then the declared charset, then strict UTF-8, then Windows-1252. */
export function decodeText(data: Uint8Array, declared?: string): string {
  if (data[0] === 0xef && data[1] === 0xbb && data[2] === 0xbf) return new TextDecoder('utf-8').decode(data.subarray(3));
  if (data[0] === 0xff && data[1] === 0xfe) return new TextDecoder('utf-16le').decode(data.subarray(2));
  if (data[0] === 0xfe && data[1] === 0xff) return new TextDecoder('utf-16be').decode(data.subarray(2));
  if (declared) {
    try {
      return new TextDecoder(declared.toLowerCase()).decode(data);
    } catch {
      // An unknown charset name: fall through to detection.
    }
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(data);
  } catch {
    return new TextDecoder('windows-1252').decode(data);
  }
}
