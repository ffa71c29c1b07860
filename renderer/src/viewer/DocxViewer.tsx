// A Word document as readable HTML: mammoth converts it, DOMPurify removes anything
// active, and links and images that point outside the document are made inert, so the
// page never reaches the network.
import { forwardRef, useEffect, useImperativeHandle, useState } from 'react';
import DOMPurify from 'dompurify';
import mammoth from 'mammoth';
import { useI18n } from '../i18n/I18nProvider';
import type { PrintableViewer } from './PdfViewer';

const purifier = DOMPurify(window);
purifier.addHook('afterSanitizeAttributes', (node) => {
  const src = node.getAttribute('src');
  if (src !== null && !src.startsWith('data:image/')) node.removeAttribute('src');
  const href = node.getAttribute('href');
  if (href !== null && !href.startsWith('#')) {
    node.setAttribute('title', href);
    node.removeAttribute('href');
  }
});

export function sanitizeDocxHtml(html: string): string {
  return purifier.sanitize(html, { USE_PROFILES: { html: true }, FORBID_TAGS: ['style', 'form', 'input', 'button'], FORBID_ATTR: ['style'] });
}

export const DocxViewer = forwardRef<PrintableViewer, { bytes: Uint8Array; title: string }>(function DocxViewer({ bytes, title }, ref) {
  const { t } = useI18n();
  const [html, setHtml] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  useImperativeHandle(ref, () => ({ prepareForPrint: async () => {} }));

  useEffect(() => {
    let cancelled = false;
    setHtml(null);
    setError(null);
    const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
    mammoth
      .convertToHtml({ arrayBuffer: buffer })
      .then((r) => !cancelled && setHtml(sanitizeDocxHtml(r.value)))
      .catch((err: unknown) => {
        // mammoth's messages are English and technical: keep them in the console, say what it means.
        console.warn(`docx: ${String((err as Error)?.message ?? err)}`);
        if (!cancelled) setError('failed');
      });
    return () => {
      cancelled = true;
    };
  }, [bytes]);

  if (error) return <p className="error" data-testid="viewer-error">{t.docxFailed}</p>;
  if (html === null) return <p className="notice">{t.loading}</p>;
  return (
    <div className="docx-viewer print-pages" tabIndex={0} role="region" aria-label={title}>
      <p className="notice notice--small no-print">{t.docxNotice}</p>
      <article className="docx-content" lang="sv" dangerouslySetInnerHTML={{ __html: html }} data-testid="docx-content" />
    </div>
  );
});
