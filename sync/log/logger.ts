// Logs as JSON lines in <dataDir>/logs, rotated by size. Fields whose names suggest a
// secret are masked before anything is written, so a credential cannot reach a log file.
import fs from 'node:fs';
import path from 'node:path';

export type Level = 'debug' | 'info' | 'warn' | 'error';
export type Fields = Record<string, unknown>;

export interface Logger {
  debug(msg: string, fields?: Fields): void;
  info(msg: string, fields?: Fields): void;
  warn(msg: string, fields?: Fields): void;
  error(msg: string, fields?: Fields): void;
  child(fields: Fields): Logger;
}

const SECRET_KEY = /pass(word)?|secret|token|authori[sz]ation|assertion|private|credential|cookie/i;
const SECRET_IN_TEXT = /((?:password|passwd|secret|token|access_token|client_secret|authorization)["']?\s*[:=]\s*["']?)([^\s"'&,}]+)/gi;

export function redact(value: unknown, depth = 0): unknown {
  if (depth > 6) return '…';
  if (typeof value === 'string') return value.replace(SECRET_IN_TEXT, '$1***').replace(/(\/\/)[^/@\s:]+:[^/@\s]+@/g, '$1***:***@');
  if (value instanceof Error) return { name: value.name, message: redact(value.message, depth + 1) };
  if (Array.isArray(value)) return value.map((v) => redact(v, depth + 1));
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = SECRET_KEY.test(k) ? '***' : redact(v, depth + 1);
    return out;
  }
  return value;
}

export interface FileLoggerOptions {
  dir: string;
  fileName?: string;
  maxBytes?: number;
  keep?: number;
  level?: Level;
  /** Also echo lines to stderr (the daemon in a console). */
  echo?: boolean;
}

const ORDER: Record<Level, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export function createFileLogger(opts: FileLoggerOptions): Logger {
  const file = path.join(opts.dir, opts.fileName ?? 'lita-reserv.log');
  const maxBytes = opts.maxBytes ?? 5 * 1024 * 1024;
  const keep = opts.keep ?? 5;
  const min = ORDER[opts.level ?? 'info'];
  let size = -1;
  let broken = false;

  const write = (line: string) => {
    if (broken) return;
    try {
      if (size < 0) {
        fs.mkdirSync(opts.dir, { recursive: true });
        size = fs.existsSync(file) ? fs.statSync(file).size : 0;
      }
      if (size + line.length > maxBytes && size > 0) {
        rotate(file, keep);
        size = 0;
      }
      fs.appendFileSync(file, line);
      size += Buffer.byteLength(line);
    } catch {
      // A full or read-only disk must not stop the sync; stderr still gets the line.
      broken = true;
    }
    if (opts.echo) process.stderr.write(line);
  };

  const make = (base: Fields): Logger => {
    const log = (level: Level) => (msg: string, fields?: Fields) => {
      if (ORDER[level] < min) return;
      const entry = { time: new Date().toISOString(), level, msg, ...(redact({ ...base, ...fields }) as Fields) };
      write(`${JSON.stringify(entry)}\n`);
    };
    return {
      debug: log('debug'),
      info: log('info'),
      warn: log('warn'),
      error: log('error'),
      child: (fields) => make({ ...base, ...fields }),
    };
  };
  return make({ pid: process.pid });
}

function rotate(file: string, keep: number): void {
  fs.rmSync(`${file}.${keep}`, { force: true });
  for (let i = keep - 1; i >= 1; i--) {
    const from = `${file}.${i}`;
    if (fs.existsSync(from)) fs.renameSync(from, `${file}.${i + 1}`);
  }
  fs.renameSync(file, `${file}.1`);
}

export const silentLogger: Logger = {
  debug() {},
  info() {},
  warn() {},
  error() {},
  child: () => silentLogger,
};
