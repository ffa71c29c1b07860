// Long-running `lita-reserv` processes (the daemon) started by a test: their output, their
// exit, and a cleanup that ends only the processes the test started, by pid.
import fs from 'node:fs';
import path from 'node:path';
import { spawn, type ChildProcess } from 'node:child_process';
import { afterAll } from 'vitest';
import { cliPath, repoRoot } from './cli.js';

export interface CliProcess {
  pid: number;
  child: ChildProcess;
  output(): string;
  exited: Promise<number | null>;
  isRunning(): boolean;
}

const started: CliProcess[] = [];

export function startCli(args: string[], env: NodeJS.ProcessEnv = {}): CliProcess {
  const child = spawn(process.execPath, [cliPath, ...args], {
    cwd: repoRoot,
    env: { ...process.env, LITA_RESERV_CONFIG: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  let running = true;
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code, signal) => {
      running = false;
      resolve(signal ? null : code);
    }),
  );
  const proc: CliProcess = { pid: child.pid!, child, output: () => output, exited, isRunning: () => running };
  started.push(proc);
  return proc;
}

afterAll(async () => {
  for (const p of started.splice(0)) {
    if (p.isRunning()) {
      p.child.kill('SIGKILL');
      await p.exited;
    }
  }
});

export async function waitFor<T>(what: string, probe: () => T | undefined | null | false, timeoutMs = 20_000, everyMs = 100): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for: ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

export interface LockFile {
  pid: number;
  purpose: string;
  hostname: string;
}

export function readLockFile(dataDir: string, name: string): LockFile | null {
  try {
    return JSON.parse(fs.readFileSync(path.join(dataDir, name), 'utf8')) as LockFile;
  } catch {
    return null;
  }
}

/** JSON log lines the app wrote to <dataDir>/logs/lita-reserv.log. */
export function logEntries(dataDir: string): Record<string, unknown>[] {
  const file = path.join(dataDir, 'logs', 'lita-reserv.log');
  if (!fs.existsSync(file)) return [];
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}
