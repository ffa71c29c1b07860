// Always on screen: this is the RESERVKOPIA (not the live system), whether the last sync
// reached the sources, and how old the copy is, turning into a warning once it is older
// than staleAfterHours. Every view reads the same time (the status report's updatedAt).
import type { LiveStatus } from '../api/useStatus';
import { copyAge, formatDayTime } from '../i18n/dates';
import { useI18n } from '../i18n/I18nProvider';

export function FreshnessBanner({ live }: { live: LiveStatus }) {
  const { t, lang } = useI18n();
  const { status, now, syncing } = live;
  const stale = status ? status.stale : false;
  const connection = status?.connection ?? 'unknown';
  const state = connection === 'online' ? t.online : connection === 'offline' ? t.offline : t.unknownConnection;
  const copy =
    status?.updatedAt != null
      ? t.copyFrom(formatDayTime(status.updatedAt, now, t, lang), copyAge(status.updatedAt, now, lang))
      : status
        ? t.neverSynced
        : t.loading;
  return (
    <div className={`freshness ${stale ? 'freshness--stale' : ''}`} role="status" aria-live="polite" data-testid="freshness">
      <span className="freshness__badge" title={t.backupExplain}>
        {t.backupBadge}
      </span>
      <span className="freshness__text">
        <strong>{state}</strong> – {copy}
        {syncing ? <span className="freshness__syncing"> · {t.syncing}</span> : null}
      </span>
      {stale && status ? (
        <span className="freshness__warning" data-testid="stale-warning">
          ⚠ {t.staleWarning(status.staleAfterHours)}
        </span>
      ) : null}
    </div>
  );
}
