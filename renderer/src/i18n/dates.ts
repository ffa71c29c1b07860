// Dates as the UI words them, on top of the shared time helpers: "idag 02:00", "igår
// 23:10", otherwise the full local date; and whether a validity date has passed.
import { formatAge, formatLocalTime } from '../../../sync/i18n/time.js';
import type { Strings } from './strings';
import type { Lang } from './strings';

function localDay(d: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** "idag 02:00" / "igår 02:00" / "2026-11-20 02:00". */
export function formatDayTime(iso: string, now: Date, t: Strings, lang: Lang): string {
  const full = formatLocalTime(iso, lang);
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return full;
  const time = full.slice(11);
  const yesterday = new Date(now);
  yesterday.setDate(now.getDate() - 1);
  if (localDay(d) === localDay(now)) return `${t.today} ${time}`;
  if (localDay(d) === localDay(yesterday)) return `${t.yesterday} ${time}`;
  return full;
}

export function copyAge(iso: string, now: Date, lang: Lang): string {
  return formatAge(iso, now, lang);
}

/** True when a validTo date (YYYY-MM-DD or an ISO time) lies before today. */
export function hasExpired(validTo: string | null, now: Date): boolean {
  if (!validTo) return false;
  const day = /^\d{4}-\d{2}-\d{2}/.exec(validTo)?.[0];
  if (!day) return false;
  return day < localDay(now);
}
