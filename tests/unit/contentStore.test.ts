import fs from 'node:fs';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ContentMismatchError, ContentStore, type OpenedBody } from '../../sync/store/contentStore.js';
import { registerHash } from '../../sync/store/hashes.js';
import { tempDir } from '../helpers/tempDir.js';

const sha = (b: Buffer | string) => createHash('sha256').update(b).digest('hex');

async function* chunks(data: Buffer, size = 7, failAfter?: number): AsyncGenerator<Uint8Array> {
  for (let i = 0; i < data.length; i += size) {
    if (failAfter !== undefined && i >= failAfter) throw Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
    yield data.subarray(i, i + size);
  }
}

/** A source that honours Range requests, like nginx. */
function rangeOpener(data: Buffer, opts: { failAfter?: number; ignoreRange?: boolean } = {}) {
  const offsets: number[] = [];
  const open = async (offset: number): Promise<OpenedBody> => {
    offsets.push(offset);
    const start = opts.ignoreRange ? 0 : offset;
    const fail = opts.failAfter !== undefined ? opts.failAfter - start : undefined;
    return { body: chunks(data.subarray(start), 7, fail), offset: start };
  };
  return { open, offsets };
}

describe('content store', () => {
  const data = Buffer.from('Hjärtstopp – rutin för vuxna. '.repeat(50));

  it('stores a verified body under its sha256 and leaves no partial behind', async () => {
    const store = new ContentStore(tempDir());
    const r = await store.ingest('k', rangeOpener(data).open, { size: data.length, sha256: sha(data) });
    expect(r).toEqual({ sha256: sha(data), size: data.length });
    expect(fs.readFileSync(store.blobPath(r.sha256))).toEqual(data);
    expect(fs.readdirSync(store.partialDir)).toEqual([]);
    expect(await store.verifyBlob(r.sha256)).toBe(true);
  });

  it('refuses a body with the wrong sha256 and stores nothing', async () => {
    const store = new ContentStore(tempDir());
    await expect(store.ingest('k', rangeOpener(data).open, { size: data.length, sha256: sha('other') })).rejects.toThrow(ContentMismatchError);
    expect(store.has(sha(data))).toBe(false);
    expect(fs.readdirSync(store.partialDir)).toEqual([]);
  });

  it('refuses a body of the wrong size, and stops reading one that is too large', async () => {
    const store = new ContentStore(tempDir());
    await expect(store.ingest('k', rangeOpener(data).open, { size: data.length + 1, sha256: null })).rejects.toThrow(/Fel storlek/);
    await expect(store.ingest('k', rangeOpener(data).open, { size: 10, sha256: null })).rejects.toThrow(/större än de 10 byte/);
    expect(fs.readdirSync(store.storeDir)).toEqual([]);
  });

  it('resumes an interrupted download from where it stopped', async () => {
    const store = new ContentStore(tempDir());
    const first = rangeOpener(data, { failAfter: 700 });
    await expect(store.ingest('k', first.open, { size: data.length, sha256: sha(data) })).rejects.toThrow(/socket hang up/);
    const partial = fs.readdirSync(store.partialDir);
    expect(partial).toHaveLength(1);
    expect(fs.statSync(path.join(store.partialDir, partial[0]!)).size).toBe(700);
    const second = rangeOpener(data);
    const r = await store.ingest('k', second.open, { size: data.length, sha256: sha(data) });
    expect(second.offsets).toEqual([700]);
    expect(r.sha256).toBe(sha(data));
  });

  it('starts over when the server ignores the range', async () => {
    const store = new ContentStore(tempDir());
    await expect(store.ingest('k', rangeOpener(data, { failAfter: 300 }).open, { size: data.length, sha256: sha(data) })).rejects.toThrow();
    const r = await store.ingest('k', rangeOpener(data, { ignoreRange: true }).open, { size: data.length, sha256: sha(data) });
    expect(fs.readFileSync(store.blobPath(r.sha256))).toEqual(data);
  });

  it('checks a source hash too, and accepts a lenient mismatch with a warning', async () => {
    registerHash('length-mod-7', () => {
      let n = 0;
      return { update: (c) => void (n += c.byteLength), digest: () => String(n % 7) };
    });
    const store = new ContentStore(tempDir());
    const expectedValue = String(data.length % 7);
    await expect(store.ingest('a', rangeOpener(data).open, { other: { algorithm: 'length-mod-7', value: 'x' } })).rejects.toThrow(/stämmer inte/);
    expect((await store.ingest('b', rangeOpener(data).open, { other: { algorithm: 'length-mod-7', value: expectedValue } })).warning).toBeUndefined();
    const lenient = await store.ingest('c', rangeOpener(data).open, { size: data.length + 5, other: { algorithm: 'length-mod-7', value: 'x', lenient: true } });
    expect(lenient.warning).toMatch(/Storleken skiljer sig.*length-mod-7 stämmer inte/);
  });

  it('detects a blob whose bytes changed on disk', async () => {
    const store = new ContentStore(tempDir());
    const r = await store.ingest('k', rangeOpener(data).open, { sha256: sha(data) });
    fs.appendFileSync(store.blobPath(r.sha256), 'x');
    expect(await store.verifyBlob(r.sha256)).toBe(false);
  });
});
