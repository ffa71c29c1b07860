// Always on screen: this is the RESERVKOPIA (not the live system), whether the last sync
// reached the sources, and how old the copy is, turning into a warning once it is older
// than staleAfterHours. Every view reads the same time (the status report's updatedAt; the
// exact local time is on the <time> element). In drill mode the banner says Offline, as in
// a real outage, and carries an ÖVNING badge so nobody mistakes the drill for one.
import { formatLocalTime } from '../../../sync/i18n/time.js';
import type { LiveStatus } from '../api/useStatus';
import { copyAge, formatDayTime } from '../i18n/dates';
import { useI18n } from '../i18n/I18nProvider';

export function FreshnessBanner({ live, drill }: { live: LiveStatus; drill: boolean }) {
  const { t, lang } = useI18n();
  const { status, now, syncing } = live;
  const stale = status ? status.stale : false;
  const connection = drill ? 'offline' : (status?.connection ?? 'unknown');
  const state = connection === 'online' ? t.online : connection === 'offline' ? t.offline : t.unknownConnection;
  const updatedAt = status?.updatedAt ?? null;
  const copy = updatedAt ? t.copyFrom(formatDayTime(updatedAt, now, t, lang), copyAge(updatedAt, now, lang)) : status ? t.neverSynced : t.loading;
  return (
    <div className={`freshness ${stale ? 'freshness--stale' : ''}`} role="status" aria-live="polite" data-testid="freshness">
      <span className="freshness__badge" title={t.backupExplain}>
        {t.backupBadge}
      </span>
      {drill ? (
        <span className="freshness__badge freshness__badge--drill" data-testid="drill-badge">
          {t.drillBadge}
        </span>
      ) : null}
      <span className="freshness__text">
        <strong>{state}</strong> –{' '}
        {updatedAt ? (
          <time dateTime={updatedAt} title={formatLocalTime(updatedAt, lang)}>
            {copy}
          </time>
        ) : (
          copy
        )}
        {syncing && !drill ? <span className="freshness__syncing"> · {t.syncing}</span> : null}
      </span>
      {stale && status ? (
        <span className="freshness__warning" data-testid="stale-warning">
          ⚠ {t.staleWarning(status.staleAfterHours)}
        </span>
      ) : null}
    </div>
  );
}
