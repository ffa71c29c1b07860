// Generates the bundled sample library as a source tree that `lita-reserv publish`
// understands: library.json at the top, each document under organisation/unit/type, and
// a `<file>.meta.json` sidecar beside it. Byte-for-byte deterministic, and files whose
// bytes are already right are left alone, so regenerating never looks like an update.
//
//   npx tsx build/sample-library/generate.ts OUTDIR
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { renderDocx } from './docxWriter.js';
import { renderPdf } from './pdfWriter.js';
import { loadSampleDocuments, sourceFileName, sourceFolder, type SampleDocument } from './sampleDocument.js';

export const SAMPLE_LIBRARY = { id: 'ledningssystem', title: 'Ledningssystem' } as const;
/** Marks a folder as generated here, so regenerating may clean it; publish skips dot-files. */
export const MARKER_FILE = '.exempelbibliotek';
/** The date every generated file claims, in PDF info, DOCX properties and zip entries. */
const FIXED_DATE = new Date('2026-01-15T08:00:00Z');

export interface GeneratedFile {
  /** '/'-separated, relative to the output folder. */
  rel: string;
  bytes: Uint8Array;
}

export interface GenerateResult {
  outDir: string;
  documents: SampleDocument[];
  written: number;
  unchanged: number;
  removed: number;
}

/** Every file of the source tree, in a stable order. */
export async function sampleLibraryFiles(docs = loadSampleDocuments()): Promise<GeneratedFile[]> {
  const json = (value: unknown) => new TextEncoder().encode(`${JSON.stringify(value, null, 2)}\n`);
  const files: GeneratedFile[] = [
    { rel: MARKER_FILE, bytes: new TextEncoder().encode('Genererad av build/sample-library/generate.ts. Skrivs över vid nästa körning.\n') },
    { rel: 'library.json', bytes: json(SAMPLE_LIBRARY) },
  ];
  for (const doc of docs) {
    const rel = [...sourceFolder(doc), sourceFileName(doc)].join('/');
    const bytes = doc.format === 'pdf' ? await renderPdf(doc, FIXED_DATE) : renderDocx(doc, FIXED_DATE);
    files.push({ rel, bytes });
    files.push({
      rel: `${rel}.meta.json`,
      bytes: json({ id: doc.id, title: doc.title, version: doc.version, modifiedAt: doc.modifiedAt, metadata: doc.metadata }),
    });
  }
  return files;
}

export async function generateSampleLibrary(outDir: string): Promise<GenerateResult> {
  const out = path.resolve(outDir);
  assertOursOrEmpty(out);
  const documents = loadSampleDocuments();
  const files = await sampleLibraryFiles(documents);
  let written = 0;
  let unchanged = 0;
  for (const f of files) {
    const target = path.join(out, ...f.rel.split('/'));
    if (fs.existsSync(target) && Buffer.from(f.bytes).equals(fs.readFileSync(target))) {
      unchanged++;
      continue;
    }
    fs.mkdirSync(path.dirname(target), { recursive: true });
    const temp = `${target}.tmp`;
    fs.writeFileSync(temp, f.bytes);
    fs.renameSync(temp, target);
    written++;
  }
  const removed = removeOthers(out, new Set(files.map((f) => path.join(out, ...f.rel.split('/')))));
  return { outDir: out, documents, written, unchanged, removed };
}

/** Refuses to write into a folder someone else filled: cleaning it would lose their files. */
function assertOursOrEmpty(out: string): void {
  if (!fs.existsSync(out)) return;
  if (!fs.statSync(out).isDirectory()) throw new Error(`${out} finns redan och är ingen mapp`);
  if (fs.readdirSync(out).length === 0 || fs.existsSync(path.join(out, MARKER_FILE))) return;
  throw new Error(`${out} innehåller redan annat än ett exempelbibliotek (filen ${MARKER_FILE} saknas); välj en tom mapp`);
}

/** Deletes files (and then empty folders) that an earlier version of the sample left. */
function removeOthers(dir: string, keep: ReadonlySet<string>): number {
  let removed = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      removed += removeOthers(full, keep);
      if (fs.readdirSync(full).length === 0) fs.rmdirSync(full);
    } else if (!keep.has(full)) {
      fs.rmSync(full);
      removed++;
    }
  }
  return removed;
}

async function main(argv: string[]): Promise<number> {
  const outDir = argv[0];
  if (!outDir || argv.length > 1) {
    process.stderr.write('Användning: tsx build/sample-library/generate.ts UTMAPP\n');
    return 2;
  }
  const result = await generateSampleLibrary(outDir);
  const pdf = result.documents.filter((d) => d.format === 'pdf').length;
  process.stdout.write(
    `Exempelbiblioteket har ${result.documents.length} dokument (${pdf} PDF, ${result.documents.length - pdf} DOCX) i ${result.outDir}\n` +
      `${result.written} filer skrivna, ${result.unchanged} oförändrade, ${result.removed} borttagna.\n`,
  );
  return 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  main(process.argv.slice(2)).then(
    (code) => (process.exitCode = code),
    (err: unknown) => {
      process.stderr.write(`Kunde inte generera exempelbiblioteket: ${err instanceof Error ? err.message : String(err)}\n`);
      process.exitCode = 1;
    },
  );
}
