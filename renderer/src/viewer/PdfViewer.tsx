// A PDF in the app: every page (rendered as it scrolls into view), zoom, page
// navigation, find in document, and printing of all pages.
import { forwardRef, useCallback, useEffect, useImperativeHandle, useMemo, useRef, useState, type RefObject } from 'react';
import { useI18n } from '../i18n/I18nProvider';
import type { Strings } from '../i18n/strings';
import { foldText, openPdf, type PdfDocument } from './pdfjs';
import { PdfPageView } from './PdfPageView';

export interface PrintableViewer {
  /** Renders every page, then resolves: call before window.print(). */
  prepareForPrint(): Promise<void>;
}

interface Hit {
  page: number;
  item: number;
}

const ZOOM_STEPS = [0.5, 0.67, 0.8, 1, 1.25, 1.5, 2, 3];
const MAX_FIT_SCALE = 2;
const A4 = { width: 595, height: 842 };

interface PdfViewerProps {
  bytes: Uint8Array;
  title: string;
  findRef?: RefObject<HTMLInputElement | null>;
  /** Starts with these words found and marked (a document opened from a search). */
  initialFind?: string | undefined;
}

/** The words of a find query worth looking for (two letters or more), folded. */
export function findTerms(query: string): string[] {
  return [...new Set(foldText(query).split(/\s+/).filter((w) => w.length >= 2))];
}

export const PdfViewer = forwardRef<PrintableViewer, PdfViewerProps>(function PdfViewer({ bytes, title, findRef, initialFind }, ref) {
  const { t } = useI18n();
  const [doc, setDoc] = useState<PdfDocument | null>(null);
  const [sizes, setSizes] = useState<{ width: number; height: number }[]>([]);
  const [error, setError] = useState<{ cause: unknown } | null>(null);
  const [zoom, setZoom] = useState(1);
  const [containerWidth, setContainerWidth] = useState(800);
  const [eager, setEager] = useState(false);
  const [currentPage, setCurrentPage] = useState(1);
  const [query, setQuery] = useState(initialFind ?? '');
  const [hits, setHits] = useState<Hit[]>([]);
  const [hitIndex, setHitIndex] = useState(0);
  const scroller = useRef<HTMLDivElement>(null);
  const [scrollRoot, setScrollRoot] = useState<HTMLElement | null>(null);
  const rendered = useRef(new Set<number>());
  const renderWaiters = useRef<(() => void)[]>([]);

  useEffect(() => {
    let cancelled = false;
    let opened: PdfDocument | null = null;
    setDoc(null);
    setError(null);
    rendered.current = new Set();
    openPdf(bytes)
      .then(async (d) => {
        opened = d;
        const pages = await Promise.all(
          Array.from({ length: d.numPages }, async (_, i) => {
            try {
              const vp = (await d.getPage(i + 1)).getViewport({ scale: 1 });
              return { width: vp.width, height: vp.height };
            } catch {
              return A4; // a damaged page keeps a place; PdfPageView says it cannot be shown
            }
          }),
        );
        if (cancelled) return;
        setSizes(pages);
        setDoc(d);
      })
      .catch((err: unknown) => !cancelled && setError({ cause: err }));
    return () => {
      cancelled = true;
      void opened?.destroy();
    };
  }, [bytes]);

  useEffect(() => {
    const el = scroller.current;
    setScrollRoot(el);
    if (!el) return;
    const observer = new ResizeObserver(() => setContainerWidth(el.clientWidth));
    observer.observe(el);
    return () => observer.disconnect();
  }, [doc]);

  const widest = Math.max(1, ...sizes.map((s) => s.width));
  const fitScale = Math.min(MAX_FIT_SCALE, Math.max(0.25, (containerWidth - 48) / widest));
  const scale = fitScale * zoom;

  const onRendered = useCallback((page: number) => {
    rendered.current.add(page);
    for (const w of renderWaiters.current.splice(0)) w();
  }, []);

  useImperativeHandle(ref, () => ({
    prepareForPrint: async () => {
      if (!doc) return;
      setEager(true);
      while (rendered.current.size < doc.numPages) {
        await new Promise<void>((resolve) => renderWaiters.current.push(resolve));
      }
    },
  }));

  // Find in document: fold case and diacritics, and match within each text item.
  useEffect(() => {
    const terms = findTerms(query);
    if (!doc || terms.length === 0) {
      setHits([]);
      return;
    }
    let cancelled = false;
    const timer = setTimeout(async () => {
      const found: Hit[] = [];
      for (let p = 1; p <= doc.numPages && !cancelled; p++) {
        const content = await (await doc.getPage(p)).getTextContent();
        let k = 0;
        for (const item of content.items) {
          if (!('str' in item)) continue;
          const text = foldText(item.str);
          if (terms.some((term) => text.includes(term))) found.push({ page: p, item: k });
          k++;
        }
      }
      if (!cancelled) {
        setHits(found);
        setHitIndex(0);
      }
    }, 250);
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, [doc, query]);

  const current = hits[hitIndex] ?? null;
  useEffect(() => {
    if (current) scrollToPage(current.page);
  }, [current]);

  const hitsByPage = useMemo(() => {
    const m = new Map<number, number[]>();
    for (const h of hits) m.set(h.page, [...(m.get(h.page) ?? []), h.item]);
    return m;
  }, [hits]);

  const scrollToPage = (n: number) => {
    const el = scroller.current;
    const page = el?.querySelector<HTMLElement>(`[data-page="${n}"]`);
    if (el && page) el.scrollTop = page.offsetTop - 16;
  };
  const onScroll = () => {
    const el = scroller.current;
    if (!el || sizes.length === 0) return;
    const pages = el.querySelectorAll<HTMLElement>('.pdf-page');
    const top = el.scrollTop + 40;
    let n = 1;
    pages.forEach((p, i) => {
      if (p.offsetTop <= top) n = i + 1;
    });
    setCurrentPage(n);
  };
  const stepZoom = (dir: 1 | -1) => {
    const i = ZOOM_STEPS.findIndex((z) => z >= zoom - 0.001);
    setZoom(ZOOM_STEPS[Math.max(0, Math.min(ZOOM_STEPS.length - 1, (i < 0 ? ZOOM_STEPS.length - 1 : i) + dir))]!);
  };
  const stepHit = (dir: 1 | -1) => hits.length > 0 && setHitIndex((i) => (i + dir + hits.length) % hits.length);

  if (error) return <p className="error" data-testid="viewer-error">{describePdfError(error.cause, t)}</p>;
  if (!doc) return <p className="notice">{t.loading}</p>;
  return (
    <div className="pdf-viewer">
      <div className="viewer-toolbar" role="toolbar" aria-label={t.page}>
        <button type="button" onClick={() => scrollToPage(Math.max(1, currentPage - 1))} aria-label={t.previousPage}>
          ‹
        </button>
        <span className="viewer-toolbar__page" aria-live="polite">
          {t.pageOf(currentPage, doc.numPages)}
        </span>
        <button type="button" onClick={() => scrollToPage(Math.min(doc.numPages, currentPage + 1))} aria-label={t.nextPage}>
          ›
        </button>
        <span className="viewer-toolbar__sep" />
        <button type="button" onClick={() => stepZoom(-1)} aria-label={t.zoomOut}>
          −
        </button>
        <span className="viewer-toolbar__zoom">{t.zoomLevel(Math.round(scale * 100))}</span>
        <button type="button" onClick={() => stepZoom(1)} aria-label={t.zoomIn}>
          +
        </button>
        <button type="button" onClick={() => setZoom(1)}>
          {t.fitWidth}
        </button>
        <span className="viewer-toolbar__sep" />
        <label className="find">
          <span className="visually-hidden">{t.findInDocument}</span>
          <input
            ref={findRef}
            type="search"
            value={query}
            placeholder={t.findInDocument}
            onChange={(e) => setQuery(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'Enter') {
                e.preventDefault();
                stepHit(e.shiftKey ? -1 : 1);
              }
            }}
          />
        </label>
        <button type="button" onClick={() => stepHit(-1)} aria-label={t.findPrevious} disabled={hits.length === 0}>
          ↑
        </button>
        <button type="button" onClick={() => stepHit(1)} aria-label={t.findNext} disabled={hits.length === 0}>
          ↓
        </button>
        {query.trim().length >= 2 ? (
          <span className="viewer-toolbar__count" role="status">
            {t.findCount(hits.length ? hitIndex + 1 : 0, hits.length)}
          </span>
        ) : null}
      </div>
      <div className="pdf-pages print-pages" ref={scroller} onScroll={onScroll} tabIndex={0} role="region" aria-label={title} data-testid="pdf-pages">
        {sizes.map((s, i) => (
          <PdfPageView
            key={i + 1}
            doc={doc}
            pageNumber={i + 1}
            scale={scale}
            width={Math.floor(s.width * scale)}
            height={Math.floor(s.height * scale)}
            eager={eager}
            hitItems={hitsByPage.get(i + 1) ?? []}
            currentItem={current && current.page === i + 1 ? current.item : null}
            label={t.pageOf(i + 1, doc.numPages)}
            failedLabel={t.pageFailed}
            scrollRoot={scrollRoot}
            onRendered={onRendered}
          />
        ))}
      </div>
    </div>
  );
});

/** pdf.js's errors in words a person can act on. */
function describePdfError(err: unknown, t: Strings): string {
  const name = (err as { name?: string })?.name;
  if (name === 'PasswordException') return t.pdfPassword;
  if (name === 'InvalidPDFException') return t.pdfBroken;
  return `${t.pdfFailed} ${String((err as Error)?.message ?? err)}`;
}
