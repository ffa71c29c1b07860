// The bundled sample library as data: reads the hand-written documents in documents/*.md
// (front matter + a small Markdown subset) into typed SampleDocuments that the PDF and DOCX
// writers render. Strict on purpose: a typo in a key or a missing field is an error that
// names the file, so a broken sample never reaches a demo.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const DOCUMENTS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'documents');

/** Every sample carries this line, in its body and on every PDF page. */
export const SAMPLE_NOTICE = 'Exempeldokument för LITA Reserv – inte en gällande rutin.';
export const REGION_NAME = 'Region Exempelland';

export const DOCUMENT_TYPES = ['Rutin', 'Riktlinje', 'Policy', 'PM', 'Checklista', 'Instruktion'] as const;
export type DocumentType = (typeof DOCUMENT_TYPES)[number];

/** The folder a document type is filed under: organisation → unit → type. */
export const TYPE_FOLDERS: Record<DocumentType, string> = {
  Rutin: 'Rutiner',
  Riktlinje: 'Riktlinjer',
  Policy: 'Policyer',
  PM: 'PM',
  Checklista: 'Checklistor',
  Instruktion: 'Instruktioner',
};

export type Block =
  | { kind: 'heading'; level: 1 | 2; text: string }
  | { kind: 'paragraph'; text: string }
  | { kind: 'list'; style: 'bullet' | 'numbered' | 'checkbox'; items: string[] };

export interface SampleMetadata {
  documentType: DocumentType;
  validFrom: string;
  validTo: string | null;
  owner: string;
  approvedBy: string;
  unit: string;
  keywords: string[];
}

export interface SampleDocument {
  id: string;
  title: string;
  version: string;
  format: 'pdf' | 'docx';
  /** Organisation and unit, e.g. ["Hälso- och sjukvård", "Akutmottagning"]. */
  unitPath: string[];
  modifiedAt: string;
  metadata: SampleMetadata;
  body: Block[];
}

const KEYS = ['id', 'title', 'version', 'format', 'unit', 'documentType', 'validFrom', 'validTo', 'owner', 'approvedBy', 'keywords', 'modifiedAt'] as const;
type Key = (typeof KEYS)[number];

export function loadSampleDocuments(dir = DOCUMENTS_DIR): SampleDocument[] {
  const files = fs.readdirSync(dir).filter((f) => f.endsWith('.md')).sort();
  const docs = files.map((f) => parseSampleDocument(fs.readFileSync(path.join(dir, f), 'utf8'), f));
  const seen = new Set<string>();
  for (const d of docs) {
    if (seen.has(d.id)) throw new Error(`${dir}: id ${d.id} används av flera dokument`);
    seen.add(d.id);
  }
  return docs;
}

export function parseSampleDocument(text: string, fileName: string): SampleDocument {
  const match = /^---\n([\s\S]*?)\n---\n([\s\S]*)$/.exec(text.replace(/\r\n/g, '\n'));
  if (!match) throw new Error(`${fileName}: saknar front matter mellan två rader "---"`);
  const fields = parseFrontMatter(match[1]!, fileName);
  const need = (key: Key): string => {
    const value = fields.get(key);
    if (value === undefined || value === '') throw new Error(`${fileName}: fältet "${key}" saknas`);
    return value;
  };
  const documentType = need('documentType');
  if (!(DOCUMENT_TYPES as readonly string[]).includes(documentType)) {
    throw new Error(`${fileName}: documentType "${documentType}" ska vara en av ${DOCUMENT_TYPES.join(', ')}`);
  }
  const format = need('format');
  if (format !== 'pdf' && format !== 'docx') throw new Error(`${fileName}: format ska vara pdf eller docx`);
  const validTo = need('validTo');
  const unitPath = need('unit').split('/').map((s) => s.trim());
  const date = (key: Key, value: string) => {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) throw new Error(`${fileName}: ${key} ska vara ÅÅÅÅ-MM-DD`);
    return value;
  };
  const modifiedAt = need('modifiedAt');
  if (Number.isNaN(Date.parse(modifiedAt)) || !modifiedAt.endsWith('Z')) throw new Error(`${fileName}: modifiedAt ska vara en UTC-tid (…Z)`);
  const body = parseBody(match[2]!, fileName);
  if (!body.some((b) => b.kind === 'heading')) throw new Error(`${fileName}: brödtexten saknar rubriker`);
  return {
    id: need('id'),
    title: need('title'),
    version: need('version'),
    format,
    unitPath,
    modifiedAt,
    metadata: {
      documentType: documentType as DocumentType,
      validFrom: date('validFrom', need('validFrom')),
      validTo: validTo === 'null' ? null : date('validTo', validTo),
      owner: need('owner'),
      approvedBy: need('approvedBy'),
      unit: unitPath.at(-1)!,
      keywords: need('keywords').split(',').map((k) => k.trim()).filter(Boolean),
    },
    body,
  };
}

function parseFrontMatter(text: string, fileName: string): Map<Key, string> {
  const fields = new Map<Key, string>();
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    const m = /^([A-Za-z]+):\s*(.*)$/.exec(line);
    if (!m) throw new Error(`${fileName}: kan inte läsa raden "${line}" i front matter`);
    const key = m[1] as Key;
    if (!KEYS.includes(key)) throw new Error(`${fileName}: okänt fält "${m[1]}" (tillåtna: ${KEYS.join(', ')})`);
    fields.set(key, m[2]!.trim());
  }
  return fields;
}

const LIST_MARKERS: { re: RegExp; style: 'bullet' | 'numbered' | 'checkbox' }[] = [
  { re: /^\[ \]\s+(.*)$/, style: 'checkbox' },
  { re: /^-\s+(.*)$/, style: 'bullet' },
  { re: /^\d+\.\s+(.*)$/, style: 'numbered' },
];

/** Headings (#, ##), paragraphs (lines joined until a blank line), and lists whose items
 *  start with "- ", "1. " or "[ ] " (an indented line continues the item above). */
function parseBody(text: string, fileName: string): Block[] {
  const blocks: Block[] = [];
  let paragraph: string[] = [];
  const flush = () => {
    if (paragraph.length > 0) blocks.push({ kind: 'paragraph', text: paragraph.join(' ') });
    paragraph = [];
  };
  for (const raw of text.split('\n')) {
    const line = raw.trimEnd();
    if (line.trim() === '') {
      flush();
      continue;
    }
    const heading = /^(#{1,2})\s+(.*)$/.exec(line);
    if (heading) {
      flush();
      blocks.push({ kind: 'heading', level: heading[1]!.length as 1 | 2, text: heading[2]!.trim() });
      continue;
    }
    const marker = LIST_MARKERS.map((m) => ({ style: m.style, hit: m.re.exec(line) })).find((m) => m.hit);
    if (marker?.hit) {
      flush();
      const last = blocks.at(-1);
      if (last?.kind === 'list' && last.style === marker.style) last.items.push(marker.hit[1]!.trim());
      else blocks.push({ kind: 'list', style: marker.style, items: [marker.hit[1]!.trim()] });
      continue;
    }
    const last = blocks.at(-1);
    if (/^\s+/.test(line) && paragraph.length === 0 && last?.kind === 'list') {
      last.items[last.items.length - 1] += ` ${line.trim()}`;
      continue;
    }
    if (/^[#>|]/.test(line)) throw new Error(`${fileName}: Markdown-formen "${line.slice(0, 20)}" stöds inte`);
    paragraph.push(line.trim());
  }
  flush();
  return blocks;
}

/** The file name a document has in the source tree: its title, minus what no file system
 *  allows ("/") and, on Windows, what Windows forbids. The mirror must cope with the rest. */
export function sourceFileName(doc: SampleDocument, platform: NodeJS.Platform = process.platform): string {
  const forbidden = platform === 'win32' ? /[<>:"/\\|?*]/g : /\//g;
  return `${doc.title.replace(forbidden, '-')}.${doc.format}`;
}

export function sourceFolder(doc: SampleDocument): string[] {
  return [...doc.unitPath, TYPE_FOLDERS[doc.metadata.documentType]];
}

/** "2026-10-01 – tills vidare" or "2024-01-01 – 2025-12-31". */
/** The labelled metadata both writers print under the title, in this order. */
export function metadataRows(doc: SampleDocument): [label: string, value: string][] {
  const m = doc.metadata;
  return [
    ['Dokumenttyp', m.documentType],
    ['Dokument-id', doc.id],
    ['Version', doc.version],
    ['Giltighet', validityText(m)],
    ['Enhet', doc.unitPath.join(' / ')],
    ['Dokumentägare', m.owner],
    ['Fastställd av', m.approvedBy],
    ['Nyckelord', m.keywords.join(', ')],
  ];
}

export function validityText(meta: SampleMetadata): string {
  return `${meta.validFrom} – ${meta.validTo ?? 'tills vidare'}`;
}

export function wordCount(doc: SampleDocument): number {
  const text = doc.body.map((b) => (b.kind === 'list' ? b.items.join(' ') : b.text)).join(' ');
  return text.split(/\s+/).filter(Boolean).length;
}
