// What `doctor` reports: a list of checks, each with a status, what was found and what to
// do about it. Pure types; the JSON output (`doctor --json`) is exactly a DoctorReport.
import type { ExitCode } from '../errors.js';

/** ok: passed; warn: works but needs attention; fail: needed and not working; unknown: could not be checked. */
export type CheckStatus = 'ok' | 'warn' | 'fail' | 'unknown';

export interface CheckResult {
  /** Stable id for scripts: "config", "folder.mirror", "space.data", "source.<library id>", "service"… */
  id: string;
  status: CheckStatus;
  /** What was checked, in Swedish: "Speglingsmappen går att skriva till". */
  title: string;
  /** What was found (paths and URLs without credentials). */
  detail: string;
  /** What to do, when something is not ok. */
  fix?: string;
}

export interface DoctorReport {
  ok: boolean;
  exitCode: ExitCode;
  configPath: string | null;
  checkedAt: string;
  checks: CheckResult[];
}

export function check(id: string, status: CheckStatus, title: string, detail: string, fix?: string): CheckResult {
  return fix ? { id, status, title, detail, fix } : { id, status, title, detail };
}
