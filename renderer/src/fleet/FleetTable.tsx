// The fleet table: one row per PC, every column sortable from its header button (the
// order is on the header as aria-sort), the state in colour AND words with its problems
// spelled out beneath it. A plain table with a sticky header: a few hundred PCs render at
// once. Times read as on the status page ("idag 02:00"), exact time on hover.
import type { FleetRowView } from '../../../sync/api/contract.js';
import { formatAge, formatLocalTime } from '../../../sync/i18n/time.js';
import { formatDayTime } from '../i18n/dates';
import { useI18n } from '../i18n/I18nProvider';
import { FLEET_COLUMNS, type FleetColumn, type FleetSort } from './fleetTable';

const NUMERIC: ReadonlySet<FleetColumn> = new Set(['documents', 'failedDocuments', 'heldDeletions', 'freeDiskBytes']);
/** Fixed shares of the width, so 1366 px holds every column and the problems get room. */
const WIDTH: Record<FleetColumn, string> = {
  pcName: '8%',
  state: '23.5%',
  reportedAt: '9%',
  updatedAt: '9%',
  documents: '8%',
  failedDocuments: '4%',
  heldDeletions: '8.5%',
  appVersion: '6%',
  freeDiskBytes: '7%',
  nextSyncAt: '8%',
  lastDrillAt: '9%',
};
const STATE_MARK = { ok: '✓', warning: '!', problem: '✗' } as const;

interface Props {
  rows: readonly FleetRowView[];
  sort: FleetSort;
  now: Date;
  onSort(column: FleetColumn): void;
}

export function FleetTable({ rows, sort, now, onSort }: Props) {
  const { t, lang } = useI18n();
  const when = (iso: string | null, none: string) =>
    iso ? (
      <time dateTime={iso} title={formatLocalTime(iso, lang)}>
        {formatDayTime(iso, now, t, lang)}
      </time>
    ) : (
      none
    );
  return (
    <table className="table fleet-table" data-testid="fleet-table" aria-labelledby="fleet-heading">
      <colgroup>
        {FLEET_COLUMNS.map((c) => (
          <col key={c} style={{ width: WIDTH[c] }} />
        ))}
      </colgroup>
      <thead>
        <tr>
          {FLEET_COLUMNS.map((c) => {
            const sorted = sort.column === c ? sort.direction : undefined;
            return (
              <th key={c} scope="col" aria-sort={sorted} className={NUMERIC.has(c) ? 'fleet-table__num' : undefined}>
                <button type="button" className="fleet-table__sort" onClick={() => onSort(c)} title={t.sortBy(t.fleetColumns[c])}>
                  {t.fleetColumns[c]}{' '}
                  <span aria-hidden="true" className="fleet-table__arrow">
                    {sorted === 'ascending' ? '▲' : sorted === 'descending' ? '▼' : '↕'}
                  </span>
                </button>
              </th>
            );
          })}
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.pcName} className={`fleet-row fleet-row--${r.state}`} data-pc={r.pcName}>
            <th scope="row" className="fleet-table__pc">
              {r.pcName}
              {r.hostname && r.hostname.toLowerCase() !== r.pcName.toLowerCase() ? <span className="fleet-table__host">{r.hostname}</span> : null}
            </th>
            <td className="fleet-table__state">
              <span className={`fleet-state fleet-state--${r.state}`}>
                <span aria-hidden="true">{STATE_MARK[r.state]} </span>
                {t.fleetState[r.state]}
              </span>
              {r.problems.length > 0 ? (
                <ul className="fleet-table__problems" lang="sv">
                  {r.problems.map((p) => (
                    <li key={p}>{p}</li>
                  ))}
                </ul>
              ) : null}
            </td>
            <td className="fleet-table__time">
              <time dateTime={r.reportedAt} title={formatLocalTime(r.reportedAt, lang)}>
                {formatAge(r.reportedAt, now, lang)}
              </time>
            </td>
            <td className="fleet-table__time">{when(r.updatedAt, t.never)}</td>
            <td className="fleet-table__num">{r.documents.toLocaleString(lang === 'sv' ? 'sv-SE' : 'en-GB')}</td>
            <td className="fleet-table__num">{r.failedDocuments}</td>
            <td className="fleet-table__num">{r.heldDeletions}</td>
            <td>{r.appVersion}</td>
            <td className="fleet-table__num">{r.freeDiskBytes === null ? t.noValue : t.gigabytes(r.freeDiskBytes)}</td>
            <td className="fleet-table__time">{when(r.nextSyncAt, t.noValue)}</td>
            <td className="fleet-table__time">{when(r.lastDrillAt, t.never)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
