// Text from a Word document (.docx) with mammoth's raw-text reader. An encrypted .docx is
// an OLE container rather than a zip, and says so before mammoth is asked.
import type { ExtractedText } from '../search/documentText.js';
import { isCompoundFile } from './documentKind.js';
import { parserModule } from './parserModule.js';

/** mammoth, loaded by the first Word document. */
const loadMammoth = parserModule('mammoth', async () => (await import('mammoth')).default);

export async function docxText(data: Buffer): Promise<ExtractedText> {
  if (isCompoundFile(data)) {
    return { status: 'none', reason: 'Word-dokumentet är lösenordsskyddat (krypterat) eller i det gamla .doc-formatet' };
  }
  const mammoth = await loadMammoth();
  try {
    const { value } = await mammoth.extractRawText({ buffer: data });
    if (value.trim() === '') return { status: 'none', reason: 'Word-dokumentet innehåller ingen text' };
    return { status: 'text', text: value, truncated: false };
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    return { status: 'none', reason: `Word-dokumentet är skadat eller ofullständigt (${message.slice(0, 200)})` };
  }
}
