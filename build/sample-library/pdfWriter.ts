// Renders a SampleDocument as an A4 PDF with a real text layer (pdf-lib's standard
// Helvetica, WinAnsi-encoded, so å ä ö extract as text), wrapped lines, as many pages as
// the text needs, and on every page a header with title, version, validity and the
// sample notice. Deterministic: fixed dates and producer in the info dictionary.
import { PDFDocument, StandardFonts, rgb, type PDFFont, type PDFPage } from 'pdf-lib';
import { REGION_NAME, SAMPLE_NOTICE, metadataRows, validityText, type Block, type SampleDocument } from './sampleDocument.js';

const A4: [number, number] = [595.28, 841.89];
const MARGIN_X = 62;
const BODY_TOP = 748;
const BODY_BOTTOM = 78;
const TEXT_WIDTH = A4[0] - 2 * MARGIN_X;
const INK = rgb(0.1, 0.1, 0.12);
const MUTED = rgb(0.38, 0.38, 0.42);
const ACCENT = rgb(0.05, 0.3, 0.5);

interface Fonts {
  regular: PDFFont;
  bold: PDFFont;
  italic: PDFFont;
}

/** Writes pages top to bottom, starting a new page when the next line does not fit. */
class PageCursor {
  page!: PDFPage;
  y = 0;

  constructor(
    private readonly pdf: PDFDocument,
    readonly fonts: Fonts,
  ) {
    this.newPage();
  }

  newPage(): void {
    this.page = this.pdf.addPage(A4);
    this.y = BODY_TOP;
  }

  /** Makes room for `height` points, or moves to a new page. */
  need(height: number): void {
    if (this.y - height < BODY_BOTTOM) this.newPage();
  }

  gap(points: number): void {
    this.y -= points;
  }

  lines(text: string, font: PDFFont, size: number, opts: { indent?: number; color?: ReturnType<typeof rgb>; firstLinePrefix?: (page: PDFPage, y: number) => void } = {}): void {
    const indent = opts.indent ?? 0;
    const leading = size * 1.38;
    wrap(text, font, size, TEXT_WIDTH - indent).forEach((line, i) => {
      this.need(leading);
      this.y -= leading;
      if (i === 0) opts.firstLinePrefix?.(this.page, this.y);
      this.page.drawText(line, { x: MARGIN_X + indent, y: this.y, size, font, color: opts.color ?? INK });
    });
  }
}

export async function renderPdf(doc: SampleDocument, fixedDate: Date): Promise<Uint8Array> {
  const pdf = await PDFDocument.create({ updateMetadata: false });
  const fonts: Fonts = {
    regular: await pdf.embedFont(StandardFonts.Helvetica),
    bold: await pdf.embedFont(StandardFonts.HelveticaBold),
    italic: await pdf.embedFont(StandardFonts.HelveticaOblique),
  };
  checkEncodable(doc, fonts.regular);
  setInfo(pdf, doc, fixedDate);

  const cursor = new PageCursor(pdf, fonts);
  drawTitleBlock(cursor, doc);
  for (const block of doc.body) drawBlock(cursor, block);

  const pages = pdf.getPages();
  pages.forEach((page, i) => drawPageFrame(page, fonts, doc, i + 1, pages.length));
  return pdf.save({ useObjectStreams: false });
}

function setInfo(pdf: PDFDocument, doc: SampleDocument, fixedDate: Date): void {
  pdf.setTitle(doc.title);
  pdf.setAuthor(REGION_NAME);
  pdf.setSubject(`${doc.metadata.documentType} · ${doc.metadata.unit} · ${SAMPLE_NOTICE}`);
  pdf.setKeywords(doc.metadata.keywords);
  pdf.setCreator('LITA Reserv exempelbibliotek');
  pdf.setProducer('LITA Reserv exempelbibliotek (pdf-lib)');
  pdf.setLanguage('sv-SE');
  pdf.setCreationDate(fixedDate);
  pdf.setModificationDate(fixedDate);
}

function drawTitleBlock(cursor: PageCursor, doc: SampleDocument): void {
  const { regular, bold, italic } = cursor.fonts;
  cursor.lines(doc.title, bold, 19, { color: ACCENT });
  cursor.gap(6);
  const rows = metadataRows(doc);
  for (const [label, value] of rows) {
    cursor.need(14);
    cursor.y -= 14;
    cursor.page.drawText(`${label}:`, { x: MARGIN_X, y: cursor.y, size: 9.5, font: bold, color: MUTED });
    const lines = wrap(value, regular, 9.5, TEXT_WIDTH - 100);
    lines.forEach((line, i) => {
      if (i > 0) cursor.y -= 13;
      cursor.page.drawText(line, { x: MARGIN_X + 100, y: cursor.y, size: 9.5, font: regular, color: INK });
    });
  }
  cursor.gap(10);
  cursor.lines(SAMPLE_NOTICE, italic, 10, { color: rgb(0.6, 0.1, 0.1) });
  cursor.gap(4);
  cursor.page.drawLine({ start: { x: MARGIN_X, y: cursor.y - 4 }, end: { x: A4[0] - MARGIN_X, y: cursor.y - 4 }, thickness: 0.6, color: MUTED });
  cursor.gap(8);
}

function drawBlock(cursor: PageCursor, block: Block): void {
  const { regular, bold } = cursor.fonts;
  if (block.kind === 'heading') {
    const size = block.level === 1 ? 14 : 11.5;
    // Keep a heading with at least two lines of what follows it.
    cursor.need(size * 1.4 + 40);
    cursor.gap(block.level === 1 ? 12 : 8);
    cursor.lines(block.text, bold, size, { color: block.level === 1 ? ACCENT : INK });
    cursor.gap(2);
    return;
  }
  if (block.kind === 'paragraph') {
    cursor.lines(block.text, regular, 10.5);
    cursor.gap(6);
    return;
  }
  block.items.forEach((item, i) => {
    cursor.lines(item, regular, 10.5, {
      indent: 18,
      firstLinePrefix: (page, y) => drawMarker(page, y, block.style, i + 1, regular),
    });
    cursor.gap(2);
  });
  cursor.gap(5);
}

function drawMarker(page: PDFPage, y: number, style: 'bullet' | 'numbered' | 'checkbox', n: number, font: PDFFont): void {
  const x = MARGIN_X + 4;
  if (style === 'bullet') page.drawText('•', { x, y, size: 10.5, font, color: INK });
  else if (style === 'numbered') page.drawText(`${n}.`, { x: x - 4, y, size: 10.5, font, color: INK });
  else page.drawRectangle({ x: x - 1, y: y - 1, width: 9, height: 9, borderColor: INK, borderWidth: 0.8 });
}

function drawPageFrame(page: PDFPage, fonts: Fonts, doc: SampleDocument, n: number, total: number): void {
  const top = A4[1] - 40;
  const right = A4[0] - MARGIN_X;
  const headTitle = truncateToWidth(doc.title, fonts.bold, 9, TEXT_WIDTH - 150);
  page.drawText(headTitle, { x: MARGIN_X, y: top, size: 9, font: fonts.bold, color: INK });
  const idText = `${doc.id} · version ${doc.version}`;
  page.drawText(idText, { x: right - fonts.regular.widthOfTextAtSize(idText, 9), y: top, size: 9, font: fonts.regular, color: MUTED });
  page.drawText(`${doc.metadata.documentType} · Giltig ${validityText(doc.metadata)}`, { x: MARGIN_X, y: top - 13, size: 8.5, font: fonts.regular, color: MUTED });
  page.drawText(SAMPLE_NOTICE, { x: MARGIN_X, y: top - 25, size: 8.5, font: fonts.italic, color: rgb(0.6, 0.1, 0.1) });
  page.drawLine({ start: { x: MARGIN_X, y: top - 32 }, end: { x: right, y: top - 32 }, thickness: 0.5, color: MUTED });

  const footer = `${REGION_NAME} · ${doc.metadata.unit}`;
  page.drawLine({ start: { x: MARGIN_X, y: 52 }, end: { x: right, y: 52 }, thickness: 0.5, color: MUTED });
  page.drawText(footer, { x: MARGIN_X, y: 40, size: 8.5, font: fonts.regular, color: MUTED });
  const pageText = `Sida ${n} av ${total}`;
  page.drawText(pageText, { x: right - fonts.regular.widthOfTextAtSize(pageText, 8.5), y: 40, size: 8.5, font: fonts.regular, color: MUTED });
}

/** Greedy word wrap; a word longer than the line is split where it must be. */
export function wrap(text: string, font: PDFFont, size: number, width: number): string[] {
  const fits = (s: string) => font.widthOfTextAtSize(s, size) <= width;
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const candidate = line ? `${line} ${word}` : word;
    if (fits(candidate)) {
      line = candidate;
      continue;
    }
    if (line) lines.push(line);
    let rest = word;
    while (!fits(rest)) {
      let cut = rest.length - 1;
      while (cut > 1 && !fits(rest.slice(0, cut))) cut--;
      lines.push(rest.slice(0, cut));
      rest = rest.slice(cut);
    }
    line = rest;
  }
  if (line) lines.push(line);
  return lines;
}

function truncateToWidth(text: string, font: PDFFont, size: number, width: number): string {
  if (font.widthOfTextAtSize(text, size) <= width) return text;
  let cut = text.length;
  while (cut > 1 && font.widthOfTextAtSize(`${text.slice(0, cut)}…`, size) > width) cut--;
  return `${text.slice(0, cut).trimEnd()}…`;
}

/** The standard fonts speak WinAnsi only; say which character and document fail rather
 *  than letting pdf-lib throw mid-page. */
function checkEncodable(doc: SampleDocument, font: PDFFont): void {
  const supported = new Set(font.getCharacterSet());
  const texts = [doc.title, doc.id, doc.version, ...Object.values(doc.metadata).flat().filter((v): v is string => typeof v === 'string')];
  for (const b of doc.body) texts.push(...(b.kind === 'list' ? b.items : [b.text]));
  for (const text of texts) {
    for (const ch of text) {
      if (!supported.has(ch.codePointAt(0)!)) {
        throw new Error(`${doc.id}: tecknet "${ch}" (U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}) finns inte i PDF-typsnittet; skriv om texten "${text.slice(0, 40)}…"`);
      }
    }
  }
}
