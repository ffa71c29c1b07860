// Runs the real `lita-reserv serve` as a child process and reads the address (with its
// one-time key) it prints; stopped with SIGTERM by its pid.
import { spawn, type ChildProcess } from 'node:child_process';
import { cliPath, repoRoot } from './cli.js';

export interface ServeProcess {
  /** The address as printed, with #token=… */
  url: string;
  origin: string;
  token: string;
  output(): string;
  stop(): Promise<void>;
}

export function startServe(configPath: string, env: NodeJS.ProcessEnv = {}): Promise<ServeProcess> {
  const child: ChildProcess = spawn(process.execPath, [cliPath, 'serve', '--port', '0', '--config', configPath], {
    cwd: repoRoot,
    env: { ...process.env, LITA_RESERV_CONFIG: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`serve printed no address within 15 s:\n${out}`));
    }, 15_000);
    const onData = (d: Buffer) => {
      out += d.toString();
      const m = /(http:\/\/127\.0\.0\.1:\d+)\/#token=([A-Za-z0-9_-]+)/.exec(out);
      if (!m) return;
      clearTimeout(timer);
      resolve({
        url: `${m[1]}/#token=${m[2]}`,
        origin: m[1]!,
        token: m[2]!,
        output: () => out,
        stop: async () => {
          child.kill('SIGTERM');
          const kill = setTimeout(() => child.kill('SIGKILL'), 5000);
          await exited;
          clearTimeout(kill);
        },
      });
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`serve exited with ${code}:\n${out}`));
    });
  });
}
