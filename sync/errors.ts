// Errors that carry a message a person can act on, and the CLI exit code they map to.
// Anything else that escapes is a bug: the CLI reports it as such, never as a stack trace
// in the UI.

export type ExitCode = 0 | 1 | 2 | 3;

export class UserError extends Error {
  constructor(
    message: string,
    readonly exitCode: ExitCode = 1,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'UserError';
  }
}

/** Bad configuration or command line: exit 2. */
export class ConfigError extends UserError {
  constructor(message: string) {
    super(message, 2);
    this.name = 'ConfigError';
  }
}

const FS_ERRORS: Record<string, string> = {
  ENOSPC: 'Disken är full',
  EDQUOT: 'Diskkvoten är slut',
  EROFS: 'Disken är skrivskyddad',
  EACCES: 'Behörighet saknas',
  EPERM: 'Åtgärden är inte tillåten',
  EMFILE: 'För många öppna filer',
};

/** A message a person can act on; file-system errors are named in Swedish with their path. */
export function errorMessage(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  const e = err as NodeJS.ErrnoException;
  const known = e.code ? FS_ERRORS[e.code] : undefined;
  if (known && (e.syscall || e.path)) {
    return `${known}${e.path ? ` (${e.path})` : ''}. Frigör utrymme eller rätta behörigheten; befintliga kopior ligger kvar.`;
  }
  if (e.code === 'SQLITE_FULL') return 'Disken är full: katalogen kan inte skrivas. Frigör utrymme; befintliga kopior ligger kvar.';
  return err.message;
}
