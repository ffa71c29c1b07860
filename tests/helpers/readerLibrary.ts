// A small, realistic library for the reader's end-to-end tests: real PDFs made with
// pdf-lib (Swedish text, several pages), a real DOCX zipped with fflate, a plain text
// file, and one expired routine. `publish` turns it into a manifest library.
import fs from 'node:fs';
import path from 'node:path';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { strToU8, zipSync } from 'fflate';
import { writeSourceTree, type SourceDoc } from './library.js';

export async function makePdf(title: string, pages: string[][]): Promise<Buffer> {
  const pdf = await PDFDocument.create();
  pdf.setTitle(title);
  const font = await pdf.embedFont(StandardFonts.Helvetica);
  const bold = await pdf.embedFont(StandardFonts.HelveticaBold);
  pages.forEach((lines, i) => {
    const page = pdf.addPage([595, 842]);
    if (i === 0) page.drawText(title, { x: 50, y: 780, size: 20, font: bold });
    lines.forEach((line, j) => page.drawText(line, { x: 50, y: 740 - j * 22, size: 13, font }));
    page.drawText(`Sida ${i + 1} av ${pages.length}`, { x: 50, y: 40, size: 10, font });
  });
  return Buffer.from(await pdf.save());
}

const escapeXml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** A minimal but valid Word document: a heading, paragraphs and, optionally, a link to a web page. */
export function makeDocx(heading: string, paragraphs: string[], link?: { text: string; url: string }): Buffer {
  const para = (text: string, style?: string) =>
    `<w:p>${style ? `<w:pPr><w:pStyle w:val="${style}"/></w:pPr>` : ''}<w:r><w:t xml:space="preserve">${escapeXml(text)}</w:t></w:r></w:p>`;
  const linkPara = link ? `<w:p><w:hyperlink r:id="rIdLink"><w:r><w:t>${escapeXml(link.text)}</w:t></w:r></w:hyperlink></w:p>` : '';
  const document = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><w:body>${para(heading, 'Heading1')}${paragraphs.map((p) => para(p)).join('')}${linkPara}</w:body></w:document>`;
  const documentRels = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${link ? `<Relationship Id="rIdLink" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink" Target="${escapeXml(link.url)}" TargetMode="External"/>` : ''}</Relationships>`;
  const files = {
    '[Content_Types].xml': strToU8(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>`),
    '_rels/.rels': strToU8(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>`),
    'word/document.xml': strToU8(document),
    'word/_rels/document.xml.rels': strToU8(documentRels),
  };
  return Buffer.from(zipSync(files));
}

export const READER_LIBRARY = { id: 'ledningssystem', title: 'Ledningssystem' };

/** Writes the source tree (with sidecar metadata) for `publish`; returns the documents. */
export async function writeReaderLibrary(dir: string): Promise<SourceDoc[]> {
  const docs: SourceDoc[] = [
    {
      rel: 'Hälso- och sjukvård/Akutmottagning/Hjärtstopp – rutin för vuxna.pdf',
      content: await makePdf('Hjärtstopp – rutin för vuxna', [
        ['Konstatera hjärtstopp: ingen kontakt och ingen normal andning.', 'Larma 112 och hämta hjärtstartare.', 'Starta hjärt-lungräddning (HLR) 30:2 direkt.'],
        ['Fortsätt HLR tills ambulanspersonal tar över.', 'Dokumentera tider för larm, HLR och defibrillering.', 'Vid IT-avbrott: använd pappersjournal enligt reservrutinen.'],
      ]),
      id: 'DOC-1042',
      title: 'Hjärtstopp – rutin för vuxna',
      version: '7',
      metadata: {
        documentType: 'Rutin',
        unit: 'Akutmottagning',
        validFrom: '2026-10-01',
        validTo: null,
        owner: 'Verksamhetschef akutmottagningen',
        approvedBy: 'Hälso- och sjukvårdsdirektör',
      },
    },
    {
      rel: 'Hälso- och sjukvård/Akutmottagning/Reservrutin vid IT-avbrott.docx',
      content: makeDocx('Reservrutin vid IT-avbrott', [
        'När journalsystemet inte fungerar dokumenteras all vård på pappersblanketter.',
        'Läkemedel ordineras på papperslista och signeras av ansvarig läkare.',
        'När systemet fungerar igen förs uppgifterna in i journalen.',
      ], { text: 'Mer information på intranätet', url: 'https://intranat.example.org/reservrutiner' }),
      id: 'DOC-2001',
      title: 'Reservrutin vid IT-avbrott',
      version: '3',
      metadata: { documentType: 'Rutin', unit: 'Akutmottagning', validFrom: '2026-01-15', validTo: '2028-01-15', owner: 'IT-samordnare', approvedBy: 'Verksamhetschef' },
    },
    {
      rel: 'Hälso- och sjukvård/Kirurgi/Fasta före operation.pdf',
      content: await makePdf('Fasta före operation', [['Patienten ska fasta sex timmar före operation.', 'Klara drycker får intas upp till två timmar före.']]),
      id: 'DOC-3100',
      title: 'Fasta före operation',
      version: '2',
      metadata: { documentType: 'Riktlinje', unit: 'Kirurgi', validFrom: '2023-01-01', validTo: '2024-12-31', owner: 'Verksamhetschef kirurgi', approvedBy: 'Chefläkare' },
    },
    {
      rel: 'Gemensamt/Brandskydd – checklista.txt',
      content: 'Brandskydd: känn till utrymningsvägar, larma, släck, rädda.\n',
      id: 'DOC-4000',
      title: 'Brandskydd – checklista',
      version: '1',
      metadata: { documentType: 'Checklista', unit: 'Gemensamt', owner: 'Säkerhetssamordnare' },
    },
    {
      rel: 'Gemensamt/Utrymningsplan.pdf',
      content: await makePdf('Utrymningsplan', [['Utrym via närmaste nödutgång.']]),
      id: 'DOC-4001',
      title: 'Utrymningsplan',
      version: '4',
      metadata: { documentType: 'PM', unit: 'Gemensamt' },
    },
  ];
  writeSourceTree(dir, docs, READER_LIBRARY);
  return docs;
}

/** Makes one published document's declared sha256 wrong, so its download fails verification. */
export function corruptPublishedHash(publishedDir: string, documentId: string): void {
  const file = path.join(publishedDir, 'manifest.json');
  const manifest = JSON.parse(fs.readFileSync(file, 'utf8')) as { documents: { id: string; sha256: string }[] };
  const doc = manifest.documents.find((d) => d.id === documentId);
  if (!doc) throw new Error(`no document ${documentId} in ${file}`);
  doc.sha256 = '0'.repeat(64);
  fs.writeFileSync(file, JSON.stringify(manifest, null, 2));
}
