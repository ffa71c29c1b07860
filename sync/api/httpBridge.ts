// Browser mode's bridge: the API as JSON over HTTP plus server-sent sync events, and the
// built UI as static files, on 127.0.0.1 only. A page on any other site cannot use it:
// Host and Origin must name this server (403 otherwise, which also defeats DNS
// rebinding), and every API call carries a random per-run token (401 without it) that
// reaches the page only in the URL fragment `serve` prints, which browsers never send.
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { errorMessage } from '../errors.js';
import type { ApiError, SyncEvent } from './contract.js';
import { contentSecurityPolicy } from './csp.js';
import { httpStatusFor, invokeApi } from './dispatch.js';
import type { ApiService } from './service.js';
import { readStaticFile } from './staticFiles.js';

export const MAX_BODY_BYTES = 64 * 1024;
const HEARTBEAT_MS = 15_000;

export interface HttpBridgeOptions {
  service: ApiService;
  /** The built renderer (dist/renderer). */
  staticDir: string;
  port?: number;
  token?: string;
  onInternalError?: (what: string, err: unknown) => void;
}

export interface HttpBridge {
  port: number;
  token: string;
  /** Base URL; open `${url}#token=${token}` (what `serve` prints). */
  url: string;
  close(): Promise<void>;
}

const SECURITY_HEADERS: Record<string, string> = {
  'Content-Security-Policy': contentSecurityPolicy,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Permissions-Policy': 'camera=(), microphone=(), geolocation=()',
};

export async function startHttpBridge(opts: HttpBridgeOptions): Promise<HttpBridge> {
  const token = opts.token ?? randomBytes(32).toString('base64url');
  const onInternalError = opts.onInternalError ?? ((what, err) => console.error(`${what}: ${errorMessage(err)}`));
  const sockets = new Set<Socket>();
  let port = 0;
  const server = http.createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      onInternalError(`${req.method} ${req.url}`, err);
      if (!res.headersSent) sendError(res, 500, { code: 'internal', message: 'Oväntat fel i servern.' });
      else res.destroy();
    });
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  server.on('clientError', (_err, socket) => socket.destroy());

  const allowedHosts = () => new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
  const allowedOrigins = () => new Set([`http://127.0.0.1:${port}`, `http://localhost:${port}`]);

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    for (const [k, v] of Object.entries(SECURITY_HEADERS)) res.setHeader(k, v);
    const host = req.headers.host ?? '';
    const origin = req.headers.origin;
    if (!allowedHosts().has(host.toLowerCase()) || (origin !== undefined && !allowedOrigins().has(origin))) {
      return sendError(res, 403, { code: 'bad-input', message: 'Förbjudet: begäran kommer inte från LITA Reserv på den här datorn.' });
    }
    if (req.headers['sec-fetch-site'] === 'cross-site') {
      return sendError(res, 403, { code: 'bad-input', message: 'Förbjudet: begäran kommer från en annan webbplats.' });
    }
    const url = new URL(req.url ?? '/', `http://${host}`);
    if (url.pathname.startsWith('/api/')) {
      if (!hasToken(req, token)) return sendError(res, 401, { code: 'bad-input', message: 'Saknar eller fel nyckel. Öppna adressen som "lita-reserv serve" skrev ut.' });
      res.setHeader('Cache-Control', 'no-store');
      if (url.pathname === '/api/events' && req.method === 'GET') return streamEvents(req, res);
      if (req.method !== 'POST') return sendError(res, 405, { code: 'bad-input', message: 'Använd POST.' });
      return callApi(req, res, url.pathname.slice('/api/'.length));
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') return sendError(res, 405, { code: 'bad-input', message: 'Använd GET.' });
    const file = await readStaticFile(opts.staticDir, url.pathname);
    if (!file) return sendError(res, 404, { code: 'not-found', message: 'Finns inte.' });
    res.writeHead(200, { 'Content-Type': file.type, 'Content-Length': file.body.length, 'Cache-Control': 'no-cache' });
    res.end(req.method === 'HEAD' ? undefined : file.body);
  }

  async function callApi(req: http.IncomingMessage, res: http.ServerResponse, method: string): Promise<void> {
    const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
    if (type !== 'application/json') return sendError(res, 415, { code: 'bad-input', message: 'Innehållet ska vara application/json.' });
    const body = await readBody(req, MAX_BODY_BYTES);
    if (body === 'too-large') return sendError(res, 413, { code: 'bad-input', message: `Begäran är större än ${MAX_BODY_BYTES} byte.` });
    let input: unknown;
    try {
      const parsed: unknown = body.length === 0 ? {} : JSON.parse(body.toString('utf8'));
      if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('not an object');
      input = (parsed as { input?: unknown }).input;
    } catch {
      return sendError(res, 400, { code: 'bad-input', message: 'Begäran är inte giltig JSON av formen {"input": …}.' });
    }
    const { result } = await invokeApi(opts.service, method, input, onInternalError);
    if (!result.ok) return sendError(res, httpStatusFor[result.error.code], result.error);
    if (result.value instanceof Uint8Array) {
      res.writeHead(200, { 'Content-Type': 'application/octet-stream', 'Content-Length': result.value.byteLength });
      res.end(result.value);
      return;
    }
    sendJson(res, 200, result);
  }

  function streamEvents(req: http.IncomingMessage, res: http.ServerResponse): void {
    res.writeHead(200, { 'Content-Type': 'text/event-stream; charset=utf-8', Connection: 'keep-alive' });
    res.write(': ansluten\n\n');
    const send = (e: SyncEvent) => res.write(`data: ${JSON.stringify(e)}\n\n`);
    const unsubscribe = opts.service.subscribe(send);
    const heartbeat = setInterval(() => res.write(': \n\n'), HEARTBEAT_MS);
    const stop = () => {
      clearInterval(heartbeat);
      unsubscribe();
    };
    req.on('close', stop);
    res.on('error', stop);
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  port = (server.address() as AddressInfo).port;
  return {
    port,
    token,
    url: `http://127.0.0.1:${port}/`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const s of sockets) s.destroy();
      }),
  };
}

function hasToken(req: http.IncomingMessage, token: string): boolean {
  const header = req.headers.authorization ?? '';
  const given = Buffer.from(header.startsWith('Bearer ') ? header.slice(7) : '');
  const wanted = Buffer.from(token);
  return given.length === wanted.length && timingSafeEqual(given, wanted);
}

function readBody(req: http.IncomingMessage, max: number): Promise<Buffer | 'too-large'> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > max) {
      req.resume();
      resolve('too-large');
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > max) {
        req.removeAllListeners('data');
        req.resume();
        resolve('too-large');
      } else chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function sendJson(res: http.ServerResponse, status: number, value: unknown): void {
  const body = JSON.stringify(value);
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(body) });
  res.end(body);
}

function sendError(res: http.ServerResponse, status: number, error: ApiError): void {
  sendJson(res, status, { ok: false, error });
}
