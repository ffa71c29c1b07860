// What the window title and the tray say about the copy, from the status report: the same
// `updatedAt` time, formatted by formatLocalTime, that the banner, the status page,
// LÄS MIG.txt and index.html show. The page sets the same title (renderer/src/i18n/strings.ts
// windowTitle) once it has loaded; this is the title before that, and the tray's words.
// Pure: no electron import at run time.
import type { StatusView } from '../sync/api/contract.js';
import { formatAge, formatLocalTime } from '../sync/i18n/time.js';

/** undefined: the status is not known yet (the title then claims nothing about the copy). */
export function windowTitle(updatedAt: string | null | undefined): string {
  if (updatedAt === undefined) return 'Styrande dokument (reserv)';
  return updatedAt ? `Styrande dokument (reserv) – kopia från ${formatLocalTime(updatedAt)}` : 'Styrande dokument (reserv) – ingen kopia ännu';
}

export function trayFreshness(status: StatusView | null, now: Date = new Date()): string {
  if (!status) return 'LITA Reserv';
  const at = status.updatedAt;
  if (!at) return 'LITA Reserv – ingen kopia ännu';
  return `LITA Reserv – kopia från ${formatLocalTime(at)} (${formatAge(at, now)})${status.stale ? ' – FÖR GAMMAL' : ''}`;
}

export function trayTooltip(status: StatusView | null, syncing: boolean, now: Date = new Date()): string {
  const lines = [trayFreshness(status, now)];
  if (syncing) lines.push('Synkar…');
  else if (status?.syncOwner.kind === 'service') lines.push(serviceLine(status.syncOwner.nextSyncAt));
  return lines.join('\n');
}

/** The tray's sync item: what it does, or why it does nothing here. */
export function syncMenuItem(status: StatusView | null, syncing: boolean): { label: string; enabled: boolean } {
  if (syncing) return { label: 'Synkar…', enabled: false };
  if (status?.syncOwner.kind === 'service') return { label: serviceLine(status.syncOwner.nextSyncAt), enabled: false };
  return { label: 'Synka nu', enabled: true };
}

function serviceLine(nextSyncAt: string | null): string {
  return nextSyncAt ? `Tjänsten synkar (nästa ${formatLocalTime(nextSyncAt)})` : 'Tjänsten synkar';
}
