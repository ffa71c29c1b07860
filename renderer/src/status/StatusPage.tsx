// For handläggare: how fresh the copy is (the same updatedAt as the banner and the window
// title), who syncs this PC (the app, or the service), each library's last success, last
// attempt and result, document count, failures with reasons, deletions held back (with
// approval), live progress of a running sync, drills, and the recent runs.
import { useEffect, useState } from 'react';
import type { DrillTargetView, LibraryStatusView, SyncEvent } from '../../../sync/api/contract.js';
import { formatLocalTime } from '../../../sync/i18n/time.js';
import { useApi } from '../api/ApiProvider';
import type { LiveStatus } from '../api/useStatus';
import { useI18n } from '../i18n/I18nProvider';
import { copyAge, formatDayTime } from '../i18n/dates';
import { SyncProgressBar } from './SyncProgressBar';
import { DrillSection } from './DrillSection';

export function StatusPage({ live, onStartDrill }: { live: LiveStatus; onStartDrill(target: DrillTargetView): void }) {
  const api = useApi();
  const { t, lang } = useI18n();
  const { status, now, syncing, progress, lastEvent, refresh } = live;
  const [message, setMessage] = useState<string | null>(null);
  const when = (iso: string | null) => (iso ? `${formatDayTime(iso, now, t, lang)} (${copyAge(iso, now, lang)})` : t.resultText.never!);

  useEffect(() => {
    const text = eventText(lastEvent, t);
    if (text) setMessage(text);
  }, [lastEvent, t]);

  const owner = status?.syncOwner;
  const serviceText = owner?.kind === 'service' ? t.serviceSyncs(owner.nextSyncAt ? formatLocalTime(owner.nextSyncAt, lang) : null) : null;
  const syncNow = async () => {
    if (serviceText) {
      setMessage(serviceText);
      refresh();
      return;
    }
    const r = await api.syncNow();
    // "busy" is an answer, not a fault: a sync runs already, or the service took over.
    setMessage(r.ok ? t.syncStarted : r.error.code === 'busy' ? r.error.message : `${t.errorPrefix} ${r.error.message}`);
    refresh();
  };
  const approve = async (lib: LibraryStatusView) => {
    if (!window.confirm(t.confirmApprove(lib.held.length, lib.title))) return;
    const r = await api.approveDeletions({ libraryId: lib.id });
    setMessage(r.ok ? t.syncStarted : r.error.code === 'busy' ? r.error.message : `${t.errorPrefix} ${r.error.message}`);
  };

  if (!status) return <p className="notice">{live.error ? `${t.errorPrefix} ${live.error}` : t.loading}</p>;
  return (
    <div className="status-page">
      <h1 tabIndex={-1}>{t.statusTitle}</h1>
      <p className="status-page__freshness" data-testid="status-freshness">
        {status.updatedAt ? (
          <>
            {t.copyUpdated}{' '}
            <strong>
              <time dateTime={status.updatedAt}>{formatLocalTime(status.updatedAt, lang)}</time>
            </strong>{' '}
            ({copyAge(status.updatedAt, now, lang)})
          </>
        ) : (
          <strong>{t.neverSynced}</strong>
        )}
      </p>
      {serviceText ? (
        <p className="notice notice--service" data-testid="service-owner">
          {serviceText}
        </p>
      ) : null}
      <div className="status-page__actions">
        <button type="button" className="button--primary" onClick={() => void syncNow()} disabled={syncing}>
          {syncing ? t.syncing : t.syncNow}
        </button>
        <p role="status" aria-live="polite" className="status-page__message">
          {message}
        </p>
      </div>
      {syncing ? <SyncProgressBar progress={progress} /> : null}
      <DrillSection onStart={onStartDrill} />
      <dl className="status-page__folders">
        <dt>{t.mirrorFolder}</dt>
        <dd>
          <code className="path">{status.mirrorDir}</code>
        </dd>
        <dt>{t.dataFolder}</dt>
        <dd>
          <code className="path">{status.dataDir}</code>
        </dd>
      </dl>
      {status.libraries.map((lib) => (
        <section key={lib.id} className={`library-status ${lib.stale ? 'library-status--stale' : ''}`} aria-labelledby={`lib-${lib.id}`}>
          <h2 id={`lib-${lib.id}`}>
            {lib.title} <span className="library-status__id">({lib.id})</span>
          </h2>
          <dl className="library-status__facts">
            <div>
              <dt>{t.lastSuccess}</dt>
              <dd>{when(lib.lastSuccessAt)}</dd>
            </div>
            <div>
              <dt>{t.lastAttempt}</dt>
              <dd>{when(lib.lastAttemptAt)}</dd>
            </div>
            <div>
              <dt>{t.result}</dt>
              <dd>
                <strong className={`result result--${lib.lastResult}`}>{t.resultText[lib.lastResult]}</strong>
              </dd>
            </div>
            <div>
              <dt>{t.documents}</dt>
              <dd>{lib.documents}</dd>
            </div>
          </dl>
          {lib.lastError ? <p className="error">{lib.lastError}</p> : null}
          <h3>{t.failures}</h3>
          {lib.failures.length === 0 ? (
            <p>{t.noFailures}</p>
          ) : (
            <table className="table" data-testid={`failures-${lib.id}`}>
              <thead>
                <tr>
                  <th scope="col">{t.documents}</th>
                  <th scope="col">{t.reason}</th>
                  <th scope="col">{t.attempts}</th>
                </tr>
              </thead>
              <tbody>
                {lib.failures.map((f) => (
                  <tr key={f.id}>
                    <td>{f.title}</td>
                    <td>{f.reason}</td>
                    <td>{f.attempts}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          <h3>{t.heldDeletions}</h3>
          {lib.held.length === 0 ? (
            <p>{t.noHeld}</p>
          ) : (
            <>
              <p>{t.heldExplain}</p>
              <ul className="held-list">
                {lib.held.map((h) => (
                  <li key={h.id}>
                    {h.title} – <span className="held-list__reason">{t.heldReason[h.reason] ?? h.reason}</span>
                  </li>
                ))}
              </ul>
              <button type="button" onClick={() => void approve(lib)} disabled={syncing}>
                {t.approveDeletions(lib.held.length)}
              </button>
            </>
          )}
        </section>
      ))}
      <section aria-labelledby="runs-heading">
        <h2 id="runs-heading">{t.recentRuns}</h2>
        <table className="table">
          <thead>
            <tr>
              <th scope="col">{t.started}</th>
              <th scope="col">{t.library}</th>
              <th scope="col">{t.trigger}</th>
              <th scope="col">{t.result}</th>
              <th scope="col">{t.changes}</th>
            </tr>
          </thead>
          <tbody>
            {status.recentRuns.map((r) => (
              <tr key={r.id}>
                <td>{formatDayTime(r.startedAt, now, t, lang)}</td>
                <td>{status.libraries.find((l) => l.id === r.libraryId)?.title ?? r.libraryId}</td>
                <td>{t.triggerText[r.trigger] ?? r.trigger}</td>
                <td>
                  <span className={`result result--${r.result}`}>{t.resultText[r.result] ?? r.result}</span>
                  {r.error ? <div className="table__error">{r.error}</div> : null}
                </td>
                <td>{t.runChanges(r.added, r.updated, r.removed, r.failed)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </div>
  );
}

function eventText(e: SyncEvent | null, t: ReturnType<typeof useI18n>['t']): string | null {
  if (!e) return null;
  if (e.type === 'finished') return t.syncFinished;
  if (e.type === 'failed') return `${t.syncFailedPrefix} ${e.message}`;
  return null;
}
