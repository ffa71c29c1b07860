// The sync killed with SIGKILL (as a power cut or a killed service would stop it) at every
// interesting point. After each kill the mirror holds only whole, published versions, and
// the next sync completes, reusing what was already downloaded.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startFaultServer, type FaultServer } from '../helpers/faultServer.js';
import { recordReliability } from '../helpers/reliabilityLog.js';
import { sha256 } from '../helpers/library.js';
import { runCli, startCli } from '../helpers/cli.js';
import { libraryFixture, makeDocs, mirrorFiles, type LibraryFixture } from './fixture.js';

const TEMP = /\.lita-tmp$/;

let server: FaultServer | undefined;
afterEach(async () => {
  await server?.stop();
  server = undefined;
});

/** A synced library, then a new publication: docs 0–2 revised, doc 8 removed. */
async function prepared(): Promise<{ f: LibraryFixture; changed: string[] }> {
  const f = await libraryFixture();
  server = await startFaultServer(f.pub);
  f.useServer(server.url);
  const first = await f.sync();
  expect(first.code, first.stdout + first.stderr).toBe(0);
  const v2 = makeDocs(9, 2);
  await f.publish(f.docs.slice(0, 8).map((d, i) => (i < 3 ? { ...v2[i]!, rel: d.rel } : d)));
  return { f, changed: [0, 1, 2].map((i) => f.hrefOf(`DOC-${i}`)) };
}

/** Mirror files are whole published versions; a temp file left beside them is the only leftover allowed. */
function checkMirror(f: LibraryFixture): { temps: number } {
  let temps = 0;
  for (const [rel, hash] of mirrorFiles(f)) {
    if (TEMP.test(rel)) {
      temps++;
      continue;
    }
    expect(f.good.get(rel)?.has(hash), `${rel} holds a version nobody published`).toBe(true);
  }
  return { temps };
}

async function finishAndCheck(f: LibraryFixture, changed: string[]): Promise<number> {
  return (await finish(f, changed)).length;
}

/** Runs the next sync, checks the mirror is complete and exact, returns its requests for changed files. */
async function finish(f: LibraryFixture, changed: string[]) {
  server!.requests.length = 0;
  const r = await f.sync();
  expect(r.code, r.stdout + r.stderr).toBe(0);
  const files = mirrorFiles(f);
  expect([...files.keys()].filter((k) => TEMP.test(k))).toEqual([]);
  expect(files.size).toBe(8);
  for (const d of f.docs) expect(files.get(d.rel), d.rel).toBe(sha256(d.content));
  expect((await runCli(['verify', '--config', f.config])).code).toBe(0);
  return server!.requests.filter((q) => changed.includes(q.path));
}

const POINTS = [
  { point: 'listed', when: 'after the manifest was read, before anything was planned' },
  { point: 'blob-stored:2', when: 'with a verified download in the store, before it reached the mirror' },
  { point: 'mirror-before-rename:2', when: 'with a new file written beside the old one, before the rename' },
  { point: 'mirror-placed:2', when: 'after a mirror file was replaced, before the catalog recorded it' },
  { point: 'catalog-saved:2', when: 'after the catalog recorded a document, mid-run' },
  { point: 'before-remove', when: 'just before a deletion was applied' },
] as const;

describe('SIGKILL during a sync', () => {
  it.each(POINTS)('killed $when ($point)', async ({ point, when }) => {
    const { f, changed } = await prepared();
    const killed = await runCli(['sync', '--config', f.config, '--json'], { env: { LITA_RESERV_FAILPOINT: point } });
    expect(killed.signal ?? killed.code, 'the process should have been killed').toBe('SIGKILL');
    const { temps } = checkMirror(f);
    const refetched = await finishAndCheck(f, changed);
    if (point !== 'listed') expect(refetched, 'documents already downloaded must not be fetched again').toBeLessThan(3);
    recordReliability({
      area: 'crash',
      fault: `SIGKILL ${when}`,
      userSaw: `Mirror files all old or new whole versions${temps ? ` (plus ${temps} hidden temp file, removed by the next sync)` : ''}; next sync exit 0`,
      lost: `nothing; next sync fetched ${refetched} of 3 changed files`,
    });
  });

  it('killed while the manifest request is in flight', async () => {
    const { f, changed } = await prepared();
    const before = mirrorFiles(f);
    server!.setFaults([{ match: '/manifest.json', fault: { kind: 'hold' }, times: 1 }]);
    const arrived = server!.waitForRequest('/manifest.json');
    const proc = startCli(['sync', '--config', f.config, '--json']);
    await arrived;
    proc.child.kill('SIGKILL');
    await proc.done;
    expect(mirrorFiles(f)).toEqual(before);
    await finishAndCheck(f, changed);
    recordReliability({ area: 'crash', fault: 'SIGKILL while the manifest request is in flight', userSaw: 'Mirror unchanged; next sync exit 0', lost: 'nothing' });
  });

  it('killed in the middle of a file download, which the next sync resumes', async () => {
    const { f, changed } = await prepared();
    server!.setFaults(changed.map((href) => ({ match: href, fault: { kind: 'stall' as const, afterBytes: 100_000 }, times: 1 })));
    const arrived = server!.waitForRequest(changed[0]!);
    const proc = startCli(['sync', '--config', f.config, '--json']);
    await arrived;
    await new Promise((r) => setTimeout(r, 500));
    proc.child.kill('SIGKILL');
    await proc.done;
    checkMirror(f);
    const requests = await finish(f, changed);
    const resumed = requests.filter((q) => q.path === changed[0] && /^bytes=[1-9]\d*-$/.test(q.range ?? ''));
    expect(resumed, 'the interrupted download should resume with Range').toHaveLength(1);
    recordReliability({ area: 'crash', fault: 'SIGKILL in the middle of a file download', userSaw: 'Old version shown; next sync exit 0', lost: 'nothing; the partial download was resumed with Range' });
  });

  it('a crash leaves no sync marked as running forever', async () => {
    const { f } = await prepared();
    await runCli(['sync', '--config', f.config], { env: { LITA_RESERV_FAILPOINT: 'blob-stored' } });
    expect(fs.existsSync(path.join(f.work, 'data', 'sync.lock'))).toBe(true);
    const r = await f.sync();
    expect(r.code, r.stderr).toBe(0);
    const status = (await runCli(['status', '--config', f.config, '--json'])).json<{ libraries: { lastResult: string }[] }>();
    expect(status.libraries[0]!.lastResult).toBe('ok');
  });
});
