// Renders a SampleDocument as a minimal but valid Word document (OOXML): headings use the
// built-in Heading1/Heading2 styles and lists real numbering, so Word, LibreOffice and
// mammoth all see structure, not just bold text. Deterministic: fixed dates in
// docProps/core.xml and in every zip entry.
import { zipSync, strToU8, type Zippable } from 'fflate';
import { REGION_NAME, SAMPLE_NOTICE, metadataRows, type Block, type SampleDocument } from './sampleDocument.js';

const W_NS = 'http://schemas.openxmlformats.org/wordprocessingml/2006/main';
const R_NS = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const PKG_REL_NS = 'http://schemas.openxmlformats.org/package/2006/relationships';
const XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';
const BULLET_NUM_ID = 1;
// The metadata lines use direct formatting rather than a custom style, so converters
// (mammoth) see plain paragraphs and nothing they would warn about.
const INFO_PARAGRAPH = '<w:spacing w:after="0"/>';
const INFO_RUN = '<w:color w:val="555555"/><w:sz w:val="19"/>';
const CHECKBOX_NUM_ID = 2;

export function renderDocx(doc: SampleDocument, fixedDate: Date): Uint8Array {
  const numberedLists = doc.body.filter((b) => b.kind === 'list' && b.style === 'numbered').length;
  const files: Record<string, string> = {
    '[Content_Types].xml': contentTypes(),
    '_rels/.rels': packageRels(),
    'docProps/core.xml': coreProperties(doc, fixedDate),
    'word/document.xml': documentXml(doc),
    'word/styles.xml': STYLES_XML,
    'word/numbering.xml': numberingXml(numberedLists),
    'word/_rels/document.xml.rels': documentRels(),
  };
  // Zip times are stored as local wall-clock time; a Date built from local parts stores
  // the same bytes in every time zone.
  const mtime = new Date(fixedDate.getUTCFullYear(), fixedDate.getUTCMonth(), fixedDate.getUTCDate(), 12, 0, 0);
  const zippable: Zippable = {};
  for (const [name, xml] of Object.entries(files)) zippable[name] = [strToU8(xml), { mtime, level: 6 }];
  return zipSync(zippable);
}

export function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c]!);
}

function contentTypes(): string {
  const main = 'application/vnd.openxmlformats-officedocument.wordprocessingml';
  return (
    XML_HEAD +
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
    '<Default Extension="xml" ContentType="application/xml"/>' +
    `<Override PartName="/word/document.xml" ContentType="${main}.document.main+xml"/>` +
    `<Override PartName="/word/styles.xml" ContentType="${main}.styles+xml"/>` +
    `<Override PartName="/word/numbering.xml" ContentType="${main}.numbering+xml"/>` +
    '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>' +
    '</Types>'
  );
}

function packageRels(): string {
  return (
    XML_HEAD +
    `<Relationships xmlns="${PKG_REL_NS}">` +
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>' +
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>' +
    '</Relationships>'
  );
}

function documentRels(): string {
  return (
    XML_HEAD +
    `<Relationships xmlns="${PKG_REL_NS}">` +
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>' +
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering" Target="numbering.xml"/>' +
    '</Relationships>'
  );
}

function coreProperties(doc: SampleDocument, fixedDate: Date): string {
  const when = fixedDate.toISOString().replace(/\.\d{3}Z$/, 'Z');
  return (
    XML_HEAD +
    '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" ' +
    'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" ' +
    'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">' +
    `<dc:title>${escapeXml(doc.title)}</dc:title>` +
    `<dc:subject>${escapeXml(`${doc.metadata.documentType} · ${doc.metadata.unit}`)}</dc:subject>` +
    `<dc:creator>${escapeXml(REGION_NAME)}</dc:creator>` +
    `<cp:keywords>${escapeXml(doc.metadata.keywords.join(', '))}</cp:keywords>` +
    `<dc:description>${escapeXml(SAMPLE_NOTICE)}</dc:description>` +
    `<dc:identifier>${escapeXml(doc.id)}</dc:identifier>` +
    '<dc:language>sv-SE</dc:language>' +
    `<cp:version>${escapeXml(doc.version)}</cp:version>` +
    `<dcterms:created xsi:type="dcterms:W3CDTF">${when}</dcterms:created>` +
    `<dcterms:modified xsi:type="dcterms:W3CDTF">${when}</dcterms:modified>` +
    '</cp:coreProperties>'
  );
}

function run(text: string, props = ''): string {
  return `<w:r>${props ? `<w:rPr>${props}</w:rPr>` : ''}<w:t xml:space="preserve">${escapeXml(text)}</w:t></w:r>`;
}

function paragraph(content: string, style?: string, extraPPr = ''): string {
  const pPr = style || extraPPr ? `<w:pPr>${style ? `<w:pStyle w:val="${style}"/>` : ''}${extraPPr}</w:pPr>` : '';
  return `<w:p>${pPr}${content}</w:p>`;
}

function documentXml(doc: SampleDocument): string {
  const meta = metadataRows(doc);
  const parts = [
    paragraph(run(doc.title), 'Title'),
    ...meta.map(([label, value]) => paragraph(run(`${label}: `, `<w:b/>${INFO_RUN}`) + run(value, INFO_RUN), undefined, INFO_PARAGRAPH)),
    paragraph(run(SAMPLE_NOTICE, '<w:i/><w:color w:val="991A1A"/>'), undefined, '<w:spacing w:before="120" w:after="240"/>'),
  ];
  let numberedSeen = 0;
  for (const block of doc.body) {
    if (block.kind === 'list' && block.style === 'numbered') numberedSeen++;
    parts.push(blockXml(block, CHECKBOX_NUM_ID + numberedSeen));
  }
  const section =
    '<w:sectPr><w:pgSz w:w="11906" w:h="16838"/>' +
    '<w:pgMar w:top="1417" w:right="1417" w:bottom="1417" w:left="1417" w:header="708" w:footer="708" w:gutter="0"/></w:sectPr>';
  return `${XML_HEAD}<w:document xmlns:w="${W_NS}" xmlns:r="${R_NS}"><w:body>${parts.join('')}${section}</w:body></w:document>`;
}

function blockXml(block: Block, numberedNumId: number): string {
  if (block.kind === 'heading') return paragraph(run(block.text), block.level === 1 ? 'Heading1' : 'Heading2');
  if (block.kind === 'paragraph') return paragraph(run(block.text));
  const numId = block.style === 'bullet' ? BULLET_NUM_ID : block.style === 'checkbox' ? CHECKBOX_NUM_ID : numberedNumId;
  const numPr = `<w:numPr><w:ilvl w:val="0"/><w:numId w:val="${numId}"/></w:numPr>`;
  return block.items.map((item) => paragraph(run(item), 'ListParagraph', numPr)).join('');
}

function level(format: string, text: string, font?: string): string {
  const rPr = font ? `<w:rPr><w:rFonts w:ascii="${font}" w:hAnsi="${font}" w:hint="default"/></w:rPr>` : '';
  return (
    `<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="${format}"/><w:lvlText w:val="${text}"/><w:lvlJc w:val="left"/>` +
    `<w:pPr><w:ind w:left="720" w:hanging="360"/></w:pPr>${rPr}</w:lvl>`
  );
}

/** One bullet list, one checkbox list, and one restarting decimal list per numbered list
 *  in the body (each numbered list counts from 1). */
function numberingXml(numberedLists: number): string {
  const abstracts =
    `<w:abstractNum w:abstractNumId="0"><w:multiLevelType w:val="singleLevel"/>${level('bullet', '•')}</w:abstractNum>` +
    `<w:abstractNum w:abstractNumId="1"><w:multiLevelType w:val="singleLevel"/>${level('bullet', '☐', 'Segoe UI Symbol')}</w:abstractNum>` +
    `<w:abstractNum w:abstractNumId="2"><w:multiLevelType w:val="singleLevel"/>${level('decimal', '%1.')}</w:abstractNum>`;
  let nums = `<w:num w:numId="${BULLET_NUM_ID}"><w:abstractNumId w:val="0"/></w:num><w:num w:numId="${CHECKBOX_NUM_ID}"><w:abstractNumId w:val="1"/></w:num>`;
  for (let i = 1; i <= numberedLists; i++) {
    nums +=
      `<w:num w:numId="${CHECKBOX_NUM_ID + i}"><w:abstractNumId w:val="2"/>` +
      '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride></w:num>';
  }
  return `${XML_HEAD}<w:numbering xmlns:w="${W_NS}">${abstracts}${nums}</w:numbering>`;
}

const STYLES_XML =
  XML_HEAD +
  `<w:styles xmlns:w="${W_NS}">` +
  '<w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="Calibri" w:hAnsi="Calibri" w:eastAsia="Calibri" w:cs="Calibri"/>' +
  '<w:sz w:val="22"/><w:szCs w:val="22"/><w:lang w:val="sv-SE" w:eastAsia="en-US" w:bidi="ar-SA"/></w:rPr></w:rPrDefault>' +
  '<w:pPrDefault><w:pPr><w:spacing w:after="120" w:line="276" w:lineRule="auto"/></w:pPr></w:pPrDefault></w:docDefaults>' +
  '<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/></w:style>' +
  '<w:style w:type="paragraph" w:styleId="Title"><w:name w:val="Title"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:qFormat/>' +
  '<w:pPr><w:spacing w:after="240"/></w:pPr><w:rPr><w:b/><w:color w:val="0D4D80"/><w:sz w:val="40"/><w:szCs w:val="40"/></w:rPr></w:style>' +
  '<w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:qFormat/>' +
  '<w:pPr><w:keepNext/><w:spacing w:before="360" w:after="120"/><w:outlineLvl w:val="0"/></w:pPr>' +
  '<w:rPr><w:b/><w:color w:val="0D4D80"/><w:sz w:val="30"/><w:szCs w:val="30"/></w:rPr></w:style>' +
  '<w:style w:type="paragraph" w:styleId="Heading2"><w:name w:val="heading 2"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:qFormat/>' +
  '<w:pPr><w:keepNext/><w:spacing w:before="240" w:after="80"/><w:outlineLvl w:val="1"/></w:pPr>' +
  '<w:rPr><w:b/><w:sz w:val="25"/><w:szCs w:val="25"/></w:rPr></w:style>' +
  '<w:style w:type="paragraph" w:styleId="ListParagraph"><w:name w:val="List Paragraph"/><w:basedOn w:val="Normal"/><w:qFormat/>' +
  '<w:pPr><w:spacing w:after="60"/><w:ind w:left="720"/><w:contextualSpacing/></w:pPr></w:style>' +
  '</w:styles>';
