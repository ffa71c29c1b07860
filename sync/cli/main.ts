// The `lita-reserv` command line (PRODUCT.md "CLI"). Exit codes: 0 ok, 1 failed (mirror
// untouched), 2 usage or config error, 3 partial.
import { parseArgs } from 'node:util';
import { UserError, errorMessage, type ExitCode } from '../errors.js';
import { appVersion } from '../version.js';
import type { CliIO, Command } from './command.js';
import { syncCommand } from './commands/sync.js';
import { statusCommand } from './commands/status.js';
import { listCommand } from './commands/list.js';
import { searchCommand } from './commands/search.js';
import { verifyCommand } from './commands/verify.js';
import { keygenCommand, publishCommand } from './commands/publish.js';
import { daemonCommand } from './commands/daemon.js';
import { serveCommand } from './commands/serve.js';
import { fleetCommand } from './commands/fleet.js';
import { selftestCommand } from './commands/selftest.js';
import { protectSecretCommand } from './commands/protectSecret.js';
import { doctorCommand } from './commands/doctor.js';

export const commands: Command[] = [
  syncCommand,
  statusCommand,
  listCommand,
  searchCommand,
  verifyCommand,
  daemonCommand,
  serveCommand,
  fleetCommand,
  selftestCommand,
  publishCommand,
  keygenCommand,
  protectSecretCommand,
  doctorCommand,
];

export function registerCommand(command: Command): void {
  const i = commands.findIndex((c) => c.name === command.name);
  if (i >= 0) commands[i] = command;
  else commands.push(command);
}

function helpText(): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  return [
    `LITA Reserv ${appVersion} – reservkopia av styrande dokument`,
    '',
    'Användning: lita-reserv KOMMANDO [flaggor]',
    '',
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Alla kommandon tar --config SÖKVÄG (annars LITA_RESERV_CONFIG eller maskinens standardfil).',
    'Slutkoder: 0 ok, 1 misslyckades (speglingen orörd), 2 fel i kommando eller konfiguration, 3 delvis.',
    'Hjälp för ett kommando: lita-reserv KOMMANDO --help',
  ].join('\n');
}

export function defaultIO(): CliIO {
  return {
    out: (t) => process.stdout.write(`${t}\n`),
    err: (t) => process.stderr.write(`${t}\n`),
    json: (v) => process.stdout.write(`${JSON.stringify(v, null, 2)}\n`),
    env: process.env,
  };
}

export async function main(argv: string[], io: CliIO = defaultIO()): Promise<ExitCode> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.out(helpText());
    return name ? 0 : 2;
  }
  if (name === '--version' || name === '-v') {
    io.out(appVersion);
    return 0;
  }
  const command = commands.find((c) => c.name === name);
  if (!command) {
    io.err(`Okänt kommando: ${name}\n\n${helpText()}`);
    return 2;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    io.out(`Användning: lita-reserv ${command.usage}\n\n${command.summary}`);
    return 0;
  }
  let parsed;
  try {
    parsed = parseArgs({ args: rest, options: command.options, allowPositionals: true, strict: true });
  } catch (err) {
    io.err(`${errorMessage(err)}\nAnvändning: lita-reserv ${command.usage}`);
    return 2;
  }
  const { min, max } = command.positionals;
  if (parsed.positionals.length < min || parsed.positionals.length > max) {
    io.err(`Fel antal argument.\nAnvändning: lita-reserv ${command.usage}`);
    return 2;
  }
  const json = parsed.values.json === true;
  try {
    return await command.run({ values: parsed.values, positionals: parsed.positionals }, io);
  } catch (err) {
    if (err instanceof UserError) {
      if (json) io.json({ error: err.message, exitCode: err.exitCode });
      else io.err(err.message);
      return err.exitCode;
    }
    // Disk and permission problems are the user's to fix, not bugs: no stack trace for them.
    const known = err instanceof Error && errorMessage(err) !== err.message;
    const message = known ? errorMessage(err) : `Oväntat fel: ${errorMessage(err)}`;
    if (json) io.json({ error: message, exitCode: 1 });
    else io.err(known ? message : `${message}\n${(err as Error)?.stack ?? ''}`);
    return 1;
  }
}
