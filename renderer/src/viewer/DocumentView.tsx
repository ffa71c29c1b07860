// Reading one document: title, the expiry warning, Back / Print / Open buttons, the
// content (PDF or Word in the app; other types in the system's program or by path),
// and its metadata beside it. Ctrl+F goes to find-in-document; Escape goes back.
import { useEffect, useRef, useState } from 'react';
import type { DocumentDetails } from '../../../sync/api/contract.js';
import { unwrap, useApi } from '../api/ApiProvider';
import { useDrill } from '../drill/DrillProvider';
import { useI18n } from '../i18n/I18nProvider';
import { formatDayTime, hasExpired } from '../i18n/dates';
import { DocxViewer } from './DocxViewer';
import { MetadataPanel } from './MetadataPanel';
import { PdfViewer, type PrintableViewer } from './PdfViewer';

interface Props {
  docRef: { libraryId: string; id: string };
  /** Words to mark in the document (the search it was opened from). */
  highlight?: string | undefined;
  now: Date;
  updatedAt: string | null;
  canOpenFiles: boolean;
  onBack(): void;
}

export function DocumentView({ docRef, highlight, now, updatedAt, canOpenFiles, onBack }: Props) {
  const api = useApi();
  const { t, lang } = useI18n();
  const drill = useDrill();
  const [doc, setDoc] = useState<DocumentDetails | null>(null);
  const [bytes, setBytes] = useState<Uint8Array | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [openMessage, setOpenMessage] = useState<string | null>(null);
  const viewer = useRef<PrintableViewer>(null);
  const findRef = useRef<HTMLInputElement>(null);
  const heading = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    let cancelled = false;
    setDoc(null);
    setBytes(null);
    setError(null);
    setOpenMessage(null);
    (async () => {
      const details = unwrap(await api.getDocument(docRef));
      if (cancelled) return;
      setDoc(details);
      if (details.kind !== 'other') {
        const content = unwrap(await api.documentContent(docRef));
        if (!cancelled) setBytes(content);
      }
    })().catch((err: unknown) => !cancelled && setError((err as Error).message));
    return () => {
      cancelled = true;
    };
  }, [api, docRef]);

  useEffect(() => heading.current?.focus(), [doc?.id]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 'f' && findRef.current) {
        e.preventDefault();
        findRef.current.focus();
      } else if (e.key === 'Escape' && !(e.target instanceof HTMLInputElement)) onBack();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onBack]);

  const print = async () => {
    // In a drill the click is the step: the print dialog may open (or be cancelled) as usual.
    drill.report({ type: 'printed', doc: docRef });
    await viewer.current?.prepareForPrint();
    window.print();
  };
  const openExternally = async () => {
    const r = await api.openInSystemApp(docRef);
    setOpenMessage(r.ok ? (r.value.opened ? t.openedInSystemApp : `${t.fileLocation} ${r.value.path}`) : `${t.errorPrefix} ${r.error.message}`);
  };

  return (
    <div className="document-view">
      <div className="document-view__bar">
        <button type="button" className="no-print" onClick={onBack}>
          ← {t.back}
        </button>
        <h1 className="document-title" tabIndex={-1} ref={heading}>
          {doc?.title ?? ''}
        </h1>
        {doc && doc.kind !== 'other' ? (
          <button type="button" className="button--primary no-print" onClick={() => void print()} disabled={!bytes}>
            {t.print}
          </button>
        ) : null}
        {doc && canOpenFiles ? (
          <button type="button" className="no-print" onClick={() => void openExternally()}>
            {t.openInSystemApp}
          </button>
        ) : null}
      </div>
      {error ? <p className="error">{t.errorPrefix} {error}</p> : null}
      {doc ? (
        <div className="document-view__body">
          <div className="document-view__main">
            <p className="print-only print-note">
              {doc.documentType ?? ''} {doc.version ? `· ${t.version} ${doc.version}` : ''} ·{' '}
              {t.printedFrom(updatedAt ? formatDayTime(updatedAt, now, t, lang) : t.noValue)}
              {drill.progress ? ` ${t.drillPrintNote}` : ''}
            </p>
            {hasExpired(doc.validTo, now) ? (
              <p className="warning" role="alert" data-testid="expired-warning">
                ⚠ {t.expiredWarning(doc.validTo!)}
              </p>
            ) : null}
            {openMessage ? (
              <p className="notice" role="status">
                {openMessage}
              </p>
            ) : null}
            {doc.kind === 'pdf' && bytes ? <PdfViewer ref={viewer} bytes={bytes} title={doc.title} findRef={findRef} initialFind={highlight} /> : null}
            {doc.kind === 'docx' && bytes ? <DocxViewer ref={viewer} bytes={bytes} title={doc.title} /> : null}
            {doc.kind !== 'other' && !bytes && !error ? <p className="notice">{t.loading}</p> : null}
            {doc.kind === 'other' ? (
              <div className="notice">
                <p>{t.cannotShowHere}</p>
                <p>
                  {t.fileLocation} <code className="path">{doc.mirrorFile}</code>
                </p>
              </div>
            ) : null}
          </div>
          <MetadataPanel doc={doc} now={now} />
        </div>
      ) : !error ? (
        <p className="notice">{t.loading}</p>
      ) : null}
    </div>
  );
}
