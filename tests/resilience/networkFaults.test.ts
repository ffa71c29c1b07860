// Network faults between a PC and its library: whatever the server does, the mirror keeps
// whole, verified copies, and the next good sync finishes the job without starting over.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startFaultServer, type FaultServer } from '../helpers/faultServer.js';
import { recordReliability } from '../helpers/reliabilityLog.js';
import { sha256 } from '../helpers/library.js';
import { libraryFixture, makeDocs, mirrorFiles, mirrorHoldsOnlyGoodVersions, type LibraryFixture } from './fixture.js';

interface SyncJson {
  exitCode: number;
  libraries: { result: string; error: string | null; failures: { id: string; reason: string }[]; bytesDownloaded: number; updated: number }[];
}

/** The offset a ranged request resumed at (NaN when it was not ranged). */
function resumedAt(range: string | undefined): number {
  return Number(/^bytes=(\d+)-$/.exec(range ?? '')?.[1]);
}

describe('network faults', () => {
  let server: FaultServer;
  let f: LibraryFixture;

  beforeAll(async () => {
    f = await libraryFixture();
    server = await startFaultServer(f.pub);
    f.useServer(server.url);
    const first = await f.sync();
    expect(first.code, first.stdout + first.stderr).toBe(0);
  });
  afterAll(async () => server?.stop());
  beforeEach(() => server.setFaults([]));

  /** Publishes a new version of the given documents and returns the hrefs of the changed files. */
  async function newVersion(ids: number[], version: number): Promise<string[]> {
    const next = f.docs.map((d, i) => (ids.includes(i) ? { ...makeDocs(f.docs.length, version)[i]!, rel: d.rel } : d));
    await f.publish(next);
    return ids.map((i) => f.hrefOf(`DOC-${i}`));
  }

  it('a connection reset mid-body is retried and resumed with Range', async () => {
    const [href] = await newVersion([0], 2);
    server.setFaults([{ match: href!, fault: { kind: 'reset', afterBytes: 100_000 }, times: 1 }]);
    server.requests.length = 0;
    const r = await f.sync();
    expect(r.code, r.stdout).toBe(0);
    const gets = server.requests.filter((q) => q.path === href);
    expect(gets).toHaveLength(2);
    expect(resumedAt(gets[1]!.range)).toBeGreaterThan(0);
    expect(resumedAt(gets[1]!.range)).toBeLessThanOrEqual(100_000);
    expect(mirrorFiles(f).get(f.docs[0]!.rel)).toBe(sha256(f.docs[0]!.content));
    recordReliability({ area: 'network', fault: 'Connection reset mid-body', userSaw: 'Nothing; the download resumed where it broke (Range) and the sync succeeded', lost: 'nothing' });
  });

  it('a truncated body is detected, never shown, and resumed', async () => {
    const [href] = await newVersion([3], 2);
    server.setFaults([{ match: href!, fault: { kind: 'truncate', afterBytes: 150_000 }, times: 1 }]);
    server.requests.length = 0;
    const r = await f.sync();
    expect(r.code, r.stdout).toBe(0);
    const gets = server.requests.filter((q) => q.path === href);
    expect(gets.map((g) => g.range)[0]).toBeUndefined();
    expect(resumedAt(gets[1]!.range)).toBeGreaterThan(0);
    expect(resumedAt(gets[1]!.range)).toBeLessThanOrEqual(150_000);
    expect(mirrorHoldsOnlyGoodVersions(f)).toEqual([]);
    recordReliability({ area: 'network', fault: 'Body truncated (connection closed before Content-Length)', userSaw: 'Nothing; resumed and verified', lost: 'nothing' });
  });

  it('a stalled server times out; the old copy stays; the next sync resumes the partial download', async () => {
    const oldHash = mirrorFiles(f).get(f.docs[6]!.rel);
    const [href] = await newVersion([6], 3);
    server.setFaults([{ match: href!, fault: { kind: 'stall', afterBytes: 120_000 } }]);
    const r = await f.sync();
    expect(r.code).toBe(3);
    const lib = r.json<SyncJson>().libraries[0]!;
    expect(lib.failures.map((x) => x.id)).toEqual(['DOC-6']);
    expect(lib.failures[0]!.reason).toMatch(/servern slutade skicka|inget svar/);
    expect(mirrorFiles(f).get(f.docs[6]!.rel)).toBe(oldHash);

    server.setFaults([]);
    server.requests.length = 0;
    const again = await f.sync();
    expect(again.code, again.stdout).toBe(0);
    expect(resumedAt(server.requests.find((q) => q.path === href)?.range)).toBe(120_000);
    expect(mirrorFiles(f).get(f.docs[6]!.rel)).toBe(sha256(f.docs[6]!.content));
    recordReliability({ area: 'network', fault: 'Server stalls mid-body (no bytes, connection open)', userSaw: 'Sync ended "partial" (exit 3) naming the document and "inget svar på 2 s"; old version shown', lost: 'nothing; next sync resumed from byte 120 000' });
  });

  it('a 503 storm on the manifest fails the sync (exit 1) and leaves the mirror as it was', async () => {
    const before = mirrorFiles(f);
    server.setFaults([{ match: '/manifest.json', fault: { kind: 'status', status: 503 } }]);
    const r = await f.sync();
    expect(r.code).toBe(1);
    expect(r.json<SyncJson>().libraries[0]!.error).toMatch(/svarade 503 \(tjänsten är inte tillgänglig\); visar kopian från/);
    expect(mirrorFiles(f)).toEqual(before);
    recordReliability({ area: 'network', fault: '500/503 storm on the manifest', userSaw: 'Exit 1: "…svarade 503 (tjänsten är inte tillgänglig); visar kopian från <tid>"', lost: 'nothing (mirror untouched)' });
  });

  it('a short 500 storm and a 429 with Retry-After are ridden out', async () => {
    const [a, b] = await newVersion([1, 2], 4);
    server.setFaults([
      { match: a!, fault: { kind: 'status', status: 500 }, times: 2 },
      { match: b!, fault: { kind: 'status', status: 429, retryAfter: '1' }, times: 1 },
    ]);
    const started = Date.now();
    const r = await f.sync();
    expect(r.code, r.stdout).toBe(0);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
    expect(mirrorHoldsOnlyGoodVersions(f)).toEqual([]);
    recordReliability({ area: 'network', fault: '500 twice, then 429 with Retry-After: 1', userSaw: 'Nothing; retried with backoff, waited the requested second', lost: 'nothing' });
  });

  it('wrong bytes (sha256 mismatch) are refused; the old copy stays', async () => {
    const oldHash = mirrorFiles(f).get(f.docs[4]!.rel);
    const [href] = await newVersion([4], 5);
    server.setFaults([{ match: href!, fault: { kind: 'corrupt' } }]);
    const r = await f.sync();
    expect(r.code).toBe(3);
    expect(r.json<SyncJson>().libraries[0]!.failures[0]!.reason).toMatch(/^Fel sha256/);
    expect(mirrorFiles(f).get(f.docs[4]!.rel)).toBe(oldHash);
    server.setFaults([]);
    expect((await f.sync()).code).toBe(0);
    recordReliability({ area: 'network', fault: 'Server sends different bytes than the manifest\'s sha256', userSaw: 'Exit 3, failure "Fel sha256: fick …, källan uppgav …"; old version shown', lost: 'nothing' });
  });

  it('a server that declares more bytes than it sends is caught', async () => {
    const [href] = await newVersion([5], 6);
    server.setFaults([{ match: href!, fault: { kind: 'wrong-length', extraBytes: 10 } }]);
    const r = await f.sync();
    expect(r.code).toBe(3);
    expect(mirrorHoldsOnlyGoodVersions(f)).toEqual([]);
    server.setFaults([]);
    expect((await f.sync()).code).toBe(0);
    recordReliability({ area: 'network', fault: 'Content-Length larger than the body', userSaw: 'Exit 3 for that document; old version shown', lost: 'nothing' });
  });

  it('a redirect to another host is refused', async () => {
    const [href] = await newVersion([7], 7);
    server.setFaults([{ match: href!, fault: { kind: 'redirect', location: `http://localhost:${new URL(server.url).port}${href}` } }]);
    const r = await f.sync();
    expect(r.code).toBe(3);
    expect(r.json<SyncJson>().libraries[0]!.failures[0]!.reason).toMatch(/omdirigerar till en annan server \(localhost/);
    server.setFaults([]);
    expect((await f.sync()).code).toBe(0);
    recordReliability({ area: 'network', fault: 'Redirect to another host', userSaw: 'Exit 3: "… omdirigerar till en annan server (host); det tillåts inte"', lost: 'nothing' });
  });

  it('the server vanishing between manifest and files fails only the downloads, deletes nothing', async () => {
    const before = mirrorFiles(f);
    const hrefs = await newVersion([0, 1, 2], 8);
    await f.publish(f.docs.slice(0, 8)); // also one removal
    server.setFaults([{ match: hrefs[0]!, fault: { kind: 'hold' } }, { match: hrefs[1]!, fault: { kind: 'hold' } }, { match: hrefs[2]!, fault: { kind: 'hold' } }]);
    const arrived = server.waitForRequest(/\/files\//);
    const run = f.sync();
    await arrived;
    const port = Number(new URL(server.url).port);
    await server.vanish();
    const r = await run;
    expect(r.code).toBe(3);
    const after = mirrorFiles(f);
    expect(after).toEqual(before);
    server = await startFaultServer(f.pub, port);
    const again = await f.sync();
    expect(again.code, again.stdout).toBe(0);
    expect(mirrorFiles(f).size).toBe(8);
    recordReliability({ area: 'network', fault: 'Server vanishes between manifest and files (with a removal pending)', userSaw: 'Exit 3; failures name the documents; the removal was deferred', lost: 'nothing; the next sync applied all changes' });
  });
});
