// The live progress of a running sync, as a real progressbar for screen readers.
import type { SyncProgressView } from '../../../sync/api/contract.js';
import { useI18n } from '../i18n/I18nProvider';

export function SyncProgressBar({ progress }: { progress: SyncProgressView | null }) {
  const { t } = useI18n();
  const total = progress?.total ?? 0;
  const done = progress?.done ?? 0;
  const label = !progress
    ? t.syncing
    : progress.phase === 'listing'
      ? t.progressListing(progress.libraryTitle)
      : t.progress(progress.libraryTitle, done, total);
  return (
    <div className="sync-progress" data-testid="sync-progress">
      <progress max={total || 1} value={total ? done : undefined} aria-label={label} />
      <span>{label}</span>
      {progress?.current ? <span className="sync-progress__current">{progress.current}</span> : null}
    </div>
  );
}
