// The doctor report as a checklist a person reads: one line per check with ✓, ✗, ! or ?,
// what was found, and "→" with what to do.
import type { CheckStatus, DoctorReport } from './types.js';

const MARK: Record<CheckStatus, string> = { ok: '✓', fail: '✗', warn: '!', unknown: '?' };

export function formatDoctorReport(report: DoctorReport): string {
  const lines = ['LITA Reserv – kontroll av installationen', `Konfiguration: ${report.configPath ?? '(hittades inte)'}`, ''];
  for (const c of report.checks) {
    lines.push(`${MARK[c.status]} ${c.title}: ${c.detail}`);
    if (c.fix && c.status !== 'ok') lines.push(`    → ${c.fix}`);
  }
  const count = (s: CheckStatus) => report.checks.filter((c) => c.status === s).length;
  const failed = count('fail');
  const warned = count('warn');
  const unknown = count('unknown');
  lines.push('');
  const tally = [`${failed} fel`, `${warned} ${warned === 1 ? 'varning' : 'varningar'}`, ...(unknown > 0 ? [`${unknown} kunde inte kontrolleras`] : [])].join(', ');
  lines.push(failed > 0 ? `Resultat: ${tally}. Åtgärda felen (✗) och kör doctor igen.` : `Resultat: allt som behövs fungerar (${tally}).`);
  return lines.join('\n');
}
