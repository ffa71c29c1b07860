// Is the mirror being kept current? The last sync of each library against
// staleAfterHours, and whether the headless service is registered with the OS (Windows
// scheduled task, systemd unit) and running. A missing system tool makes a check
// "unknown", never a failure.
import os from 'node:os';
import { execFile } from 'node:child_process';
import type { Config } from '../config/loadConfig.js';
import type { StatusReport } from '../status/status.js';
import { readLock } from '../engine/syncLock.js';
import { formatAge, formatLocalTime } from '../i18n/time.js';
import { check, type CheckResult } from './types.js';

/** The names build/windows/register-service.ps1 and build/linux/lita-reserv.service use. */
export const WINDOWS_TASK_NAME = '\\LITA Reserv\\Synk';
export const SYSTEMD_UNIT = 'lita-reserv.service';

export function checkLastSyncs(status: StatusReport | null, config: Config, now: Date): CheckResult[] {
  return config.libraries.map((lib) => {
    const id = `sync.${lib.id}`;
    const title = `"${lib.title}" är synkat nyligen`;
    const s = status?.libraries.find((l) => l.id === lib.id);
    if (!s || !s.lastSuccessAt) {
      return check(id, 'warn', title, 'ingen lyckad synk ännu', 'Kör "lita-reserv sync" en gång, eller starta tjänsten och vänta på första synken.');
    }
    const when = `senast lyckad ${formatLocalTime(s.lastSuccessAt)} (${formatAge(s.lastSuccessAt, now)})`;
    if (s.stale) {
      return check(id, 'warn', title, `${when}, äldre än ${config.staleAfterHours} timmar${s.lastError ? `; senaste fel: ${s.lastError}` : ''}`,
        'Se "lita-reserv status" och loggen i <dataDir>/logs; kontrollera att tjänsten körs.');
    }
    if (s.heldDeletions > 0) {
      return check(id, 'warn', title, `${when}; ${s.heldDeletions} borttagningar hålls tillbaka`,
        'En handläggare granskar med "lita-reserv status" och godkänner med "lita-reserv sync --approve-deletions".');
    }
    if (s.lastResult === 'failed' || s.lastResult === 'partial') {
      return check(id, 'warn', title, `${when}; senaste försöket ${s.lastResult === 'failed' ? 'misslyckades' : 'lyckades delvis'}${s.lastError ? `: ${s.lastError}` : ''}`,
        'Se "lita-reserv status" för detaljer.');
    }
    return check(id, 'ok', title, when);
  });
}

export interface CommandResult {
  code: number | null;
  stdout: string;
  stderr: string;
  /** The program is not installed. */
  missing?: boolean;
}

export type CommandRunner = (file: string, args: string[]) => Promise<CommandResult>;

export const runSystemCommand: CommandRunner = (file, args) =>
  new Promise((resolve) => {
    execFile(file, args, { timeout: 15_000, windowsHide: true, encoding: 'utf8' }, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === 'number' ? err.code : null) : 0;
      resolve({ code, stdout, stderr, ...(err && err.code === 'ENOENT' ? { missing: true } : {}) });
    });
  });

export async function checkService(config: Config, platform: NodeJS.Platform, run: CommandRunner = runSystemCommand): Promise<CheckResult> {
  const title = 'Tjänsten som synkar utan inloggning är registrerad';
  const running = daemonRunning(config);
  if (platform === 'win32') {
    const r = await run('schtasks', ['/Query', '/TN', WINDOWS_TASK_NAME]);
    if (r.missing) return check('service', 'unknown', title, 'schtasks finns inte; kunde inte kontrollera den schemalagda aktiviteten');
    if (r.code === 0) return check('service', 'ok', title, `schemalagd aktivitet ${WINDOWS_TASK_NAME}${running}`);
    return check('service', 'warn', title, `schemalagd aktivitet ${WINDOWS_TASK_NAME} finns inte${running}`,
      'Kör build\\windows\\register-service.ps1 som administratör (installationsprogrammet gör det vid tyst installation).');
  }
  if (platform === 'linux') {
    const r = await run('systemctl', ['is-enabled', SYSTEMD_UNIT]);
    const answer = r.stdout.trim();
    if (r.missing) return check('service', 'unknown', title, `systemctl finns inte; kunde inte kontrollera ${SYSTEMD_UNIT}${running}`);
    if (answer === 'enabled' || answer === 'enabled-runtime') return check('service', 'ok', title, `${SYSTEMD_UNIT} är aktiverad${running}`);
    if (/not been booted with systemd|Failed to connect to bus/i.test(r.stderr)) {
      return check('service', 'unknown', title, `systemd körs inte här; kunde inte kontrollera ${SYSTEMD_UNIT}${running}`);
    }
    const state = answer || (/No such file|not-found/i.test(r.stderr) ? 'finns inte' : `okänt svar: ${r.stderr.trim() || r.code}`);
    return check('service', 'warn', title, `${SYSTEMD_UNIT}: ${state}${running}`,
      `Installera enheten enligt IT-guiden: kopiera lita-reserv.service till /etc/systemd/system/ och kör systemctl enable --now ${SYSTEMD_UNIT}`);
  }
  return check('service', 'unknown', title, `tjänsteregistrering kontrolleras inte på ${platform}${running}`);
}

/** "; tjänsten körs nu (pid 123)" when a live daemon holds this data folder's daemon.lock. */
function daemonRunning(config: Config): string {
  const holder = readLock(config.dataDir, 'daemon.lock');
  if (!holder || holder.hostname !== os.hostname()) return '';
  try {
    process.kill(holder.pid, 0);
    return `; tjänsten körs nu (pid ${holder.pid})`;
  } catch {
    return '';
  }
}
