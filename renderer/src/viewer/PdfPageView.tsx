// One PDF page: a placeholder of the right size until it comes near the screen, then a
// canvas (sharp on high-DPI screens) with pdf.js's text layer on top, so the text can be
// selected, found and read by screen readers. Find hits are marked on the text layer.
import { useEffect, useRef, useState } from 'react';
import { TextLayer, type PdfDocument } from './pdfjs';

interface Props {
  doc: PdfDocument;
  pageNumber: number;
  scale: number;
  width: number;
  height: number;
  /** Render now even when off screen (printing). */
  eager: boolean;
  hitItems: readonly number[];
  currentItem: number | null;
  label: string;
  failedLabel: string;
  /** The scrolling element pages appear in. */
  scrollRoot: HTMLElement | null;
  onRendered(pageNumber: number): void;
}

export function PdfPageView({ doc, pageNumber, scale, width, height, eager, hitItems, currentItem, label, failedLabel, scrollRoot, onRendered }: Props) {
  const box = useRef<HTMLDivElement>(null);
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const textRef = useRef<HTMLDivElement>(null);
  const [near, setNear] = useState(false);
  const [textDivs, setTextDivs] = useState<HTMLElement[]>([]);
  const [state, setState] = useState<'waiting' | 'rendered' | 'failed'>('waiting');

  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const observer = new IntersectionObserver((entries) => entries.some((e) => e.isIntersecting) && setNear(true), { root: scrollRoot, rootMargin: '600px 0px' });
    observer.observe(el);
    return () => observer.disconnect();
  }, [scrollRoot]);

  const wanted = near || eager;
  useEffect(() => {
    if (!wanted) return;
    let cancelled = false;
    let cleanup = () => {};
    (async () => {
      const page = await doc.getPage(pageNumber);
      if (cancelled) return;
      const viewport = page.getViewport({ scale });
      const canvas = canvasRef.current!;
      const ratio = window.devicePixelRatio || 1;
      canvas.width = Math.floor(viewport.width * ratio);
      canvas.height = Math.floor(viewport.height * ratio);
      const task = page.render({ canvas, viewport, transform: ratio !== 1 ? [ratio, 0, 0, ratio, 0, 0] : undefined });
      const container = textRef.current!;
      container.replaceChildren();
      const textLayer = new TextLayer({ textContentSource: page.streamTextContent(), container, viewport });
      cleanup = () => {
        task.cancel();
        textLayer.cancel();
      };
      try {
        await Promise.all([task.promise, textLayer.render()]);
      } catch (err) {
        if ((err as Error)?.name === 'RenderingCancelledException' || cancelled) return;
        throw err;
      }
      if (cancelled) return;
      setTextDivs(textLayer.textDivs);
      setState('rendered');
      onRendered(pageNumber);
    })().catch((err: unknown) => {
      // A damaged page is shown as such; the other pages still render.
      if (cancelled) return;
      console.warn(`page ${pageNumber}: ${String(err)}`);
      setState('failed');
      onRendered(pageNumber);
    });
    return () => {
      cancelled = true;
      cleanup();
    };
  }, [doc, pageNumber, scale, wanted, onRendered]);

  useEffect(() => {
    for (const div of textDivs) div.classList.remove('find-hit', 'find-hit--current');
    for (const i of hitItems) textDivs[i]?.classList.add('find-hit');
    if (currentItem !== null) {
      const current = textDivs[currentItem];
      current?.classList.add('find-hit--current');
      // Scroll only the pages pane (scrollIntoView would move every scrollable ancestor).
      if (current && scrollRoot) {
        const hit = current.getBoundingClientRect();
        const pane = scrollRoot.getBoundingClientRect();
        scrollRoot.scrollTop += hit.top - pane.top - pane.height / 2;
      }
    }
  }, [textDivs, hitItems, currentItem, scrollRoot]);

  return (
    <div
      ref={box}
      className="pdf-page"
      role="region"
      aria-label={label}
      data-page={pageNumber}
      data-state={state}
      style={{ width, height, ['--total-scale-factor' as string]: scale }}
    >
      <canvas ref={canvasRef} className="pdf-page__canvas" style={{ width, height }} aria-hidden="true" />
      <div ref={textRef} className="textLayer" />
      {state === 'failed' ? <p className="pdf-page__error">{failedLabel}</p> : null}
    </div>
  );
}
