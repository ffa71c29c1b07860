// How catalog rows look to the UI: the summary in lists, the details beside the viewer,
// and which viewer a document gets. Pure mapping, no I/O.
import type { DocumentRecord } from '../model.js';
import type { DocumentDetails, DocumentKind, DocumentSummary, MetadataValue } from './contract.js';

const PDF_TYPES = new Set(['application/pdf', 'application/x-pdf']);
const DOCX_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

export function documentKind(contentType: string | null, fileName: string): DocumentKind {
  const type = contentType?.split(';')[0]?.trim().toLowerCase() ?? '';
  const name = fileName.toLowerCase();
  if (PDF_TYPES.has(type) || name.endsWith('.pdf')) return 'pdf';
  if (type === DOCX_TYPE || name.endsWith('.docx')) return 'docx';
  return 'other';
}

/** A metadata field as text, whatever shape the source gave it in. */
export function metaText(metadata: Record<string, MetadataValue>, key: string): string | null {
  const v = metadata[key];
  if (v === null || v === undefined) return null;
  if (Array.isArray(v)) return v.length > 0 ? v.join(', ') : null;
  const text = String(v).trim();
  return text === '' ? null : text;
}

export function toSummary(doc: DocumentRecord): DocumentSummary {
  return {
    libraryId: doc.libraryId,
    id: doc.id,
    title: doc.title,
    documentType: metaText(doc.metadata, 'documentType'),
    unit: metaText(doc.metadata, 'unit'),
    version: doc.version,
    validTo: metaText(doc.metadata, 'validTo'),
    kind: documentKind(doc.contentType, doc.fileName),
  };
}

export function toDetails(doc: DocumentRecord, libraryTitle: string, mirrorFile: string): DocumentDetails {
  return {
    ...toSummary(doc),
    libraryTitle,
    path: doc.path,
    fileName: doc.fileName,
    contentType: doc.contentType,
    size: doc.size,
    sha256: doc.sha256,
    validFrom: metaText(doc.metadata, 'validFrom'),
    owner: metaText(doc.metadata, 'owner'),
    approvedBy: metaText(doc.metadata, 'approvedBy'),
    modifiedAt: doc.modifiedAt,
    syncedAt: doc.syncedAt,
    mirrorFile,
    metadata: doc.metadata,
  };
}
