// The status page's drill section: when this PC last ran a drill ("Senaste övning på den
// här datorn"), what the exercise will ask for, the button that starts drill mode, and
// the recent drills. Reloads after every recorded drill.
import { useEffect, useState } from 'react';
import type { DrillStatusView, DrillTargetView } from '../../../sync/api/contract.js';
import { formatLocalTime } from '../../../sync/i18n/time.js';
import { useApi } from '../api/ApiProvider';
import { useDrill } from '../drill/DrillProvider';
import { useI18n } from '../i18n/I18nProvider';

const SHOWN = 3;

export function DrillSection({ onStart }: { onStart(target: DrillTargetView): void }) {
  const api = useApi();
  const { t, lang } = useI18n();
  const drill = useDrill();
  const [status, setStatus] = useState<DrillStatusView | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let cancelled = false;
    void api.drillStatus().then((r) => {
      if (cancelled) return;
      if (r.ok) {
        setStatus(r.value);
        setError(null);
      } else setError(r.error.message);
    });
    return () => {
      cancelled = true;
    };
  }, [api, drill.recorded]);

  const target = status?.suggestion ?? null;
  return (
    <section className="drill-section" aria-labelledby="drill-heading">
      <h2 id="drill-heading">{t.drillHeading}</h2>
      <p data-testid="last-drill">
        {t.lastDrill} <strong>{status?.lastDrillAt ? formatLocalTime(status.lastDrillAt, lang) : status ? t.noDrill : t.loading}</strong>
      </p>
      {error ? <p className="error">{t.errorPrefix} {error}</p> : null}
      <div className="drill-section__start">
        <button type="button" className="button--primary" disabled={!target || drill.progress !== null} onClick={() => target && onStart(target)}>
          {t.drillStart}
        </button>
        <p>
          {t.drillExplain}{' '}
          {target ? (
            <>
              {t.drillTargetIs} <strong>{target.title}</strong> <span className="drill-section__where">({[target.libraryTitle, ...target.path].join(' › ')})</span>
            </>
          ) : status ? (
            <strong>{t.drillNoTarget}</strong>
          ) : null}
        </p>
      </div>
      {status && status.history.length > 0 ? (
        <>
          <h3>{t.drillHistory}</h3>
          <table className="table drill-history" data-testid="drill-history">
            <thead>
              <tr>
                <th scope="col">{t.drillWhen}</th>
                <th scope="col">{t.drillOutcome}</th>
                <th scope="col">{t.drillTime}</th>
              </tr>
            </thead>
            <tbody>
              {status.history.slice(0, SHOWN).map((d) => (
                <tr key={d.at}>
                  <td>{formatLocalTime(d.at, lang)}</td>
                  <td>
                    {d.completed ? t.drillCompleted : `${t.drillCancelled} (${d.steps.length}/3)`}
                    {d.target ? <div className="table__note">{d.target}</div> : null}
                  </td>
                  <td>{d.seconds === null ? t.noValue : t.duration(d.seconds)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      ) : null}
    </section>
  );
}
