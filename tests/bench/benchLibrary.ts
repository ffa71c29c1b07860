// Generates a benchmark library the way a region's document library looks: a folder tree
// organisation → unit → document type with Swedish names, mostly small PDFs and a tail of
// large ones, sidecar metadata beside each file. Everything follows from a seed, so two
// runs with the same flags produce the same bytes.
import fs from 'node:fs';
import path from 'node:path';
import { createCipheriv, createHash } from 'node:crypto';
import { rng } from './swedishCorpus.js';

export type SizeProfile = 'real' | 'small';

export interface BenchDoc {
  index: number;
  id: string;
  /** Relative path in the source folder, '/'-separated. */
  rel: string;
  title: string;
  size: number;
  metadata: Record<string, string | null>;
}

const ORGANISATIONS: Record<string, string[]> = {
  'Hälso- och sjukvård': [
    'Akutmottagningen', 'Ambulanssjukvården', 'Anestesi och intensivvård', 'Barn- och ungdomsmedicin',
    'Geriatriska kliniken', 'Infektionskliniken', 'Kirurgkliniken', 'Kvinnosjukvården',
    'Medicinkliniken', 'Ortopedkliniken', 'Röntgenkliniken', 'Öron-, näs- och halskliniken',
  ],
  Primärvård: ['Vårdcentralen Åby', 'Vårdcentralen Älvsjö', 'Vårdcentralen Östermalm', 'Barnavårdscentralen', 'Mödrahälsovården', 'Hemsjukvården'],
  Psykiatri: ['Vuxenpsykiatrin', 'Barn- och ungdomspsykiatrin', 'Rättspsykiatrin', 'Beroendevården'],
  Tandvård: ['Folktandvården', 'Specialisttandvården'],
  Regionservice: ['Fastighet och säkerhet', 'Kost och restaurang', 'Medicinteknik', 'IT-avdelningen', 'Sterilteknik'],
  'Regiongemensamt': ['Patientsäkerhet', 'Smittskydd och vårdhygien', 'Läkemedelsenheten', 'Krisberedskap'],
};

const TYPES = ['Rutin', 'Riktlinje', 'PM', 'Policy', 'Checklista', 'Instruktion', 'Reservrutin'];

const TOPICS = [
  'Hjärtstopp', 'Läkemedelshantering', 'Basala hygienrutiner', 'Fallprevention', 'Trycksår', 'Smärtlindring',
  'Provtagning', 'Blodtransfusion', 'Sepsis', 'Nutrition', 'Journalföring', 'Elavbrott', 'Brandlarm',
  'Utrymning', 'Identitetskontroll', 'Avvikelsehantering', 'Samtycke', 'Tolkanvändning', 'Palliativ vård',
  'Kateterisering', 'Perifer venkateter', 'Isolering', 'MRSA-screening', 'Influensavaccination', 'Stroke',
  'Traumalarm', 'Förlossning', 'Misstanke om barnmisshandel', 'Suicidriskbedömning', 'Tvångsvård',
  'Insulinbehandling', 'Antikoagulantia', 'Syrgasbehandling', 'Anafylaxi', 'Höftfraktur', 'Delirium',
  'Vätskebalans', 'Sondmatning', 'Stickskada', 'Dödsfall och bårhus', 'Patienttransport', 'Kylkedja för läkemedel',
];

const QUALIFIERS = [
  'för vuxna', 'för barn', 'i hemsjukvården', 'nattetid', 'vid IT-avbrott', 'vid elavbrott',
  '– akut omhändertagande', '– ansvar och roller', '– dokumentation', 'på vårdavdelning', 'i ambulans', '',
];

const OWNERS = ['Verksamhetschef', 'Medicinskt ledningsansvarig läkare', 'Vårdenhetschef', 'Hygiensjuksköterska', 'Säkerhetschef'];
const APPROVERS = ['Hälso- och sjukvårdsdirektör', 'Regiondirektör', 'Chefläkare', 'Förvaltningschef'];

/**
 * Document sizes skewed like a real library: 70 % 50–200 KB, 22 % 200–700 KB, 8 % 0.7–2 MB,
 * log-uniform within each band. The small profile divides every size by 20 (2.5–100 KB).
 */
function documentSize(rand: () => number, profile: SizeProfile): number {
  const u = rand();
  const [lo, hi] = u < 0.7 ? [50e3, 200e3] : u < 0.92 ? [200e3, 700e3] : [700e3, 2e6];
  const size = Math.round(lo * Math.pow(hi / lo, rand()));
  return profile === 'small' ? Math.round(size / 20) : size;
}

export function planLibrary(count: number, seed: number, profile: SizeProfile): BenchDoc[] {
  const rand = rng(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)]!;
  const orgs = Object.keys(ORGANISATIONS);
  const usedNames = new Set<string>();
  const docs: BenchDoc[] = [];
  for (let index = 0; index < count; index++) {
    // Larger organisations hold more documents: the first few get most of them.
    const org = orgs[Math.min(orgs.length - 1, Math.floor(-Math.log(1 - rand() * 0.95) * 2))]!;
    const unit = pick(ORGANISATIONS[org]!);
    const type = pick(TYPES);
    const base = `${pick(TOPICS)} ${pick(QUALIFIERS)}`.trim();
    const folder = `${org}/${unit}/${type}`;
    let title = base;
    for (let n = 2; usedNames.has(`${folder}/${title}`.toLowerCase()); n++) title = `${base} (${n})`;
    usedNames.add(`${folder}/${title}`.toLowerCase());
    const validFrom = `202${Math.floor(rand() * 6)}-${String(1 + Math.floor(rand() * 12)).padStart(2, '0')}-01`;
    docs.push({
      index,
      id: `DOK-${String(index + 1).padStart(6, '0')}`,
      rel: `${folder}/${title}.pdf`,
      title,
      size: documentSize(rand, profile),
      metadata: {
        documentType: type,
        unit,
        validFrom,
        validTo: rand() < 0.2 ? `${Number(validFrom.slice(0, 4)) + 3}${validFrom.slice(4)}` : null,
        owner: `${pick(OWNERS)}, ${unit}`,
        approvedBy: pick(APPROVERS),
      },
    });
  }
  return docs;
}

/** Writes every document and its `.meta.json` sidecar, plus library.json, under `dir`. */
export function writeLibrary(dir: string, docs: readonly BenchDoc[], seed: number, onProgress?: (done: number) => void): void {
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'library.json'), JSON.stringify({ id: 'ledningssystem', title: 'Ledningssystem' }));
  const madeDirs = new Set<string>();
  docs.forEach((doc, i) => {
    const file = path.join(dir, ...doc.rel.split('/'));
    const folder = path.dirname(file);
    if (!madeDirs.has(folder)) {
      fs.mkdirSync(folder, { recursive: true });
      madeDirs.add(folder);
    }
    writeDocument(file, doc, seed, 1);
    fs.writeFileSync(`${file}.meta.json`, JSON.stringify({ id: doc.id, title: doc.title, version: '1', metadata: doc.metadata }));
    if (i % 500 === 499) onProgress?.(i + 1);
  });
}

/** Gives one document new content (a new version), as an editor saving a revision would. */
export function reviseDocument(dir: string, doc: BenchDoc, seed: number, version: number): void {
  const file = path.join(dir, ...doc.rel.split('/'));
  writeDocument(file, doc, seed, version);
  fs.writeFileSync(`${file}.meta.json`, JSON.stringify({ id: doc.id, title: doc.title, version: String(version), metadata: doc.metadata }));
}

function writeDocument(file: string, doc: BenchDoc, seed: number, version: number): void {
  fs.writeFileSync(file, pdfBytes(doc, seed, version));
}

/**
 * A valid one-page PDF with the title as text, padded to the wanted size with an
 * unreferenced binary stream (compressed PDF content looks just as random). The padding is
 * AES-CTR keystream keyed by seed, document and version: fast and deterministic.
 */
export function pdfBytes(doc: BenchDoc, seed: number, version: number): Buffer {
  // WinAnsi has no U+2013; a hyphen keeps the text readable.
  const line = (t: string) => `(${t.replace(/–/g, '-').replace(/[\\()]/g, (c) => `\\${c}`)}) Tj`;
  const content = `BT /F1 14 Tf 56 780 Td ${line(doc.title)} 0 -20 Td ${line(`${doc.metadata.unit ?? ''}, version ${version}`)} ET`;
  const head: string[] = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>',
    `<< /Length ${Buffer.byteLength(content, 'latin1')} >>\nstream\n${content}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>',
  ];
  const parts: Buffer[] = [Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n', 'latin1')];
  const offsets: number[] = [];
  let length = parts[0]!.length;
  const push = (b: Buffer) => {
    parts.push(b);
    length += b.length;
  };
  head.forEach((body, i) => {
    offsets.push(length);
    push(Buffer.from(`${i + 1} 0 obj\n${body}\nendobj\n`, 'latin1'));
  });
  const trailerEstimate = 60 + 20 * (head.length + 2) + 60;
  const padLength = Math.max(0, doc.size - length - trailerEstimate - 40);
  offsets.push(length);
  push(Buffer.from(`6 0 obj\n<< /Length ${padLength} >>\nstream\n`, 'latin1'));
  push(keystream(`${seed}:${doc.index}:${version}`, padLength));
  push(Buffer.from('\nendstream\nendobj\n', 'latin1'));
  const xrefAt = length;
  const xref = ['xref', `0 ${offsets.length + 1}`, '0000000000 65535 f ', ...offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n `)];
  push(Buffer.from(`${xref.join('\n')}\ntrailer\n<< /Size ${offsets.length + 1} /Root 1 0 R >>\nstartxref\n${xrefAt}\n%%EOF\n`, 'latin1'));
  return Buffer.concat(parts);
}

function keystream(label: string, bytes: number): Buffer {
  const key = createHash('sha256').update(label).digest().subarray(0, 16);
  const cipher = createCipheriv('aes-128-ctr', key, Buffer.alloc(16));
  return Buffer.concat([cipher.update(Buffer.alloc(bytes)), cipher.final()]);
}

export function totalBytes(docs: readonly BenchDoc[]): number {
  return docs.reduce((sum, d) => sum + d.size, 0);
}
