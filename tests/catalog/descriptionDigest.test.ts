// The description digest decides whether planning may skip reading a row: any change to a
// description a person could see must change it, and equal descriptions must agree.
import { describe, expect, it } from 'vitest';
import { DIGEST_FORMAT, descriptionDigest, type Described } from '../../sync/catalog/description.js';

const base: Described = {
  title: 'Hjärtstopp – rutin för vuxna',
  path: ['Hälso- och sjukvård', 'Akutmottagning'],
  fileName: 'Hjärtstopp.pdf',
  version: '7',
  modifiedAt: '2026-10-01T08:12:00Z',
  contentType: 'application/pdf',
  metadata: { documentType: 'Rutin', validFrom: '2026-10-01', validTo: null, keywords: ['hlr', 'akut'], pages: 4, signed: true },
};
const ref = 'https://docs.example.org/files/DOC-1042/7.pdf';

describe('descriptionDigest', () => {
  it('is the same for equal descriptions built separately, and carries its format', () => {
    const copy = JSON.parse(JSON.stringify(base)) as Described;
    expect(descriptionDigest(copy, ref)).toBe(descriptionDigest(base, ref));
    expect(descriptionDigest(base, ref).startsWith(DIGEST_FORMAT)).toBe(true);
  });

  it('changes with every field, and tells apart values that would read alike', () => {
    const variants: [string, Described, string][] = [
      ['title', { ...base, title: 'Hjärtstopp – rutin för barn' }, ref],
      ['one character', { ...base, title: 'Hjärtstopp – rutin för vuxnA' }, ref],
      ['path split differently', { ...base, path: ['Hälso- och sjukvårdAkutmottagning'] }, ref],
      ['path order', { ...base, path: ['Akutmottagning', 'Hälso- och sjukvård'] }, ref],
      ['file name', { ...base, fileName: 'Hjärtstopp.docx' }, ref],
      ['version', { ...base, version: '8' }, ref],
      ['version null', { ...base, version: null }, ref],
      ['version "null"', { ...base, version: 'null' }, ref],
      ['modified', { ...base, modifiedAt: '2026-10-01T08:12:01Z' }, ref],
      ['content type', { ...base, contentType: null }, ref],
      ['reference', base, `${ref}?v=2`],
      ['metadata value', { ...base, metadata: { ...(base.metadata as object), documentType: 'Riktlinje' } }, ref],
      ['number as text', { ...base, metadata: { ...(base.metadata as object), pages: '4' } }, ref],
      ['boolean', { ...base, metadata: { ...(base.metadata as object), signed: false } }, ref],
      ['list joined', { ...base, metadata: { ...(base.metadata as object), keywords: ['hlrakut'] } }, ref],
      ['key added', { ...base, metadata: { ...(base.metadata as object), owner: 'Chefläkare' } }, ref],
      ['key renamed', { ...base, metadata: { documentTyp: 'Rutin', validFrom: '2026-10-01', validTo: null, keywords: ['hlr', 'akut'], pages: 4, signed: true } }, ref],
      ['value moved to the next key', { ...base, metadata: { documentType: 'Rutin2026-10-01', validFrom: '', validTo: null, keywords: ['hlr', 'akut'], pages: 4, signed: true } }, ref],
    ];
    const digests = new Map<string, string>([[descriptionDigest(base, ref), 'base']]);
    for (const [what, d, r] of variants) {
      const digest = descriptionDigest(d, r);
      expect(digests.get(digest), `${what} collides with ${digests.get(digest)}`).toBeUndefined();
      digests.set(digest, what);
    }
  });

  it('spreads 100 000 similar descriptions over distinct digests', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 100_000; i++) seen.add(descriptionDigest({ ...base, title: `Rutin ${i}` }, ref));
    expect(seen.size).toBe(100_000);
  });
});
