// Hash algorithms a source may vouch for. sha256 is always computed (the store is keyed
// by it); a source that publishes another hash registers a hasher for it. QuickXorHash
// is the only hash SharePoint Online and OneDrive for Business publish.
import { createHash } from 'node:crypto';

export interface IncrementalHash {
  update(chunk: Uint8Array): void;
  /** The digest in the form the source publishes it (hex, base64…). */
  digest(): string;
}

const registry = new Map<string, () => IncrementalHash>([
  ['sha1', () => nodeHash('sha1')],
  ['md5', () => nodeHash('md5')],
  ['quickXorHash', () => new QuickXorHash()],
]);

function nodeHash(algorithm: string): IncrementalHash {
  const h = createHash(algorithm);
  return { update: (c) => h.update(c), digest: () => h.digest('hex') };
}

export function registerHash(name: string, factory: () => IncrementalHash): void {
  registry.set(name, factory);
}

export function createHasher(name: string): IncrementalHash {
  const factory = registry.get(name);
  if (!factory) throw new Error(`Okänd hashalgoritm: ${name}`);
  return factory();
}

/**
 * Microsoft's QuickXorHash: every byte is XORed into a 160-bit register at bit position
 * (11 · index) mod 160, the register is written little-endian and the total length (64-bit
 * little-endian) is XORed into its last 8 bytes. Positions repeat every 160 bytes, so one
 * bucket per position is enough while streaming; the shifts happen once, at the end.
 * The digest is standard base64 with padding, as Graph reports `quickXorHash`.
 */
export class QuickXorHash implements IncrementalHash {
  private readonly buckets = new Uint8Array(160);
  private length = 0n;
  private position = 0;

  update(chunk: Uint8Array): void {
    const buckets = this.buckets;
    let p = this.position;
    for (let i = 0; i < chunk.length; i++) {
      buckets[p]! ^= chunk[i]!;
      if (++p === 160) p = 0;
    }
    this.position = p;
    this.length += BigInt(chunk.length);
  }

  digestBytes(): Uint8Array {
    const out = new Uint8Array(20);
    for (let k = 0; k < 160; k++) {
      const value = this.buckets[k]!;
      if (value === 0) continue;
      const bit = (k * 11) % 160;
      const byte = bit >> 3;
      const shifted = value << (bit & 7);
      out[byte]! ^= shifted & 0xff;
      out[(byte + 1) % 20]! ^= shifted >> 8;
    }
    let length = this.length;
    for (let j = 0; j < 8; j++) {
      out[12 + j]! ^= Number(length & 0xffn);
      length >>= 8n;
    }
    return out;
  }

  digest(): string {
    return Buffer.from(this.digestBytes()).toString('base64');
  }
}
