// Running the `lita-reserv` command line in a process: proxy settings from the environment
// first (so every request honours them), then the command, and an exit code back. Shared by
// bin/lita-reserv (Node) and the packaged desktop app, whose executable takes
// `--cli COMMAND …` (the Electron fuses forbid running it as plain Node): the scheduled
// task runs `"LITA Reserv.exe" --cli daemon`, and lita-reserv.cmd wraps it for IT.
import { main, defaultIO } from './main.js';
import type { CliIO } from './command.js';
import { configureProxyFromEnv } from '../net/proxy.js';
import { errorMessage, UserError, type ExitCode } from '../errors.js';
import { applyMemoryPolicy } from '../memoryPolicy.js';

export const CLI_SWITCH = '--cli';

/**
 * The command-line arguments in an Electron process's argv, or null when the app was not
 * started in command-line mode. Everything after the first `--cli` belongs to the command
 * (`[exe, '--cli', 'doctor', '--json']`, or `[electron, '.', '--cli', 'status']` in development).
 */
export function cliArgsFromArgv(argv: readonly string[]): string[] | null {
  const i = argv.indexOf(CLI_SWITCH);
  return i < 0 ? null : argv.slice(i + 1);
}

export async function runCommandLine(args: string[], io: CliIO = defaultIO()): Promise<ExitCode> {
  applyMemoryPolicy();
  try {
    const proxy = await configureProxyFromEnv(io.env);
    if (proxy.settings && !proxy.installed) io.err(`Varning: proxyinställningen används inte: ${proxy.reason}`);
  } catch (err) {
    if (!(err instanceof UserError)) throw err;
    io.err(err.message);
    return err.exitCode;
  }
  try {
    return await main(args, io);
  } catch (err) {
    io.err(`Oväntat fel: ${errorMessage(err)}`);
    return 1;
  }
}
