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

export function errorMessage(err: unknown): string {
  if (err instanceof Error) return err.message;
  return String(err);
}
