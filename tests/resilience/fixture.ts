// A published library with documents of realistic sizes, and the helpers the fault suites
// share: sync through the CLI, and check that every mirror file is a version we vouch for.
import fs from 'node:fs';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { runCli, type CliResult } from '../helpers/cli.js';
import { treeHashes, writeConfig, writeSourceTree, type SourceDoc } from '../helpers/library.js';
import { tempDir } from '../helpers/tempDir.js';

export interface LibraryFixture {
  work: string;
  src: string;
  pub: string;
  docs: SourceDoc[];
  mirrorLib: string;
  config: string;
  /** Writes the config pointing at a server for `pub`. */
  useServer(url: string): void;
  /** Every version of each mirror path that was ever published: the mirror may hold only these. */
  good: Map<string, Set<string>>;
  publish(docs?: SourceDoc[]): Promise<void>;
  sync(...args: string[]): Promise<CliResult>;
  hrefOf(id: string): string;
}

function body(i: number, version: number, size: number): Buffer {
  const seed = createHash('sha256').update(`${i}:${version}`).digest();
  const out = Buffer.alloc(size);
  for (let p = 0; p < size; p++) out[p] = seed[p % seed.length]! ^ (p & 0xff);
  return out;
}

export function makeDocs(count: number, version = 1, sizes = [300_000, 40_000, 2_000]): SourceDoc[] {
  return Array.from({ length: count }, (_, i) => ({
    rel: `Vård/Enhet ${i % 3}/Rutin ${i}.pdf`,
    content: body(i, version, sizes[i % sizes.length]!),
    id: `DOC-${i}`,
    title: `Rutin ${i}`,
    version: String(version),
    metadata: { documentType: 'Rutin' },
  }));
}

export async function libraryFixture(opts: { count?: number; network?: object } = {}): Promise<LibraryFixture> {
  const work = tempDir('lita-fault-');
  const src = path.join(work, 'src');
  const pub = path.join(work, 'pub');
  const good = new Map<string, Set<string>>();
  const fixture: LibraryFixture = {
    work,
    src,
    pub,
    docs: makeDocs(opts.count ?? 9),
    mirrorLib: path.join(work, 'Styrande dokument', 'Ledningssystem'),
    config: '',
    good,
    useServer(url) {
      fixture.config = writeConfig(work, {
        libraries: [{ id: 'ledningssystem', title: 'Ledningssystem', source: { type: 'manifest', url: `${url}/manifest.json` } }],
        network: { timeoutSeconds: 2, retries: 2, concurrency: 2, ...opts.network },
        // A small test library: one removal is already more than 10 %.
        safety: { maxDeletePercent: 50, maxDeleteCount: 50 },
      });
    },
    async publish(docs = fixture.docs) {
      fixture.docs = docs;
      fs.rmSync(src, { recursive: true, force: true });
      writeSourceTree(src, docs);
      for (const [rel, hash] of treeHashes(src)) {
        if (rel.endsWith('.meta.json') || rel === 'library.json') continue;
        if (!good.has(rel)) good.set(rel, new Set());
        good.get(rel)!.add(hash);
      }
      const r = await runCli(['publish', src, '--out', pub]);
      if (r.code !== 0) throw new Error(`publish failed: ${r.stderr}`);
    },
    sync: (...args) => runCli(['sync', '--config', fixture.config, '--json', ...args]),
    hrefOf(id) {
      const manifest = JSON.parse(fs.readFileSync(path.join(pub, 'manifest.json'), 'utf8')) as { documents: { id: string; href: string }[] };
      return `/${decodeURIComponent(manifest.documents.find((d) => d.id === id)!.href)}`;
    },
  };
  await fixture.publish();
  return fixture;
}

/** Every file in the mirror is a whole, published version: never a partial or foreign one. */
export function mirrorHoldsOnlyGoodVersions(f: LibraryFixture): string[] {
  const problems: string[] = [];
  for (const [rel, hash] of treeHashes(f.mirrorLib)) {
    if (!f.good.get(rel)?.has(hash)) problems.push(`${rel}: not a published version`);
  }
  return problems;
}

export function mirrorFiles(f: LibraryFixture): Map<string, string> {
  return treeHashes(f.mirrorLib);
}
