// How the desktop app was started, decided from its arguments alone: the command-line
// mode (`"LITA Reserv.exe" --cli daemon --config …`, used by the Windows scheduled task,
// lita-reserv.cmd and the systemd unit), which runs one command with no window or tray
// and exits with its code; or the app itself, with its config path and whether it starts
// hidden in the tray. Pure: no electron import at run time.
import { cliArgsFromArgv } from '../sync/cli/commandLine.js';

export type Launch = { mode: 'cli'; args: string[] } | { mode: 'app'; configPath: string | undefined; hidden: boolean };

export function decideLaunch(argv: readonly string[]): Launch {
  const args = cliArgsFromArgv(argv);
  if (args !== null) return { mode: 'cli', args };
  return { mode: 'app', configPath: configArgument(argv), hidden: argv.includes('--hidden') };
}

/** `--config PATH` or `--config=PATH`; undefined when absent (the lookup order decides). */
export function configArgument(argv: readonly string[]): string | undefined {
  const i = argv.indexOf('--config');
  if (i >= 0) return argv[i + 1];
  return argv.find((a) => a.startsWith('--config='))?.slice('--config='.length);
}
