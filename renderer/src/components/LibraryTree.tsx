// Library → folders, with document counts, as an ARIA tree: one tab stop, arrow keys to
// move, Right/Left to open and close, Enter or Space to show the folder's documents.
import { useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import type { FolderNode, LibraryNode } from '../../../sync/api/contract.js';
import { useI18n } from '../i18n/I18nProvider';

export interface FolderSelection {
  libraryId: string | undefined;
  folder: string[];
}

interface Row {
  key: string;
  libraryId: string;
  folder: string[];
  name: string;
  documents: number;
  level: number;
  hasChildren: boolean;
}

const keyOf = (libraryId: string, folder: string[]) => JSON.stringify([libraryId, folder]);

function visibleRows(libraries: LibraryNode[], expanded: ReadonlySet<string>): Row[] {
  const rows: Row[] = [];
  const walk = (libraryId: string, nodes: FolderNode[], level: number) => {
    for (const n of nodes) {
      const key = keyOf(libraryId, n.path);
      rows.push({ key, libraryId, folder: n.path, name: n.name, documents: n.documents, level, hasChildren: n.folders.length > 0 });
      if (expanded.has(key)) walk(libraryId, n.folders, level + 1);
    }
  };
  for (const lib of libraries) {
    const key = keyOf(lib.id, []);
    rows.push({ key, libraryId: lib.id, folder: [], name: lib.title, documents: lib.documents, level: 1, hasChildren: lib.folders.length > 0 });
    if (expanded.has(key)) walk(lib.id, lib.folders, 2);
  }
  return rows;
}

export function LibraryTree({
  libraries,
  selected,
  onSelect,
}: {
  libraries: LibraryNode[];
  selected: FolderSelection;
  onSelect(s: FolderSelection): void;
}) {
  const { t } = useI18n();
  const [expanded, setExpanded] = useState<Set<string>>(() => new Set());
  // Libraries start open the first time they appear; after that the person decides.
  const seen = useRef(new Set<string>());
  useEffect(() => {
    const fresh = libraries.map((l) => keyOf(l.id, [])).filter((k) => !seen.current.has(k));
    if (fresh.length === 0) return;
    for (const k of fresh) seen.current.add(k);
    setExpanded((prev) => new Set([...prev, ...fresh]));
  }, [libraries]);
  const rows = useMemo(() => visibleRows(libraries, expanded), [libraries, expanded]);
  const selectedKey = selected.libraryId ? keyOf(selected.libraryId, selected.folder) : null;
  const [focusKey, setFocusKey] = useState<string | null>(null);
  const activeKey = rows.some((r) => r.key === focusKey) ? focusKey : (selectedKey ?? rows[0]?.key ?? null);
  const itemRefs = useRef(new Map<string, HTMLLIElement>());

  const focusRow = (key: string) => {
    setFocusKey(key);
    itemRefs.current.get(key)?.focus();
  };
  const toggle = (key: string, open: boolean) =>
    setExpanded((prev) => {
      const next = new Set(prev);
      if (open) next.add(key);
      else next.delete(key);
      return next;
    });

  const onKeyDown = (e: KeyboardEvent, row: Row, index: number) => {
    const parentKey = row.folder.length > 0 ? keyOf(row.libraryId, row.folder.slice(0, -1)) : null;
    const go = (i: number) => rows[i] && focusRow(rows[i].key);
    switch (e.key) {
      case 'ArrowDown':
        go(index + 1);
        break;
      case 'ArrowUp':
        go(index - 1);
        break;
      case 'Home':
        go(0);
        break;
      case 'End':
        go(rows.length - 1);
        break;
      case 'ArrowRight':
        if (row.hasChildren && !expanded.has(row.key)) toggle(row.key, true);
        else if (row.hasChildren) go(index + 1);
        break;
      case 'ArrowLeft':
        if (expanded.has(row.key) && row.hasChildren) toggle(row.key, false);
        else if (parentKey) focusRow(parentKey);
        break;
      case 'Enter':
      case ' ':
        onSelect({ libraryId: row.libraryId, folder: row.folder });
        break;
      default:
        return;
    }
    e.preventDefault();
  };

  return (
    <nav className="tree-panel" aria-label={t.treeLabel}>
      <h2 className="section-heading">{t.libraries}</h2>
      <ul role="tree" aria-label={t.treeLabel} className="tree">
        {rows.map((row, index) => (
          <li
            key={row.key}
            ref={(el) => {
              if (el) itemRefs.current.set(row.key, el);
              else itemRefs.current.delete(row.key);
            }}
            role="treeitem"
            aria-level={row.level}
            aria-selected={row.key === selectedKey}
            aria-expanded={row.hasChildren ? expanded.has(row.key) : undefined}
            tabIndex={row.key === activeKey ? 0 : -1}
            className={`tree__item ${row.key === selectedKey ? 'tree__item--selected' : ''}`}
            style={{ paddingInlineStart: `${0.5 + (row.level - 1) * 1.1}em` }}
            onKeyDown={(e) => onKeyDown(e, row, index)}
            onFocus={() => setFocusKey(row.key)}
            onClick={() => {
              onSelect({ libraryId: row.libraryId, folder: row.folder });
              if (row.hasChildren) toggle(row.key, !expanded.has(row.key) || row.key !== selectedKey);
            }}
          >
            <span aria-hidden="true" className="tree__twisty">
              {row.hasChildren ? (expanded.has(row.key) ? '▾' : '▸') : ' '}
            </span>
            <span className="tree__name">{row.name}</span>
            <span className="tree__count">{row.documents}</span>
          </li>
        ))}
      </ul>
    </nav>
  );
}
