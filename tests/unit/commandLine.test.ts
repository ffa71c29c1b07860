// The command line as the packaged app runs it ("LITA Reserv.exe" --cli …): which
// arguments are the command's, and that proxy mistakes and commands come back as exit codes.
import { describe, expect, it } from 'vitest';
import { cliArgsFromArgv, runCommandLine } from '../../sync/cli/commandLine.js';
import type { CliIO } from '../../sync/cli/command.js';

function capture(env: NodeJS.ProcessEnv = {}): CliIO & { lines: string[] } {
  const lines: string[] = [];
  return { lines, out: (t) => lines.push(t), err: (t) => lines.push(t), json: (v) => lines.push(JSON.stringify(v)), env };
}

describe('the packaged app’s command-line mode', () => {
  it('takes everything after --cli, in the packaged app and in development', () => {
    expect(cliArgsFromArgv(['C:\\Program Files\\LITA Reserv\\LITA Reserv.exe', '--cli', 'doctor', '--json'])).toEqual(['doctor', '--json']);
    expect(cliArgsFromArgv(['/usr/bin/electron', '.', '--cli', 'status', '--config', 'x.json'])).toEqual(['status', '--config', 'x.json']);
    expect(cliArgsFromArgv(['LITA Reserv.exe', '--cli', 'search', '--cli'])).toEqual(['search', '--cli']);
    expect(cliArgsFromArgv(['LITA Reserv.exe'])).toBeNull();
    expect(cliArgsFromArgv(['LITA Reserv.exe', '--cli'])).toEqual([]);
  });

  it('runs a command and returns its exit code', async () => {
    const io = capture();
    expect(await runCommandLine(['--version'], io)).toBe(0);
    expect(io.lines[0]).toMatch(/^\d+\.\d+\.\d+/);
    expect(await runCommandLine(['no-such-command'], capture())).toBe(2);
  });

  it('stops with exit 2 and names the variable when a proxy setting is not a URL', async () => {
    const io = capture({ HTTPS_PROXY: 'proxy utan schema' });
    expect(await runCommandLine(['--version'], io)).toBe(2);
    expect(io.lines.join('\n')).toContain('HTTPS_PROXY är ingen giltig adress');
  });
});
