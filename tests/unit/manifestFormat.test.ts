// The manifest's entry check: the fast path for plain entries must accept only what the
// schema accepts and give what the schema gives; everything else goes through the schema,
// which explains what is wrong.
import { describe, expect, it } from 'vitest';
import { manifestDocumentSchema, parseManifest, plainEntry } from '../../sync/sources/manifestFormat.js';

const good = {
  id: 'DOC-1042',
  title: 'Hjärtstopp – rutin för vuxna',
  path: ['Hälso- och sjukvård', 'Akutmottagning'],
  fileName: 'Hjärtstopp – rutin för vuxna.pdf',
  href: 'files/DOC-1042/7.pdf',
  sha256: 'ab'.repeat(32),
  size: 183211,
  version: '7',
  modifiedAt: '2026-10-01T08:12:00Z',
  contentType: 'application/pdf',
  metadata: { documentType: 'Rutin', validFrom: '2026-10-01', validTo: null, keywords: ['hlr', 'stopp'], page: 3, active: true },
};

// Each variant changes one thing of a good entry; some are still valid, some not, some need the schema's defaults.
const variants: Record<string, unknown>[] = [
  {},
  { id: ' DOC-1 ' },
  { id: '' },
  { id: 'x'.repeat(201) },
  { id: 42 },
  { title: undefined },
  { title: 'x'.repeat(100_001) },
  { path: undefined },
  { path: ['a', 7] },
  { path: Array.from({ length: 65 }, () => 'a') },
  { fileName: undefined },
  { href: '' },
  { href: 'x'.repeat(4001) },
  { sha256: 'AB'.repeat(32) },
  { sha256: 'zz'.repeat(32) },
  { sha256: 'ab'.repeat(31) },
  { size: -1 },
  { size: 1.5 },
  { size: 2 ** 60 },
  { size: '12' },
  { version: 7 },
  { version: null },
  { version: undefined },
  { version: 'v'.repeat(101) },
  { version: true },
  { modifiedAt: null },
  { modifiedAt: 'x'.repeat(65) },
  { contentType: undefined },
  { contentType: 'x'.repeat(201) },
  { metadata: undefined },
  { metadata: [] },
  { metadata: null },
  { metadata: { ['k'.repeat(201)]: 'v' } },
  { metadata: { owner: 'x'.repeat(10_001) } },
  { metadata: { keywords: ['x'.repeat(1001)] } },
  { metadata: { keywords: Array.from({ length: 201 }, () => 'k') } },
  { metadata: { nested: { a: 1 } } },
  { metadata: JSON.parse('{"__proto__": "x", "a": 1}') as unknown },
  { unknownKey: 'ignored' },
];

describe('plainEntry', () => {
  it('accepts only what the schema accepts, and gives exactly what the schema gives', () => {
    let fast = 0;
    for (const change of variants) {
      const entry = JSON.parse(JSON.stringify({ ...good, ...change })) as unknown;
      const viaSchema = manifestDocumentSchema.safeParse(entry);
      const plain = plainEntry(entry);
      if (plain) {
        fast++;
        expect(viaSchema.success, JSON.stringify(change)).toBe(true);
        expect(plain, JSON.stringify(change)).toEqual(viaSchema.data);
      }
    }
    // Most valid variants take the fast path; it is not a path nothing takes.
    expect(fast).toBeGreaterThanOrEqual(8);
    expect(plainEntry(good)).toEqual(manifestDocumentSchema.parse(good));
  });

  it('parses a manifest the same through either path', () => {
    const entries = variants.map((change, i) => ({ ...good, id: `DOC-${i}`, ...change }));
    const viaSchemaOnly = entries.map((e) => manifestDocumentSchema.safeParse(e));
    const parsed = parseManifest(JSON.stringify({ format: 'lita-manifest/1', documents: entries }));
    const validIds = viaSchemaOnly.filter((r) => r.success).map((r) => (r.data as { id: string }).id);
    expect(parsed.documents.map((d) => d.id)).toEqual(validIds);
    expect(parsed.invalid).toHaveLength(entries.length - validIds.length);
    for (const invalid of parsed.invalid) expect(invalid.reason).toMatch(/^Ogiltig post \d+ i manifestet: /);
  });
});
