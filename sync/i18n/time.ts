// Times as people read them: "2026-11-23 02:00" in local time, and ages like "för 3
// timmar sedan". Pure, shared by the CLI, LÄS MIG.txt and the UI.
export type Lang = 'sv' | 'en';

export function formatLocalTime(iso: string | null, lang: Lang = 'sv'): string {
  if (!iso) return lang === 'sv' ? 'aldrig' : 'never';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

export function formatAge(iso: string | null, now: Date = new Date(), lang: Lang = 'sv'): string {
  if (!iso) return lang === 'sv' ? 'aldrig' : 'never';
  const minutes = Math.max(0, Math.round((now.getTime() - new Date(iso).getTime()) / 60_000));
  const sv = lang === 'sv';
  if (minutes < 1) return sv ? 'just nu' : 'just now';
  if (minutes < 60) return sv ? `för ${minutes} min sedan` : `${minutes} min ago`;
  const hours = Math.round(minutes / 60);
  if (hours < 48) return sv ? `för ${hours} ${hours === 1 ? 'timme' : 'timmar'} sedan` : `${hours} ${hours === 1 ? 'hour' : 'hours'} ago`;
  const days = Math.round(hours / 24);
  return sv ? `för ${days} dagar sedan` : `${days} days ago`;
}

export function isStale(lastSuccessAt: string | null, staleAfterHours: number, now: Date = new Date()): boolean {
  if (!lastSuccessAt) return true;
  return now.getTime() - new Date(lastSuccessAt).getTime() > staleAfterHours * 3_600_000;
}

/**
 * How fresh the mirror as a whole is: the oldest last success among its libraries (a
 * library never synced makes it null). Conservative on purpose: every place that shows
 * freshness shows this same time.
 */
export function mirrorUpdatedAt(libraries: readonly { lastSuccessAt: string | null }[]): string | null {
  let oldest: string | null = null;
  for (const l of libraries) {
    if (!l.lastSuccessAt) return null;
    if (oldest === null || l.lastSuccessAt < oldest) oldest = l.lastSuccessAt;
  }
  return oldest;
}
