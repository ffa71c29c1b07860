// Builds small document libraries in temp folders: a source tree with sidecar metadata
// that `publish` turns into a manifest library, and config files pointing at it.
import fs from 'node:fs';
import path from 'node:path';
import { createHash } from 'node:crypto';

export interface SourceDoc {
  /** Relative path inside the source folder, '/'-separated. */
  rel: string;
  content: string | Buffer;
  id?: string;
  title?: string;
  version?: string;
  metadata?: Record<string, unknown>;
}

export function writeSourceTree(dir: string, docs: SourceDoc[], library = { id: 'ledningssystem', title: 'Ledningssystem' }): void {
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'library.json'), JSON.stringify(library));
  for (const d of docs) {
    const file = path.join(dir, ...d.rel.split('/'));
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, d.content);
    const meta: Record<string, unknown> = {};
    if (d.id) meta.id = d.id;
    if (d.title) meta.title = d.title;
    if (d.version) meta.version = d.version;
    if (d.metadata) meta.metadata = d.metadata;
    if (Object.keys(meta).length > 0) fs.writeFileSync(`${file}.meta.json`, JSON.stringify(meta));
  }
}

export function sha256(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

export function writeConfig(dir: string, config: Record<string, unknown>): string {
  const file = path.join(dir, 'config.json');
  fs.writeFileSync(file, JSON.stringify(config, null, 2));
  return file;
}

/** Every file under `dir` (relative, '/'-separated) with its sha256. */
export function treeHashes(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (d: string, rel: string[]) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const full = path.join(d, e.name);
      if (e.isDirectory()) walk(full, [...rel, e.name]);
      else out.set([...rel, e.name].join('/'), sha256(fs.readFileSync(full)));
    }
  };
  if (fs.existsSync(dir)) walk(dir, []);
  return out;
}

/** A corpus of plausible Swedish governing documents for tests. */
export function sampleDocs(count: number): SourceDoc[] {
  const units = ['Akutmottagning', 'Kirurgi', 'Medicin', 'Barn och ungdom', 'Psykiatri'];
  const kinds = ['Rutin', 'Riktlinje', 'PM', 'Policy'];
  return Array.from({ length: count }, (_, i) => {
    const unit = units[i % units.length]!;
    const kind = kinds[i % kinds.length]!;
    return {
      rel: `Hälso- och sjukvård/${unit}/${kind} ${i + 1}.txt`,
      content: `${kind} ${i + 1} för ${unit}.\nInnehåll ${'å'.repeat(i % 7)} ${i}\n`,
      id: `DOC-${1000 + i}`,
      title: `${kind} ${i + 1} – ${unit}`,
      version: '1',
      metadata: { documentType: kind, unit, owner: `Verksamhetschef ${unit}`, validFrom: '2026-01-01', validTo: null },
    };
  });
}
