// QuickXorHash against the published vectors (rclone's table and the reference's own),
// fed whole and in odd-sized chunks, and through the store's hash registry.
import { describe, expect, it } from 'vitest';
import { createHasher, QuickXorHash } from '../../sync/store/hashes.js';

/** An obviously-correct big-integer version of the definition, to cross-check the fast one. */
function slowQuickXor(data: Uint8Array): string {
  const width = 160n;
  const mask = (1n << width) - 1n;
  let s = 0n;
  data.forEach((b, i) => {
    const v = BigInt(b) << BigInt((11 * i) % 160);
    s ^= (v | (v >> width)) & mask;
  });
  const out = Buffer.alloc(20);
  for (let k = 0; k < 20; k++) out[k] = Number((s >> BigInt(8 * k)) & 0xffn);
  let len = BigInt(data.length);
  for (let k = 0; k < 8; k++) {
    out[12 + k]! ^= Number(len & 0xffn);
    len >>= 8n;
  }
  return out.toString('base64');
}

function hashInChunks(data: Uint8Array, chunk: number): string {
  const h = new QuickXorHash();
  for (let i = 0; i < data.length; i += chunk) h.update(data.subarray(i, i + chunk));
  return h.digest();
}

const mib = new Uint8Array(1 << 20).map((_, i) => i % 256);
const vectors: [string, Uint8Array, string][] = [
  ['empty', new Uint8Array(0), 'AAAAAAAAAAAAAAAAAAAAAAAAAAA='],
  ['abc', Buffer.from('abc'), 'YRDDGAAAAAAAAAAAAwAAAAAAAAA='],
  ['hello world', Buffer.from('hello world'), 'aCgDG9jwBhDc4Q1yawMZAAAAAAA='],
  ['quick brown fox', Buffer.from('The quick brown fox jumps over the lazy dog'), 'bMSlbysmxJL6S75XwfMcQZOpcr4='],
  ['1 MiB of i mod 256', mib, 'QkGEfSisZcA7k+FCh7x72dbCayY='],
  ['a million a', Buffer.alloc(1_000_000, 'a'), 'AAAAAAAAAAAAAAAAQEIPAAAAAAA='],
];

describe('QuickXorHash', () => {
  it.each(vectors)('%s', (_name, data, expected) => {
    expect(hashInChunks(data, data.length || 1)).toBe(expected);
    expect(hashInChunks(data, 7)).toBe(expected);
    expect(hashInChunks(data, 13)).toBe(expected);
  });

  it('matches the big-integer definition for every length 0–400', () => {
    const data = Buffer.from(Array.from({ length: 400 }, (_, i) => (i * 37 + 11) % 256));
    for (let n = 0; n <= 400; n += 1) {
      const slice = data.subarray(0, n);
      expect(hashInChunks(slice, 17), `length ${n}`).toBe(slowQuickXor(slice));
    }
  });

  it('is registered for the content store under the name Graph uses', () => {
    const h = createHasher('quickXorHash');
    h.update(Buffer.from('hello '));
    h.update(Buffer.from('world'));
    expect(h.digest()).toBe('aCgDG9jwBhDc4Q1yawMZAAAAAAA=');
  });
});
