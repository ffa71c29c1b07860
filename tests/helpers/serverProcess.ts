// What the loopback servers the tests start (nginx, Apache) have in common: reading their
// access log, and stopping their process by its own pid, forcefully if it lingers.
import fs from 'node:fs';
import type { ChildProcess } from 'node:child_process';

/** The non-empty lines of a log file (none when it does not exist yet). */
export function logLines(file: string): string[] {
  return fs.existsSync(file) ? fs.readFileSync(file, 'utf8').split('\n').filter(Boolean) : [];
}

/** Returns a stop function: `signal` first, SIGKILL after `graceMs`. */
export function processStopper(child: ChildProcess, signal: NodeJS.Signals, graceMs: number): () => Promise<void> {
  const exited = new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once('exit', () => resolve());
  });
  return async () => {
    child.kill(signal);
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    await exited;
    clearTimeout(timer);
  };
}
