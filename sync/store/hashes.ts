// Hash algorithms a source may vouch for. sha256 is always computed (the store is keyed
// by it); a source that publishes another hash registers a hasher for it.
import { createHash } from 'node:crypto';

export interface IncrementalHash {
  update(chunk: Uint8Array): void;
  /** The digest in the form the source publishes it (hex, base64…). */
  digest(): string;
}

const registry = new Map<string, () => IncrementalHash>([
  ['sha1', () => nodeHash('sha1')],
  ['md5', () => nodeHash('md5')],
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
