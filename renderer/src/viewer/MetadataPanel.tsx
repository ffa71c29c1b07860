// The document's metadata beside the viewer: type, version, validity, owner, approver,
// where it sits, and when this copy was fetched.
import type { DocumentDetails } from '../../../sync/api/contract.js';
import { useI18n } from '../i18n/I18nProvider';
import { formatDayTime } from '../i18n/dates';

export function MetadataPanel({ doc, now }: { doc: DocumentDetails; now: Date }) {
  const { t, lang } = useI18n();
  const rows: [string, string | null][] = [
    [t.documentType, doc.documentType],
    [t.version, doc.version],
    [t.validFrom, doc.validFrom],
    [t.validTo, doc.validTo],
    [t.owner, doc.owner],
    [t.approvedBy, doc.approvedBy],
    [t.unit, doc.unit],
    [t.library, doc.libraryTitle],
    [t.folder, doc.path.join(' › ') || null],
    [t.fileName, doc.fileName],
    [t.syncedAt, formatDayTime(doc.syncedAt, now, t, lang)],
  ];
  return (
    <aside className="metadata" aria-labelledby="metadata-heading" tabIndex={0}>
      <h2 id="metadata-heading" className="section-heading">
        {t.metadata}
      </h2>
      <dl>
        {rows.map(([label, value]) => (
          <div key={label} className="metadata__row">
            <dt>{label}</dt>
            <dd>{value ?? t.noValue}</dd>
          </div>
        ))}
      </dl>
    </aside>
  );
}
