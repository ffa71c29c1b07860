// Full-text search through the real sync path: a library published (`publish`, with
// metadata from sidecar files) into a temp folder and read by a folder source, the built CLI (`sync`, `search --json`, `list --json`, `status --json`), real PDFs and Word
// files, and a few real-world documents from the shared corpus. The index must follow the
// mirror exactly through updates and deletions.
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/tempDir.js';
import { runCli } from '../helpers/cli.js';
import { writeConfig } from '../helpers/library.js';
import { docx, imageOnlyPdf, textPdf, truncatedPdf } from '../helpers/documents.js';
import { findCorpusDir } from '../helpers/corpus.js';

interface SearchJson {
  results: { libraryId: string; id: string; title: string; snippet: string; mirrorPath: string; documentType: string | null }[];
}
interface ListJson {
  documents: { id: string; title: string; searchableText: boolean; searchableTextReason: string | null }[];
}

function put(src: string, rel: string, content: string | Buffer, meta?: Record<string, unknown>): void {
  const file = path.join(src, ...rel.split('/'));
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, content);
  if (meta) fs.writeFileSync(`${file}.meta.json`, JSON.stringify(meta));
}

describe('search after a real sync from a folder', () => {
  let work: string;
  let src: string;
  let pub: string;
  let config: string;
  const corpusDir = findCorpusDir();

  const search = async (...args: string[]) => {
    const r = await runCli(['search', ...args, '--config', config, '--json']);
    expect(r.code, r.stderr).toBe(0);
    return r.json<SearchJson>().results;
  };
  const sync = async () => {
    const p = await runCli(['publish', src, '--out', pub, '--prune']);
    expect(p.code, p.stderr).toBe(0);
    const r = await runCli(['sync', '--config', config, '--json'], { timeoutMs: 300_000 });
    expect(r.code, r.stdout + r.stderr).toBe(0);
  };
  const dbRows = (sql: string) => {
    const db = new Database(path.join(work, 'data', 'catalog.sqlite'), { readonly: true });
    try {
      return db.prepare(sql).all() as Record<string, unknown>[];
    } finally {
      db.close();
    }
  };

  beforeAll(async () => {
    work = tempDir('lita-search-sync-');
    src = path.join(work, 'källa');
    pub = path.join(work, 'publicerat');
    fs.mkdirSync(src);
    fs.writeFileSync(path.join(src, 'library.json'), JSON.stringify({ id: 'akut', title: 'Akutens rutiner' }));
    put(src, 'Akutmottagning/Hjärtstopp.pdf', await textPdf([['Hjärtstopp hos vuxna', 'Larma HLR-teamet och starta kompressioner.']]), {
      id: 'DOC-1', title: 'Hjärtstopp – rutin för vuxna', metadata: { documentType: 'Rutin', unit: 'Akutmottagning' },
    });
    put(src, 'IVA/Överflyttning.pdf', await textPdf([['Överflyttning från akuten sker efter stabilisering.'], ['Överrapportering enligt SBAR.']]), {
      id: 'DOC-2', title: 'Överflyttning till IVA', metadata: { documentType: 'PM', unit: 'Intensivvård' },
    });
    put(src, 'Vårdhygien/Basala hygienrutiner.docx', docx(['Handdesinfektion före och efter varje patientkontakt.']), {
      id: 'DOC-3', title: 'Vårdhygien – basala hygienrutiner', metadata: { documentType: 'Riktlinje' },
    });
    put(src, 'Läkemedel/Narkotika.pdf', await textPdf([['Narkotikaklassade läkemedel kontrollräknas varje vecka.']]), { id: 'DOC-4', title: 'Läkemedelsförråd' });
    put(src, 'Blanketter/Skannad remiss.pdf', await imageOnlyPdf(), { id: 'DOC-5', title: 'Skannad remiss' });
    put(src, 'Blanketter/Trasig.pdf', await truncatedPdf(), { id: 'DOC-6', title: 'Trasig fil' });
    put(src, 'Reserv/IT-avbrott.txt', 'Vid IT-avbrott används pappersjournal och telefon.', { id: 'DOC-7', title: 'Reservrutin vid IT-avbrott' });
    if (corpusDir) {
      for (const rel of ['pdf-stress/pdfjs/encrypted-user-password/issue6010_1.pdf', 'pdf-stress/pdfjs/broken/bomb_giant.pdf', 'sv-public-sector/ferenda/dir-2014-158.pdf']) {
        const name = path.basename(rel);
        put(src, `Korpus/${name}`, fs.readFileSync(path.join(corpusDir, ...rel.split('/'))), { id: `KORPUS-${name}`, title: name });
      }
    }
    config = writeConfig(work, { dataDir: 'data', mirrorDir: 'Styrande dokument', libraries: [{ id: 'akut', title: 'Akutens rutiner', source: { type: 'folder', path: 'publicerat' } }],
      // A small library: one removal must pass the guard whether or not the corpus files are there.
      safety: { maxDeletePercent: 50, maxDeleteCount: 50 } });
    await sync();
  }, 300_000);

  it('finds documents by fragments, without dots, in titles and text, per the search --json contract', async () => {
    const stopp = await search('stopp');
    expect(stopp.map((r) => r.id)).toEqual(['DOC-1']);
    expect(Object.keys(stopp[0]!)).toEqual(expect.arrayContaining(['libraryId', 'id', 'title', 'snippet', 'mirrorPath']));
    expect(stopp[0]!.snippet).toBe('«Hjärtstopp» – rutin för vuxna');
    expect(fs.existsSync(stopp[0]!.mirrorPath)).toBe(true);
    expect((await search('overflyttning')).map((r) => r.id)).toEqual(['DOC-2']);
    expect((await search('hygien')).map((r) => r.id)).toEqual(['DOC-3']);
    const text = await search('kontrollräknas');
    expect(text.map((r) => r.id)).toEqual(['DOC-4']);
    expect(text[0]!.snippet).toContain('«kontrollräknas»');
    expect((await search('narkotika')).map((r) => r.id)).toEqual(['DOC-4']);
    expect((await search('pappersjournal')).map((r) => r.id)).toEqual(['DOC-7']);
    expect((await search('handdesinfektion', '--type', 'Riktlinje')).map((r) => r.id)).toEqual(['DOC-3']);
    expect(await search('NEAR("x"', 'AND', '-', '*')).toEqual([]);
    if (corpusDir) expect((await search('fondregelverket')).map((r) => r.id)).toEqual(['KORPUS-dir-2014-158.pdf']);
  });

  it('lists which documents have no searchable text, and why', async () => {
    const list = (await runCli(['list', '--config', config, '--json'])).json<ListJson>();
    const byId = new Map(list.documents.map((d) => [d.id, d]));
    expect(byId.get('DOC-1')).toMatchObject({ searchableText: true, searchableTextReason: null });
    expect(byId.get('DOC-5')).toMatchObject({ searchableText: false, searchableTextReason: expect.stringMatching(/inskannade/) });
    if (corpusDir) expect(byId.get('KORPUS-issue6010_1.pdf')).toMatchObject({ searchableText: false, searchableTextReason: expect.stringMatching(/lösenordsskyddad/) });
    // Every synced document went through extraction before `sync` returned.
    expect(dbRows("SELECT d.id FROM documents d LEFT JOIN document_text t ON t.sha256 = d.sha256 WHERE d.state = 'active' AND t.sha256 IS NULL")).toEqual([]);
    const status = (await runCli(['status', '--config', config, '--json'])).json<{ libraries: { withoutText: { none: number; pending: number } }[] }>();
    expect(status.libraries[0]!.withoutText.pending).toBe(0);
    expect(status.libraries[0]!.withoutText.none).toBeGreaterThanOrEqual(1);
  });

  it('follows new titles without extracting again, new content, and deletions', async () => {
    const extractedBefore = dbRows("SELECT extracted_at FROM document_text t JOIN documents d ON d.sha256 = t.sha256 WHERE d.id = 'DOC-4'");
    fs.writeFileSync(path.join(src, 'Läkemedel', 'Narkotika.pdf.meta.json'), JSON.stringify({ id: 'DOC-4', title: 'Narkotikaförråd – kontroll' }));
    put(src, 'Akutmottagning/Hjärtstopp.pdf', await textPdf([['Hjärtstopp hos barn', 'Pediatriska elektroder används.']]), {
      id: 'DOC-1', title: 'Hjärtstopp – rutin för barn', metadata: { documentType: 'Rutin', unit: 'Akutmottagning' },
    });
    fs.rmSync(path.join(src, 'Reserv'), { recursive: true });
    await sync();
    expect(dbRows("SELECT extracted_at FROM document_text t JOIN documents d ON d.sha256 = t.sha256 WHERE d.id = 'DOC-4'")).toEqual(extractedBefore);
    expect((await search('förråd')).map((r) => r.title)).toEqual(['Narkotikaförråd – kontroll']);
    expect((await search('kompressioner')).map((r) => r.id)).toEqual([]);
    expect((await search('pediatriska')).map((r) => r.id)).toEqual(['DOC-1']);
    expect(await search('pappersjournal')).toEqual([]);
    const active = dbRows("SELECT count(*) AS n FROM documents WHERE state = 'active'")[0]!.n;
    expect(dbRows('SELECT count(*) AS n FROM search_entries')[0]!.n).toBe(active);
    expect(dbRows('SELECT count(*) AS n FROM search_fts_docsize')[0]!.n).toBe(active);
    expect(dbRows('SELECT count(*) AS n FROM search_meta_docsize')[0]!.n).toBe(active);
  });
});
