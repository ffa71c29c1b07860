// caseKey must fold case exactly as the Swedish locale does, for every character, while
// using the (much faster) locale-independent mapping.
import { describe, expect, it } from 'vitest';
import { caseKey } from '../../sync/mirror/names.js';

describe('caseKey', () => {
  it('equals the Swedish locale lower-casing for every code point', () => {
    const differs: string[] = [];
    for (let cp = 0; cp <= 0x10ffff; cp++) {
      if (cp >= 0xd800 && cp <= 0xdfff) continue;
      const c = String.fromCodePoint(cp);
      if (caseKey(c) !== c.normalize('NFC').toLocaleLowerCase('sv-SE')) differs.push(cp.toString(16));
    }
    expect(differs).toEqual([]);
  });

  it('folds whole names, including context-dependent letters, as the Swedish locale does', () => {
    for (const name of ['HJÄRTSTOPP – Rutin för VUXNA.pdf', 'ÅÄÖ/Ærø', 'ΟΔΟΣ Σ.', 'İ', 'ẞ', 'Ǆ', 'A\u0301ngström']) {
      expect(caseKey(name)).toBe(name.normalize('NFC').toLocaleLowerCase('sv-SE'));
    }
    expect(caseKey('Hjärtstopp')).toBe(caseKey('HJA\u0308RTSTOPP'));
  });
});
