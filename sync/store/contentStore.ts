// Content-addressed store of every verified document body, keyed by sha256, under
// <dataDir>/store. Downloads land in <dataDir>/partial (kept across failures so they can
// resume with Range) and enter the store only after size and hashes check out.
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { createHasher, type IncrementalHash } from './hashes.js';

export interface ExpectedContent {
  size?: number | null;
  sha256?: string | null;
  /** A hash the source publishes in its own algorithm (quickXorHash, sha1 …). */
  other?: { algorithm: string; value: string; lenient?: boolean } | null;
  /** Refuse bodies larger than this even when the size is unknown. */
  maxBytes?: number;
}

export interface OpenedBody {
  body: AsyncIterable<Uint8Array>;
  /** Byte offset the body starts at: the requested one, or 0 when the server sent it whole. */
  offset: number;
}

export type BodyOpener = (offset: number) => Promise<OpenedBody>;

export interface IngestResult {
  sha256: string;
  size: number;
  /** Set when a lenient hash did not match (known SharePoint behaviour for Office files). */
  warning?: string;
}

export class ContentMismatchError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ContentMismatchError';
  }
}

const DEFAULT_MAX_BYTES = 4 * 1024 ** 3;

export class ContentStore {
  readonly storeDir: string;
  readonly partialDir: string;

  constructor(dataDir: string) {
    this.storeDir = path.join(dataDir, 'store');
    this.partialDir = path.join(dataDir, 'partial');
    fs.mkdirSync(this.storeDir, { recursive: true });
    fs.mkdirSync(this.partialDir, { recursive: true });
  }

  blobPath(sha256: string): string {
    if (!/^[0-9a-f]{64}$/.test(sha256)) throw new Error(`Ogiltig sha256: ${sha256}`);
    return path.join(this.storeDir, sha256.slice(0, 2), sha256);
  }

  has(sha256: string): boolean {
    return fs.existsSync(this.blobPath(sha256));
  }

  partialPath(key: string): string {
    return path.join(this.partialDir, createHash('sha256').update(key).digest('hex').slice(0, 32));
  }

  /**
   * Downloads (or copies) a body into the store. `key` names the partial file so a later
   * attempt for the same document revision resumes where this one stopped.
   */
  async ingest(key: string, open: BodyOpener, expected: ExpectedContent): Promise<IngestResult> {
    const partial = this.partialPath(key);
    // A lenient source hash means the declared size may be wrong too (SharePoint rewrites
    // Office files after upload), so only the general ceiling applies while streaming.
    const declared = expected.other?.lenient ? null : expected.size;
    const maxBytes = declared ?? expected.maxBytes ?? DEFAULT_MAX_BYTES;
    let have = await fileSize(partial);
    if (have > maxBytes) {
      await fsp.rm(partial, { force: true });
      have = 0;
    }
    let sha = createHash('sha256');
    let other = expected.other ? createHasher(expected.other.algorithm) : null;
    if (have > 0) await hashExisting(partial, sha, other);

    const opened = await open(have);
    if (opened.offset !== have) {
      // The server sent the whole body (no Range support, or the file changed): start over.
      sha = createHash('sha256');
      other = expected.other ? createHasher(expected.other.algorithm) : null;
      have = 0;
      await fsp.writeFile(partial, '');
    }
    const fh = await fsp.open(partial, have > 0 ? 'a' : 'w');
    let size = have;
    try {
      for await (const chunk of opened.body) {
        size += chunk.byteLength;
        if (size > maxBytes) {
          throw new ContentMismatchError(
            declared != null
              ? `Filen är större än de ${declared} byte som källan uppgav`
              : `Filen är större än gränsen ${maxBytes} byte`,
          );
        }
        sha.update(chunk);
        other?.update(chunk);
        await fh.write(chunk);
      }
      await fh.sync();
    } catch (err) {
      await fh.close();
      // A mismatch means the partial bytes cannot be trusted; a network error keeps them.
      if (err instanceof ContentMismatchError) await fsp.rm(partial, { force: true });
      throw err;
    }
    await fh.close();
    return this.commitPartial(partial, size, sha.digest('hex'), other, expected);
  }

  private async commitPartial(
    partial: string,
    size: number,
    sha256: string,
    other: IncrementalHash | null,
    expected: ExpectedContent,
  ): Promise<IngestResult> {
    let warning: string | undefined;
    const fail = async (message: string): Promise<never> => {
      await fsp.rm(partial, { force: true });
      throw new ContentMismatchError(message);
    };
    if (expected.size != null && size !== expected.size) {
      if (!expected.other?.lenient) await fail(`Fel storlek: fick ${size} byte, källan uppgav ${expected.size}`);
      warning = `Storleken skiljer sig från källans uppgift (${size} ≠ ${expected.size})`;
    }
    if (expected.sha256 && sha256 !== expected.sha256.toLowerCase()) {
      await fail(`Fel sha256: fick ${sha256}, källan uppgav ${expected.sha256}`);
    }
    if (expected.other && other) {
      const got = other.digest();
      if (got !== expected.other.value) {
        const text = `${expected.other.algorithm} stämmer inte (fick ${got}, källan uppgav ${expected.other.value})`;
        if (!expected.other.lenient) await fail(`Fel ${text}`);
        warning = warning ? `${warning}; ${text}` : text;
      }
    }
    const target = this.blobPath(sha256);
    await fsp.mkdir(path.dirname(target), { recursive: true });
    if (fs.existsSync(target)) await fsp.rm(partial, { force: true });
    else await fsp.rename(partial, target);
    return warning ? { sha256, size, warning } : { sha256, size };
  }

  /** Rehashes a blob; false when it is missing or its bytes no longer match its name. */
  async verifyBlob(sha256: string): Promise<boolean> {
    const file = this.blobPath(sha256);
    try {
      return (await hashFile(file)) === sha256;
    } catch {
      return false;
    }
  }

  async removeBlob(sha256: string): Promise<void> {
    await fsp.rm(this.blobPath(sha256), { force: true });
  }

  /** Drops partial downloads nobody resumed within `maxAgeMs`. */
  async prunePartials(maxAgeMs: number, now = Date.now()): Promise<void> {
    for (const name of await fsp.readdir(this.partialDir).catch(() => [] as string[])) {
      const file = path.join(this.partialDir, name);
      const st = await fsp.stat(file).catch(() => null);
      if (st && now - st.mtimeMs > maxAgeMs) await fsp.rm(file, { force: true });
    }
  }
}

export async function hashFile(file: string): Promise<string> {
  const h = createHash('sha256');
  await hashExisting(file, h, null);
  return h.digest('hex');
}

async function hashExisting(
  file: string,
  sha: { update(c: Uint8Array): unknown },
  other: IncrementalHash | null,
): Promise<void> {
  for await (const chunk of fs.createReadStream(file, { highWaterMark: 1 << 20 })) {
    sha.update(chunk as Buffer);
    other?.update(chunk as Buffer);
  }
}

async function fileSize(file: string): Promise<number> {
  try {
    return (await fsp.stat(file)).size;
  } catch {
    return 0;
  }
}
