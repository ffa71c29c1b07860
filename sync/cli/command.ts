// What a CLI command is: its options (parsed with node:util parseArgs), its help text and
// the function that runs it and returns the exit code.
import type { ParseArgsConfig } from 'node:util';
import type { ExitCode } from '../errors.js';

export type OptionSpec = NonNullable<ParseArgsConfig['options']>;

export interface ParsedArgs {
  values: Record<string, string | boolean | (string | boolean)[] | undefined>;
  positionals: string[];
}

export interface CliIO {
  out(text: string): void;
  err(text: string): void;
  json(value: unknown): void;
  env: NodeJS.ProcessEnv;
}

export interface Command {
  name: string;
  summary: string;
  usage: string;
  options: OptionSpec;
  positionals: { min: number; max: number };
  run(args: ParsedArgs, io: CliIO): Promise<ExitCode>;
}

export const configOption: OptionSpec = { config: { type: 'string' } };
export const jsonOption: OptionSpec = { json: { type: 'boolean' } };

export function str(args: ParsedArgs, name: string): string | undefined {
  const v = args.values[name];
  return typeof v === 'string' ? v : undefined;
}

export function flag(args: ParsedArgs, name: string): boolean {
  return args.values[name] === true;
}
