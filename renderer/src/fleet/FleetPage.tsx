// "Översikt datorer", for handläggare: every PC that reports to the configured
// statusReport.target, with counts, a text filter, "bara datorer med problem", sorting,
// and "Exportera CSV". Without a target it says how to configure one, naming the file.
import { useCallback, useEffect, useMemo, useState } from 'react';
import type { FleetResult } from '../../../sync/api/contract.js';
import { formatLocalTime } from '../../../sync/i18n/time.js';
import { useApi } from '../api/ApiProvider';
import { useI18n } from '../i18n/I18nProvider';
import { downloadText } from './download';
import { FleetTable } from './FleetTable';
import { countStates, DEFAULT_SORT, filterFleet, nextSort, sortFleet, type FleetColumn, type FleetSort } from './fleetTable';

const CONFIG_EXAMPLE = String.raw`"statusReport": { "target": "\\\\filserver\\lita-status" }`;

export function FleetPage() {
  const api = useApi();
  const { t, lang } = useI18n();
  const [result, setResult] = useState<FleetResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  const [text, setText] = useState('');
  const [onlyProblems, setOnlyProblems] = useState(false);
  const [sort, setSort] = useState<FleetSort>(DEFAULT_SORT);
  const [message, setMessage] = useState<string | null>(null);
  const [now, setNow] = useState(() => new Date());

  const load = useCallback(async () => {
    setLoading(true);
    const r = await api.fleet();
    setLoading(false);
    setNow(new Date());
    if (r.ok) {
      setResult(r.value);
      setError(null);
    } else setError(r.error.message);
  }, [api]);

  useEffect(() => {
    void load();
  }, [load]);

  const view = result?.configured ? result.view : null;
  const rows = useMemo(() => (view ? sortFleet(filterFleet(view.rows, { text, onlyProblems }), sort) : []), [view, text, onlyProblems, sort]);
  const counts = useMemo(() => countStates(view?.rows ?? []), [view]);

  const exportCsv = async () => {
    const r = await api.fleetCsv();
    if (!r.ok) return setMessage(`${t.errorPrefix} ${r.error.message}`);
    downloadText(r.value.fileName, r.value.text, 'text/csv;charset=utf-8');
    setMessage(t.fleetExported(r.value.fileName));
  };

  return (
    <div className="fleet-page">
      <div className="fleet-page__head">
        <h1 id="fleet-heading" tabIndex={-1}>
          {t.fleetPage}
        </h1>
        {view ? (
          <p className="fleet-page__summary" data-testid="fleet-summary">
            {t.fleetSummary(view.rows.length, counts.ok, counts.warning, counts.problem)} {t.fleetSource} <code className="path">{result?.configured ? result.location : ''}</code>{' '}
            ({formatLocalTime(view.generatedAt, lang)})
          </p>
        ) : null}
      </div>
      {error ? <p className="error">{t.errorPrefix} {error}</p> : null}
      {result && !result.configured ? (
        <div className="fleet-page__setup" data-testid="fleet-not-configured">
          <p className="warning">{t.fleetNotConfigured}</p>
          <p>
            {t.fleetHowTo} <code className="path">{result.configPath}</code>
          </p>
          <pre className="config-example">
            <code>{CONFIG_EXAMPLE}</code>
          </pre>
          <p>{t.fleetHowToAfter}</p>
        </div>
      ) : null}
      {view ? (
        <>
          <div className="fleet-controls">
            <label className="fleet-controls__filter">
              {t.fleetFilter}
              <input type="search" value={text} maxLength={100} placeholder={t.fleetFilterHelp} onChange={(e) => setText(e.target.value)} />
            </label>
            <label className="fleet-controls__check">
              <input type="checkbox" checked={onlyProblems} onChange={(e) => setOnlyProblems(e.target.checked)} />
              {t.fleetOnlyProblems}
            </label>
            <button type="button" onClick={() => void load()} disabled={loading}>
              {loading ? t.loading : t.fleetReload}
            </button>
            <button type="button" className="button--primary" onClick={() => void exportCsv()}>
              {t.fleetExport}
            </button>
            <p className="fleet-page__status" role="status" aria-live="polite">
              {t.fleetShowing(rows.length, view.rows.length)} {message}
            </p>
          </div>
          {view.rows.length === 0 ? <p className="notice">{t.fleetEmpty}</p> : rows.length === 0 ? <p className="notice">{t.fleetNoMatch}</p> : null}
          <div className="fleet-page__scroller" role="region" tabIndex={0} aria-labelledby="fleet-heading">
            <FleetTable rows={rows} sort={sort} now={now} onSort={(c: FleetColumn) => setSort((s) => nextSort(s, c))} />
          </div>
          {view.invalid.length > 0 ? (
            <details className="fleet-page__invalid">
              <summary>
                {t.fleetInvalid} ({view.invalid.length})
              </summary>
              <ul>
                {view.invalid.map((i) => (
                  <li key={i.name}>
                    <code className="path">{i.name}</code>: <span lang="sv">{i.reason}</span>
                  </li>
                ))}
              </ul>
            </details>
          ) : null}
        </>
      ) : !error && !result ? (
        <p className="notice">{t.loading}</p>
      ) : null}
    </div>
  );
}
