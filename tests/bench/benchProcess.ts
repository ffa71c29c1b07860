// Runs a program as a child process and measures it from outside: wall time, and peak
// resident memory (RSS) as the kernel counts it. GNU time (`/usr/bin/time`, Debian package
// `time`) reports the high-water mark at exit; without it, /proc/<pid>/status VmHWM is
// polled, which can miss growth in the last poll interval.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn, execFileSync } from 'node:child_process';
import { performance } from 'node:perf_hooks';

export interface MeasuredRun {
  code: number | null;
  stdout: string;
  stderr: string;
  wallMs: number;
  /** Peak RSS in bytes, or null when it could not be measured. */
  peakRss: number | null;
  /** User + system CPU time (GNU time only): steadier than wall time on a busy machine. */
  cpuMs: number | null;
}

export type RssMethod = 'gnu-time' | 'proc-vmhwm';

export function rssMethod(): RssMethod {
  try {
    execFileSync('/usr/bin/time', ['-f', '%M', 'true'], { stdio: 'pipe' });
    return 'gnu-time';
  } catch {
    return 'proc-vmhwm';
  }
}

export function describeRssMethod(method: RssMethod): string {
  return method === 'gnu-time'
    ? 'GNU time (/usr/bin/time, maximum resident set size at exit)'
    : '/proc/<pid>/status VmHWM polled every 20 ms';
}

export function runMeasured(
  command: string,
  args: readonly string[],
  opts: { env?: NodeJS.ProcessEnv; cwd?: string; method: RssMethod },
): Promise<MeasuredRun> {
  const timeFile = path.join(os.tmpdir(), `lita-bench-time-${process.pid}-${Date.now()}.txt`);
  const [cmd, argv] =
    opts.method === 'gnu-time' ? ['/usr/bin/time', ['-f', '%M %U %S', '-o', timeFile, command, ...args]] : [command, [...args]];
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(cmd, argv, { cwd: opts.cwd, env: opts.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    let polledKb = 0;
    const poll =
      opts.method === 'proc-vmhwm'
        ? setInterval(() => {
            const kb = readVmHwmKb(child.pid);
            if (kb !== null) polledKb = Math.max(polledKb, kb);
          }, 20)
        : null;
    child.once('error', (err) => {
      if (poll) clearInterval(poll);
      reject(err);
    });
    child.once('exit', (code) => {
      const wallMs = performance.now() - started;
      if (poll) clearInterval(poll);
      let peakRss: number | null = polledKb > 0 ? polledKb * 1024 : null;
      let cpuMs: number | null = null;
      if (opts.method === 'gnu-time') {
        // GNU time writes "Command exited with non-zero status N" before the figures.
        const lines = fs.existsSync(timeFile) ? fs.readFileSync(timeFile, 'utf8').trim().split('\n') : [];
        const [kb, user, sys] = (lines.at(-1) ?? '').split(' ').map(Number);
        peakRss = kb !== undefined && Number.isFinite(kb) && kb > 0 ? kb * 1024 : null;
        cpuMs = user !== undefined && sys !== undefined && Number.isFinite(user + sys) ? (user + sys) * 1000 : null;
        fs.rmSync(timeFile, { force: true });
      }
      resolve({ code, stdout, stderr, wallMs, peakRss, cpuMs });
    });
  });
}

function readVmHwmKb(pid: number | undefined): number | null {
  if (!pid) return null;
  try {
    const m = /^VmHWM:\s+(\d+) kB/m.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : null;
  } catch {
    return null;
  }
}

/** Writes dirty pages to disk so that one phase's writes are not billed to the next. */
export function flushDisk(): void {
  try {
    execFileSync('sync', { stdio: 'ignore' });
  } catch {
    // Not fatal: the figures are then a little noisier.
  }
}
