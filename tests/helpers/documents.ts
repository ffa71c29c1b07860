// Real document files made on the fly: PDFs with pdf-lib (text pages, image-only pages,
// a damaged file, a page that is costly to parse), minimal but valid .docx files (a zip
// mammoth reads), for the extraction and search tests.
import zlib from 'node:zlib';
import { PDFDocument, PDFName, StandardFonts } from 'pdf-lib';
import { strToU8, zipSync } from 'fflate';

/** A PDF whose pages carry the given lines as real text (Helvetica, so å, ä, ö work). */
export async function textPdf(pages: string[][], title?: string): Promise<Buffer> {
  const doc = await PDFDocument.create();
  if (title) doc.setTitle(title);
  const font = await doc.embedFont(StandardFonts.Helvetica);
  for (const lines of pages) {
    const page = doc.addPage([595, 842]);
    let y = 800;
    for (const line of lines) {
      page.drawText(line, { x: 40, y, size: 11, font });
      y -= 15;
    }
  }
  return Buffer.from(await doc.save());
}

// A 2×2 grey PNG: a "scanned" page is an image and no text.
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAAAAABX3VL4AAAADklEQVR4nGNgYGBgYAAAAAUAAXpeqz8AAAAASUVORK5CYII=',
  'base64',
);

/** A PDF with only an image on its page, like a scan without OCR. */
export async function imageOnlyPdf(): Promise<Buffer> {
  const doc = await PDFDocument.create();
  const image = await doc.embedPng(PNG);
  const page = doc.addPage([595, 842]);
  page.drawImage(image, { x: 0, y: 0, width: 595, height: 842 });
  return Buffer.from(await doc.save());
}

/** A PDF cut off in the middle, as an interrupted copy leaves it. */
export async function truncatedPdf(): Promise<Buffer> {
  const whole = await textPdf([['Denna fil blev avklippt']]);
  return whole.subarray(0, Math.floor(whole.length / 3));
}

/**
 * A one-page PDF whose compressed content stream draws the same line `textObjects` times
 * at the same spot: a small file whose page a parser spends seconds on and keeps hundreds
 * of megabytes for (one object per drawing) while its text stays one line.
 */
export async function crowdedPagePdf(textObjects: number): Promise<Buffer> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  const page = doc.addPage([595, 842]);
  const fontName = page.node.newFontDictionary(font.name, font.ref).asString();
  const content = zlib.deflateSync(`BT ${fontName} 10 Tf 40 800 Td (Samma rad om och om igen) Tj ET\n`.repeat(textObjects));
  page.node.set(PDFName.of('Contents'), doc.context.register(doc.context.stream(content, { Filter: 'FlateDecode' })));
  return Buffer.from(await doc.save());
}

function xmlEscape(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** A minimal valid Word document with one paragraph per line. */
export function docx(paragraphs: string[]): Buffer {
  const body = paragraphs.map((p) => `<w:p><w:r><w:t xml:space="preserve">${xmlEscape(p)}</w:t></w:r></w:p>`).join('');
  return Buffer.from(
    zipSync({
      '[Content_Types].xml': strToU8(
        '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
          '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
          '<Default Extension="xml" ContentType="application/xml"/>' +
          '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
      ),
      '_rels/.rels': strToU8(
        '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
          '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>',
      ),
      'word/document.xml': strToU8(
        '<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">' +
          `<w:body>${body}</w:body></w:document>`,
      ),
    }),
  );
}
