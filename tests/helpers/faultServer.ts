// A static HTTP server for a published library that misbehaves on request: resets,
// truncated and stalled bodies, status storms, Retry-After, corrupted bytes, redirects,
// requests it never answers, and vanishing altogether. It honours Range and ETag like a
// real server so resumption and no-op syncs can be tested through faults.
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { createHash } from 'node:crypto';
import type { AddressInfo, Socket } from 'node:net';

export type Fault =
  | { kind: 'reset'; afterBytes: number }
  | { kind: 'truncate'; afterBytes: number }
  | { kind: 'stall'; afterBytes: number }
  | { kind: 'status'; status: number; retryAfter?: string }
  | { kind: 'corrupt' }
  | { kind: 'wrong-length'; extraBytes: number }
  | { kind: 'redirect'; location: string }
  | { kind: 'hold' };

export interface FaultRule {
  /** Matches the request path (exact string or a test). */
  match: string | RegExp;
  fault: Fault;
  /** Apply to this many matching requests, then behave (default: always). */
  times?: number;
}

export interface RequestRecord {
  method: string;
  path: string;
  range: string | undefined;
  status: number;
  bytesSent: number;
}

export interface FaultServer {
  url: string;
  requests: RequestRecord[];
  setFaults(rules: FaultRule[]): void;
  /** Resolves when a request for a matching path arrives. */
  waitForRequest(match: string | RegExp): Promise<void>;
  /** Closes the listener and drops every open connection. */
  vanish(): Promise<void>;
  stop(): Promise<void>;
}

export async function startFaultServer(root: string, port = 0): Promise<FaultServer> {
  let rules: (FaultRule & { used: number })[] = [];
  const requests: RequestRecord[] = [];
  const waiters: { match: string | RegExp; resolve: () => void }[] = [];
  const sockets = new Set<Socket>();
  const matches = (m: string | RegExp, p: string) => (typeof m === 'string' ? m === p : m.test(p));

  const server = http.createServer((req, res) => {
    const urlPath = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    const record: RequestRecord = { method: req.method ?? 'GET', path: urlPath, range: req.headers.range, status: 0, bytesSent: 0 };
    requests.push(record);
    for (const w of waiters.splice(0)) {
      if (matches(w.match, urlPath)) w.resolve();
      else waiters.push(w);
    }
    const rule = rules.find((r) => matches(r.match, urlPath) && (r.times === undefined || r.used < r.times));
    if (rule) rule.used++;
    const fault = rule?.fault;
    if (fault?.kind === 'hold') return;
    if (fault?.kind === 'status') {
      record.status = fault.status;
      res.writeHead(fault.status, fault.retryAfter ? { 'retry-after': fault.retryAfter } : {});
      return res.end();
    }
    if (fault?.kind === 'redirect') {
      record.status = 302;
      res.writeHead(302, { location: fault.location });
      return res.end();
    }
    const file = path.join(root, urlPath);
    if (!file.startsWith(root + path.sep) || !fs.existsSync(file) || !fs.statSync(file).isFile()) {
      record.status = 404;
      res.writeHead(404);
      return res.end();
    }
    let body = fs.readFileSync(file);
    const etag = `"${createHash('sha1').update(body).digest('hex').slice(0, 16)}"`;
    if (req.headers['if-none-match'] === etag) {
      record.status = 304;
      res.writeHead(304, { etag });
      return res.end();
    }
    if (fault?.kind === 'corrupt') body = Buffer.from(body.map((b, i) => (i === Math.floor(body.length / 2) ? b ^ 0xff : b)));
    let start = 0;
    const range = /^bytes=(\d+)-$/.exec(req.headers.range ?? '');
    if (range && Number(range[1]) < body.length) start = Number(range[1]);
    const slice = body.subarray(start);
    const headers: Record<string, string> = { etag, 'accept-ranges': 'bytes', 'content-length': String(slice.length + (fault?.kind === 'wrong-length' ? fault.extraBytes : 0)) };
    if (start > 0) headers['content-range'] = `bytes ${start}-${body.length - 1}/${body.length}`;
    record.status = start > 0 ? 206 : 200;
    res.writeHead(record.status, headers);
    // The fault strikes at a byte offset of the file, wherever this request starts.
    const cut = fault && 'afterBytes' in fault ? Math.max(0, Math.min(fault.afterBytes - start, slice.length)) : slice.length;
    record.bytesSent = cut;
    res.write(slice.subarray(0, cut), () => {
      if (!fault || fault.kind === 'corrupt') return res.end();
      if (fault.kind === 'reset') return res.socket?.destroy();
      if (fault.kind === 'truncate' || fault.kind === 'wrong-length') return res.socket?.end();
      // stall: keep the connection open and silent.
    });
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((r) => server.listen(port, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const vanish = async () => {
    await new Promise<void>((r) => {
      server.close(() => r());
      for (const s of sockets) s.destroy();
    });
  };
  return {
    url,
    requests,
    setFaults: (r) => {
      rules = r.map((x) => ({ ...x, used: 0 }));
    },
    waitForRequest: (match) => new Promise((resolve) => waiters.push({ match, resolve })),
    vanish,
    stop: async () => {
      if (server.listening) await vanish();
    },
  };
}
