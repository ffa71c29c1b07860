// The documents of the chosen library or folder, in alphabetical order, as a virtualised
// listbox: only the rows on screen exist in the page, and pages of rows are fetched as
// they scroll into view, so 50 000 documents stay as quick as 50. One tab stop; arrows,
// Page Up/Down, Home/End move; Enter opens.
import { useCallback, useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import type { DocumentSummary } from '../../../sync/api/contract.js';
import { useApi } from '../api/ApiProvider';
import { useDrill } from '../drill/DrillProvider';
import { useI18n } from '../i18n/I18nProvider';
import type { FolderSelection } from './LibraryTree';

const PAGE = 200;
const ROW_PX = 64;

export function DocumentList({
  selection,
  heading,
  onOpen,
}: {
  selection: FolderSelection;
  heading: string;
  onOpen(doc: DocumentSummary): void;
}) {
  const api = useApi();
  const { t } = useI18n();
  const [total, setTotal] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [rows, setRows] = useState<Map<number, DocumentSummary>>(new Map());
  const [active, setActive] = useState(0);
  const requested = useRef(new Set<number>());
  const generation = useRef(0);
  const scrollRef = useRef<HTMLDivElement>(null);

  const fetchPage = useCallback(
    (page: number) => {
      if (requested.current.has(page)) return;
      requested.current.add(page);
      const gen = generation.current;
      void api.listDocuments({ libraryId: selection.libraryId, folder: selection.folder, offset: page * PAGE, limit: PAGE }).then((r) => {
        if (gen !== generation.current) return;
        if (!r.ok) {
          requested.current.delete(page);
          setError(r.error.message);
          return;
        }
        setTotal(r.value.total);
        setRows((prev) => {
          const next = new Map(prev);
          r.value.items.forEach((item, i) => next.set(r.value.offset + i, item));
          return next;
        });
      });
    },
    [api, selection.libraryId, selection.folder],
  );

  useEffect(() => {
    generation.current++;
    requested.current = new Set();
    setRows(new Map());
    setTotal(null);
    setError(null);
    setActive(0);
    fetchPage(0);
  }, [fetchPage]);

  const virtualizer = useVirtualizer({
    count: total ?? 0,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_PX,
    overscan: 8,
  });
  const items = virtualizer.getVirtualItems();

  useEffect(() => {
    for (const item of items) if (!rows.has(item.index)) fetchPage(Math.floor(item.index / PAGE));
  }, [items, rows, fetchPage]);

  // In a drill, the routine counts as found once it is on screen in a folder the person chose.
  const { report } = useDrill();
  const chosen = selection.libraryId !== undefined;
  useEffect(() => {
    if (!chosen) return;
    const shown = items.flatMap((item) => rows.get(item.index) ?? []);
    if (shown.length > 0) report({ type: 'shown', docs: shown });
  }, [chosen, items, rows, report]);

  const move = (index: number) => {
    if (!total) return;
    const clamped = Math.max(0, Math.min(total - 1, index));
    setActive(clamped);
    virtualizer.scrollToIndex(clamped, { align: 'auto' });
  };
  const perPage = Math.max(1, Math.floor((scrollRef.current?.clientHeight ?? ROW_PX * 8) / ROW_PX) - 1);
  const onKeyDown = (e: KeyboardEvent) => {
    const keys: Record<string, () => void> = {
      ArrowDown: () => move(active + 1),
      ArrowUp: () => move(active - 1),
      PageDown: () => move(active + perPage),
      PageUp: () => move(active - perPage),
      Home: () => move(0),
      End: () => move((total ?? 1) - 1),
      Enter: () => {
        const doc = rows.get(active);
        if (doc) onOpen(doc);
      },
    };
    const action = keys[e.key];
    if (action) {
      e.preventDefault();
      action();
    }
  };

  const activeId = rows.has(active) ? `doc-row-${active}` : undefined;
  return (
    <section className="document-list" aria-labelledby="document-list-heading">
      <h2 id="document-list-heading" className="section-heading">
        {heading} <span className="section-heading__count">{total === null ? t.loading : t.documentsCount(total)}</span>
      </h2>
      {error ? <p className="error">{t.errorPrefix} {error}</p> : null}
      {total === 0 ? <p className="notice">{t.emptyLibrary}</p> : null}
      <div
        ref={scrollRef}
        className="document-list__scroller"
        role="listbox"
        aria-label={t.documentList}
        aria-activedescendant={activeId}
        tabIndex={0}
        onKeyDown={onKeyDown}
        data-testid="document-list"
      >
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {items.map((item) => {
            const doc = rows.get(item.index);
            return (
              <div
                key={item.key}
                id={`doc-row-${item.index}`}
                role="option"
                aria-selected={item.index === active}
                aria-posinset={item.index + 1}
                aria-setsize={total ?? 0}
                className={`doc-row ${item.index === active ? 'doc-row--active' : ''}`}
                style={{ position: 'absolute', top: 0, left: 0, right: 0, height: ROW_PX, transform: `translateY(${item.start}px)` }}
                onClick={() => {
                  setActive(item.index);
                  if (doc) onOpen(doc);
                }}
              >
                {doc ? (
                  <>
                    <span className="doc-row__title">{doc.title}</span>
                    <span className="doc-row__meta">
                      {[doc.documentType, doc.unit, doc.version ? `${t.version} ${doc.version}` : null].filter(Boolean).join(' · ')}
                    </span>
                  </>
                ) : (
                  <span className="doc-row__meta">{t.loading}</span>
                )}
              </div>
            );
          })}
        </div>
      </div>
    </section>
  );
}
