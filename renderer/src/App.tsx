// The reader's frame: the always-visible freshness banner and RESERVKOPIA frame (and the
// drill panel in drill mode), the search field, and one of four views: browse (tree +
// list, or search results), a document, the sync status page, or the handläggare's
// overview of every PC. The window title carries the copy's time too.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { DrillTargetView, LibraryNode } from '../../sync/api/contract.js';
import { formatLocalTime } from '../../sync/i18n/time.js';
import { useApi } from './api/ApiProvider';
import { useStatus } from './api/useStatus';
import { FreshnessBanner } from './components/FreshnessBanner';
import { DocumentList } from './components/DocumentList';
import { LibraryTree, type FolderSelection } from './components/LibraryTree';
import { SearchResults } from './components/SearchResults';
import { useSearch, type SearchFilters } from './components/useSearch';
import { useI18n } from './i18n/I18nProvider';
import { StatusPage } from './status/StatusPage';
import { DocumentView } from './viewer/DocumentView';
import { DrillPanel } from './drill/DrillPanel';
import { useDrill } from './drill/DrillProvider';
import { FleetPage } from './fleet/FleetPage';

type View =
  | { name: 'browse' }
  /** `highlight`: what was searched for, marked in the document when opened from a search. */
  | { name: 'document'; ref: { libraryId: string; id: string }; highlight?: string }
  | { name: 'status' }
  | { name: 'fleet' };

export function App() {
  const api = useApi();
  const { t, lang, setLang, adoptDefault } = useI18n();
  const live = useStatus();
  const drill = useDrill();
  const drilling = drill.progress !== null;
  const [view, setView] = useState<View>({ name: 'browse' });
  const [query, setQuery] = useState('');
  const [filters, setFilters] = useState<SearchFilters>({});
  const [tree, setTree] = useState<LibraryNode[]>([]);
  const [treeError, setTreeError] = useState<string | null>(null);
  const [selection, setSelection] = useState<FolderSelection>({ libraryId: undefined, folder: [] });
  const search = useSearch(query, filters);
  const searchInput = useRef<HTMLInputElement>(null);
  const results = useRef<HTMLUListElement>(null);
  const updatedAt = live.status?.updatedAt ?? null;

  useEffect(() => {
    if (live.status) adoptDefault(live.status.language);
  }, [live.status, adoptDefault]);

  // The same time as the banner, the status page and the tray (the desktop window follows).
  const hasStatus = live.status !== null;
  useEffect(() => {
    if (!hasStatus) return;
    document.title = (drilling ? t.drillTitlePrefix : '') + t.windowTitle(updatedAt ? formatLocalTime(updatedAt, lang) : null);
  }, [hasStatus, updatedAt, drilling, t, lang]);

  // The tree changes only when a sync has changed the catalog: reload it with the status.
  useEffect(() => {
    void api.libraryTree().then((r) => {
      if (r.ok) {
        setTree(r.value);
        setTreeError(null);
      } else setTreeError(r.error.message);
    });
  }, [api, updatedAt, live.syncing]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const typing = e.target instanceof HTMLInputElement || e.target instanceof HTMLSelectElement || e.target instanceof HTMLTextAreaElement;
      if (e.key === '/' && !typing) {
        e.preventDefault();
        searchInput.current?.focus();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  const { report, start } = drill;
  const open = useCallback(
    (doc: { libraryId: string; id: string }, highlight?: string) => {
      report({ type: 'opened', doc });
      setView({ name: 'document', ref: { libraryId: doc.libraryId, id: doc.id }, ...(highlight ? { highlight } : {}) });
    },
    [report],
  );
  const openFromSearch = useCallback((doc: { libraryId: string; id: string }) => open(doc, query.trim()), [open, query]);
  const back = useCallback(() => setView({ name: 'browse' }), []);
  // A drill starts where a person in an outage would: the document view, nothing searched or chosen.
  const startDrill = useCallback(
    (target: DrillTargetView) => {
      setQuery('');
      setFilters({});
      setSelection({ libraryId: undefined, folder: [] });
      setView({ name: 'browse' });
      start(target);
    },
    [start],
  );
  const selectedTitle = selectedHeading(tree, selection) ?? t.browse;

  return (
    <div className={`app ${drilling ? 'app--drill' : ''}`}>
      <a className="skip-link" href="#main">
        {t.skipToContent}
      </a>
      <header className="app-header no-print">
        <FreshnessBanner live={live} drill={drilling} />
        <div className="topbar">
          <span className="brand">{t.appName}</span>
          <form className="search" role="search" onSubmit={(e) => e.preventDefault()}>
            <label htmlFor="search-input" className="search__label">
              {t.search}
            </label>
            <input
              id="search-input"
              ref={searchInput}
              type="search"
              value={query}
              autoComplete="off"
              spellCheck={false}
              maxLength={200}
              placeholder={t.searchPlaceholder}
              aria-describedby="search-help"
              onChange={(e) => {
                setQuery(e.target.value);
                if (view.name !== 'browse') setView({ name: 'browse' });
              }}
              onKeyDown={(e) => {
                const first = search.response?.results[0];
                if (e.key === 'Enter' && first) open(first);
                if (e.key === 'ArrowDown') {
                  e.preventDefault();
                  results.current?.querySelector('button')?.focus();
                }
              }}
            />
            <span id="search-help" className="visually-hidden">
              {t.searchHelp}
            </span>
            {query ? (
              <button type="button" className="search__clear" onClick={() => setQuery('')} aria-label={t.clearSearch}>
                ×
              </button>
            ) : null}
          </form>
          <nav className="topnav" aria-label={t.appName}>
            <button type="button" aria-current={view.name === 'browse' || view.name === 'document' ? 'page' : undefined} onClick={() => setView({ name: 'browse' })}>
              {t.browse}
            </button>
            <button type="button" aria-current={view.name === 'status' ? 'page' : undefined} onClick={() => setView({ name: 'status' })}>
              {t.statusPage}
            </button>
            <button type="button" aria-current={view.name === 'fleet' ? 'page' : undefined} onClick={() => setView({ name: 'fleet' })}>
              {t.fleetPage}
            </button>
            <button type="button" lang={lang === 'sv' ? 'en' : 'sv'} aria-label={t.language} onClick={() => setLang(lang === 'sv' ? 'en' : 'sv')}>
              {t.languageSwitchTo}
            </button>
          </nav>
        </div>
        <DrillPanel />
      </header>
      <main id="main" className="app-main" tabIndex={-1}>
        {view.name === 'document' ? (
          <DocumentView docRef={view.ref} highlight={view.highlight} now={live.now} updatedAt={updatedAt} canOpenFiles={live.status?.canOpenFiles ?? false} onBack={back} />
        ) : view.name === 'status' ? (
          <StatusPage live={live} onStartDrill={startDrill} />
        ) : view.name === 'fleet' ? (
          <FleetPage />
        ) : query.trim() !== '' ? (
          <SearchResults ref={results} state={search} filters={filters} libraries={tree} onFilters={setFilters} onOpen={openFromSearch} />
        ) : (
          <div className="browse">
            {treeError ? <p className="error">{t.errorPrefix} {treeError}</p> : null}
            <LibraryTree libraries={tree} selected={selection} onSelect={setSelection} />
            <DocumentList selection={selection} heading={selectedTitle} onOpen={open} />
          </div>
        )}
      </main>
    </div>
  );
}

function selectedHeading(tree: LibraryNode[], s: FolderSelection): string | null {
  const lib = tree.find((l) => l.id === s.libraryId);
  if (!lib) return null;
  return [lib.title, ...s.folder].join(' › ');
}
