// The bundled sample library: its content meets what the demo and the UI rely on, and the
// generator writes the same bytes every time, in every time zone.
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { generateSampleLibrary, MARKER_FILE } from '../../build/sample-library/generate.js';
import { DOCUMENT_TYPES, loadSampleDocuments, parseSampleDocument, wordCount } from '../../build/sample-library/sampleDocument.js';
import { tempDir } from '../helpers/tempDir.js';
import { treeHashes } from '../helpers/library.js';
import { repoRoot } from '../helpers/cli.js';

const docs = loadSampleDocuments();

describe('sample library content', () => {
  it('has about 30 documents, two thirds PDF, every type, unique ids', () => {
    expect(docs.length).toBeGreaterThanOrEqual(28);
    expect(docs.length).toBeLessThanOrEqual(34);
    const pdf = docs.filter((d) => d.format === 'pdf').length;
    expect(pdf).toBeGreaterThanOrEqual(18);
    expect(docs.length - pdf).toBeGreaterThanOrEqual(9);
    expect(new Set(docs.map((d) => d.metadata.documentType))).toEqual(new Set(DOCUMENT_TYPES));
    for (const d of docs) expect(d.id).toMatch(/^DOC-\d{4}$/);
  });

  it('has bodies of 300–1500 words with headings and lists', () => {
    for (const d of docs) {
      const words = wordCount(d);
      expect(words, d.id).toBeGreaterThanOrEqual(300);
      expect(words, d.id).toBeLessThanOrEqual(1500);
      expect(d.body.filter((b) => b.kind === 'heading').length, d.id).toBeGreaterThanOrEqual(3);
      expect(d.body.some((b) => b.kind === 'list'), d.id).toBe(true);
    }
  });

  it('covers the routines a ward needs during an outage', () => {
    const titles = docs.map((d) => d.title).join('\n');
    const topics = [
      /IT-avbrott i journalsystemet/, /Strömavbrott/, /Hjärtstopp – rutin för vuxna/, /Hjärtstopp hos barn/, /Sepsis/,
      /Basala hygienrutiner/, /Handhygien/, /MRSA/, /Läkemedelshantering/, /Narkotikaklassade/, /Överflyttning/,
      /Fallprevention/, /Trycksår/, /Suicidrisk/, /Brand/, /Hot och våld/, /Informationssäkerhet/, /Katastrofmedicinsk/,
      /Blodtransfusion/, /Provtagning.*IT-avbrott/, /Nutrition/, /Smärtskattning/, /LPT/, /Avvikelsehantering/,
    ];
    for (const topic of topics) expect(titles, String(topic)).toMatch(topic);
  });

  it('has titles that need making Windows-safe, and exactly two expired documents', () => {
    expect(docs.filter((d) => d.title.includes(':'))).toHaveLength(1);
    expect(docs.filter((d) => d.title.includes('/'))).toHaveLength(1);
    const today = new Date().toISOString().slice(0, 10);
    const expired = docs.filter((d) => d.metadata.validTo !== null && d.metadata.validTo < today);
    expect(expired.map((d) => d.id)).toHaveLength(2);
    expect(docs.filter((d) => d.metadata.validTo !== null)).toHaveLength(2);
  });

  it('rejects a sample with an unknown front matter key, naming file and key', () => {
    const text = '---\nid: DOC-1\ntitel: fel\n---\n# Rubrik\n';
    expect(() => parseSampleDocument(text, 'DOC-1.md')).toThrow(/DOC-1\.md: okänt fält "titel"/);
  });
});

describe('sample library generator', () => {
  it('writes identical bytes on every run and leaves unchanged files alone', async () => {
    const a = path.join(tempDir(), 'a');
    const b = path.join(tempDir(), 'b');
    const first = await generateSampleLibrary(a);
    await generateSampleLibrary(b);
    const hashesA = treeHashes(a);
    expect(hashesA.size).toBe(2 + 2 * docs.length);
    expect(treeHashes(b)).toEqual(hashesA);
    expect(first.written).toBe(hashesA.size);

    const mtimes = fs.statSync(path.join(a, 'library.json')).mtimeMs;
    const again = await generateSampleLibrary(a);
    expect(again).toMatchObject({ written: 0, unchanged: hashesA.size, removed: 0 });
    expect(fs.statSync(path.join(a, 'library.json')).mtimeMs).toBe(mtimes);
  });

  it('writes the same bytes in another time zone (zip entry times are local)', async () => {
    const here = path.join(tempDir(), 'here');
    const there = path.join(tempDir(), 'there');
    await generateSampleLibrary(here);
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'build/sample-library/generate.ts', there], {
      cwd: repoRoot,
      env: { ...process.env, TZ: 'Pacific/Chatham' },
      encoding: 'utf8',
    });
    expect(run.status, run.stderr).toBe(0);
    expect(treeHashes(there)).toEqual(treeHashes(here));
  });

  it('removes files an earlier sample left, but refuses a folder it did not make', async () => {
    const out = path.join(tempDir(), 'src');
    await generateSampleLibrary(out);
    const stale = path.join(out, 'Gammal enhet', 'Rutiner', 'Borttagen rutin.pdf');
    fs.mkdirSync(path.dirname(stale), { recursive: true });
    fs.writeFileSync(stale, 'gammal');
    expect((await generateSampleLibrary(out)).removed).toBe(1);
    expect(fs.existsSync(path.join(out, 'Gammal enhet'))).toBe(false);

    const foreign = tempDir();
    fs.writeFileSync(path.join(foreign, 'viktig.txt'), 'rör inte');
    await expect(generateSampleLibrary(foreign)).rejects.toThrow(new RegExp(`${MARKER_FILE} saknas`));
    expect(fs.readdirSync(foreign)).toEqual(['viktig.txt']);
  });
});
