// Parsing a manifest entry by entry must give exactly what parsing it whole gives: the same
// documents, the same invalid entries, the same errors, whatever the bytes.
import { describe, expect, it } from 'vitest';
import { parseManifest, parseManifestBytes, SPLIT_FROM_BYTES, type ParsedManifest } from '../../sync/sources/manifestFormat.js';
import { splitManifest } from '../../sync/sources/manifestEntries.js';

function entry(i: number): Record<string, unknown> {
  return {
    id: `DOK-${String(i).padStart(6, '0')}`,
    title: `Rutin {nummer} ${i} – "citat" \\ [hakparentes] }`,
    path: ['Hälso- och sjukvård', `Enhet ${i % 7}`],
    fileName: `Rutin ${i}.pdf`,
    href: `files/${i}.pdf`,
    sha256: 'ab'.repeat(32),
    size: 1000 + i,
    version: i % 3 === 0 ? 2 : '1',
    modifiedAt: '2026-10-01T08:00:00Z',
    contentType: 'application/pdf',
    metadata: { documentType: 'Rutin', owner: 'Verksamhetschef ✓ 🚑', keywords: ['a', '}'], validTo: null, pages: 3 },
  };
}

/** A manifest large enough to be split (parseManifestBytes parses small ones whole). */
function manifestText(count = 800, indent = 1): string {
  const documents = Array.from({ length: count }, (_, i) => entry(i));
  const text = JSON.stringify({ format: 'lita-manifest/1', library: { id: 'ls', title: 'Ledningssystem' }, generatedAt: '2026-11-23T02:00:00Z', documents }, null, indent);
  expect(Buffer.byteLength(text), 'large enough to be parsed entry by entry').toBeGreaterThan(SPLIT_FROM_BYTES);
  return text;
}

type Outcome = { ok: ParsedManifest } | { error: string };
const outcome = (parse: () => ParsedManifest): Outcome => {
  try {
    return { ok: parse() };
  } catch (err) {
    return { error: `${(err as Error).name}: ${(err as Error).message}` };
  }
};

function expectSameAsWhole(text: string, what: string): Outcome {
  const bytes = Buffer.from(text, 'utf8');
  const whole = outcome(() => parseManifest(bytes.toString('utf8').replace(/^\uFEFF/, '')));
  const split = outcome(() => parseManifestBytes(bytes));
  expect(split, what).toEqual(whole);
  return whole;
}

describe('parseManifestBytes', () => {
  it('splits a plain manifest into its entries and parses it exactly as a whole', () => {
    const text = manifestText();
    const split = splitManifest(Buffer.from(text));
    expect(split, 'the plain shape takes the entry-by-entry path').not.toBeNull();
    expect(split!.offsets.length / 2).toBe(800);
    const parsed = expectSameAsWhole(text, 'plain');
    expect('ok' in parsed && parsed.ok.documents.length).toBe(800);
    expectSameAsWhole(manifestText(800, 0), 'compact');
    expectSameAsWhole(`\uFEFF${manifestText()}`, 'byte-order mark');
    expectSameAsWhole(` \r\n\t${manifestText()}\n\n`, 'space around');
  });

  it('agrees with parsing the whole text on every malformed or unusual manifest', () => {
    const text = manifestText();
    const docsAt = text.indexOf('"documents"');
    const firstEntryEnd = text.indexOf('\n  }', docsAt) + 4;
    const variants: [string, string][] = [
      ['trailing comma after the last entry', text.replace(/\n {2}}\n ]/, '\n  },\n ]')],
      ['missing comma between entries', text.slice(0, firstEntryEnd) + text.slice(firstEntryEnd + 1)],
      ['two commas between entries', `${text.slice(0, firstEntryEnd)},${text.slice(firstEntryEnd)}`],
      ['an entry that is a number', text.replace('"documents": [', '"documents": [42,')],
      ['an entry that is null', text.replace('"documents": [', '"documents": [null,')],
      ['an entry that is a list', text.replace('"documents": [', '"documents": [["x"],')],
      ['an invalid entry among valid ones', text.replace('"size": 1005', '"size": "stor"')],
      ['a duplicated id', text.replace('DOK-000007', 'DOK-000006')],
      ['broken JSON inside an entry', text.replace('"size": 1003,', '"size": 1003,,')],
      ['an unclosed string', text.replace('"Rutin 9.pdf"', '"Rutin 9.pdf')],
      ['garbage after the manifest', `${text} x`],
      ['a second manifest after it', `${text}${text}`],
      ['documents given twice', text.replace('"format"', '"documents": [], "format"')],
      ['an escaped documents key after the plain one', text.replace(/}\s*$/, ', "document\\u0073": [] }')],
      ['an escaped documents key before it', text.replace('"format"', '"document\\u0073": [{"id": "X"}], "format"')],
      ['only an escaped documents key', text.replace('"documents"', '"document\\u0073"')],
      ['documents that is not a list', text.replace('"documents": [', '"documents": {"a": [').replace(/]\s*}\s*$/, ']}}')],
      ['an empty documents list', text.slice(0, docsAt) + '"documents": []}'],
      ['a manifest that is a list', `[${text}]`],
      ['a wrong format', text.replace('lita-manifest/1', 'lita-manifest/2')],
      ['a header key without a colon', text.replace('"generatedAt":', '"generatedAt"')],
      ['keys after the documents', text.replace(/]\s*}\s*$/, '], "extra": {"documents": [1, 2]}}')],
      ['unicode escapes and escaped quotes in entries', text.replace('"Rutin 4.pdf"', '"Rutin \\u00e4 \\"4\\" \\\\.pdf"')],
      ['a lone surrogate escape', text.replace('"Rutin 5.pdf"', '"Rutin \\ud800.pdf"')],
      ['invalid UTF-8 bytes', text.replace('Rutin 6.pdf', 'Rutin \udc80.pdf')],
      ['a __proto__ key in metadata', text.replace('"documentType": "Rutin"', '"__proto__": {"x": 1}, "documentType": "Rutin"')],
      ['cut off in the middle', text.slice(0, Math.floor(text.length / 2))],
      ['nothing at all', ''],
    ];
    for (const [what, variant] of variants) expectSameAsWhole(variant, what);
  });

  it('agrees on manifests cut short at any point and with any single byte changed', () => {
    const text = manifestText(800, 0);
    const bytes = Buffer.from(text);
    for (let k = 0; k < 40; k++) {
      const at = Math.floor(((k * 7919) % 997) / 997 * bytes.length);
      expectSameAsWhole(bytes.subarray(0, at).toString('utf8'), `cut at ${at}`);
      for (const b of ['{', '}', '[', ']', '"', ',', ':', '\\']) {
        const changed = Buffer.from(bytes);
        changed[at] = b.charCodeAt(0);
        const variant = changed.toString('utf8');
        expectSameAsWhole(variant, `byte ${at} → ${b}`);
      }
    }
  });
});
