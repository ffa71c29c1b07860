import http from 'node:http';
import zlib from 'node:zlib';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpClient, HttpError, NetworkError, classifyHttpError, readBody, displayUrl } from '../../sync/net/http.js';
import { backoffDelay, parseRetryAfter, withRetry, defaultRetryPolicy } from '../../sync/net/retry.js';

let server: http.Server;
let base: string;
const hits = new Map<string, number>();

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const url = req.url ?? '/';
    hits.set(url, (hits.get(url) ?? 0) + 1);
    if (url === '/flaky') {
      if (hits.get(url)! < 3) {
        res.writeHead(503, { 'retry-after': '0' });
        return res.end('busy');
      }
      return res.end('ok');
    }
    if (url === '/throttled') {
      res.writeHead(429, { 'retry-after': '1' });
      return res.end();
    }
    if (url === '/stall') {
      res.writeHead(200, { 'content-length': '100' });
      res.write('start');
      return; // never finishes
    }
    if (url === '/gzip') {
      res.writeHead(200, { 'content-encoding': 'gzip', 'content-type': 'application/json' });
      return res.end(zlib.gzipSync(JSON.stringify({ hej: 'å'.repeat(1000) })));
    }
    if (url === '/deflate' || url === '/br') {
      const text = JSON.stringify({ hej: 'ö'.repeat(200_000) });
      res.writeHead(200, { 'content-encoding': url.slice(1) });
      return res.end(url === '/br' ? zlib.brotliCompressSync(text) : zlib.deflateSync(text));
    }
    if (url === '/identity-gz') {
      // A .gz file served as it is: its bytes are the body, not something to decode.
      res.writeHead(200, { 'content-type': 'application/gzip' });
      return res.end(zlib.gzipSync('inte avkodad'));
    }
    if (url === '/cut-short') {
      res.writeHead(200, { 'content-length': '1000' });
      res.write('x'.repeat(400));
      setTimeout(() => res.socket?.destroy(), 20);
      return;
    }
    if (url === '/agent') {
      res.writeHead(200, { 'content-type': 'text/plain' });
      return res.end(`${req.headers['user-agent']}|${req.headers['accept-encoding']}|${req.socket.remotePort}`);
    }
    if (url === '/redirect-same') {
      res.writeHead(302, { location: '/gzip' });
      return res.end();
    }
    if (url === '/redirect-away') {
      res.writeHead(302, { location: 'http://evil.example.net/x' });
      return res.end();
    }
    if (url === '/big') return res.end(Buffer.alloc(2048));
    res.writeHead(404);
    res.end();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => {
  server.closeAllConnections();
  server.close();
});

const client = new HttpClient({ timeoutMs: 500, userAgent: 'test' });
const fast = { ...defaultRetryPolicy, baseDelayMs: 1, maxDelayMs: 5 };

describe('retry policy', () => {
  it('backs off exponentially with full jitter', () => {
    expect(backoffDelay(0, defaultRetryPolicy, () => 1)).toBe(500);
    expect(backoffDelay(3, defaultRetryPolicy, () => 1)).toBe(4000);
    expect(backoffDelay(10, defaultRetryPolicy, () => 1)).toBe(30_000);
    expect(backoffDelay(3, defaultRetryPolicy, () => 0)).toBe(0);
  });
  it('reads Retry-After as seconds or a date', () => {
    expect(parseRetryAfter('120')).toBe(120_000);
    expect(parseRetryAfter('Wed, 21 Oct 2026 07:28:10 GMT', Date.parse('Wed, 21 Oct 2026 07:28:00 GMT'))).toBe(10_000);
    expect(parseRetryAfter('soon')).toBeUndefined();
    expect(parseRetryAfter(null)).toBeUndefined();
  });
});

describe('http client', () => {
  it('retries 503 until the server recovers', async () => {
    const res = await withRetry(() => client.request(`${base}/flaky`).then((r) => readBody(r, 100, 'x')), classifyHttpError, fast);
    expect(res.toString()).toBe('ok');
    expect(hits.get('/flaky')).toBe(3);
  });

  it('honours Retry-After on 429, and gives up with a readable error', async () => {
    const started = Date.now();
    const err = await withRetry(() => client.request(`${base}/throttled`), classifyHttpError, { ...fast, retries: 1 }).catch((e: unknown) => e);
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    expect(err).toBeInstanceOf(HttpError);
    expect((err as Error).message).toBe(`${base}/throttled svarade 429 (för många förfrågningar)`);
  });

  it('does not wait for a Retry-After longer than the policy allows', async () => {
    const err = await withRetry(() => client.request(`${base}/throttled`), classifyHttpError, { ...fast, maxRetryAfterMs: 10 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HttpError);
    expect(hits.get('/throttled')).toBe(3);
  });

  it('notices a server that stops sending in the middle of a body', async () => {
    const res = await client.request(`${base}/stall`);
    const err = await readBody(res, 1000, 'x').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NetworkError);
    expect((err as Error).message).toMatch(/Kunde inte nå .*\/stall \(inget svar på [01] s\)/);
    expect(classifyHttpError(err).retryable).toBe(true);
  });

  it('decompresses gzip and follows redirects on the same host only', async () => {
    const body = await readBody(await client.request(`${base}/redirect-same`), 1 << 20, 'x');
    expect(JSON.parse(body.toString()).hej).toHaveLength(1000);
    await expect(client.request(`${base}/redirect-away`)).rejects.toThrow(/omdirigerar till en annan server \(evil\.example\.net\)/);
  });

  it('decodes deflate and brotli in large steps, and leaves an undeclared encoding alone', async () => {
    const client = new HttpClient({ timeoutMs: 5000, userAgent: 'test' });
    for (const path of ['/deflate', '/br']) {
      const body = await readBody(await client.request(`${base}${path}`), 10_000_000, 'test');
      expect(JSON.parse(body.toString('utf8')).hej).toHaveLength(200_000);
    }
    const gz = await readBody(await client.request(`${base}/identity-gz`), 1000, 'test');
    expect(zlib.gunzipSync(gz).toString()).toBe('inte avkodad');
  });

  it('reports a body cut short by the server as a network error, and reuses connections', async () => {
    const client = new HttpClient({ timeoutMs: 5000, userAgent: 'LITA Reserv test' });
    const res = await client.request(`${base}/cut-short`);
    const err = await readBody(res, 10_000, 'test').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NetworkError);
    expect(classifyHttpError(err).retryable).toBe(true);
    const first = (await readBody(await client.request(`${base}/agent`), 1000, 'test')).toString().split('|');
    const second = (await readBody(await client.request(`${base}/agent`), 1000, 'test')).toString().split('|');
    expect(first.slice(0, 2)).toEqual(['LITA Reserv test', 'gzip, deflate, br']);
    expect(second[2], 'the second request reuses the kept-alive connection').toBe(first[2]);
  });

  it('refuses a body over the limit', async () => {
    await expect(readBody(await client.request(`${base}/big`), 1000, 'Manifestet')).rejects.toThrow(/Manifestet är större än gränsen/);
  });

  it('does not retry a 404, and never shows credentials in messages', async () => {
    expect(classifyHttpError(new HttpError('x', 'u', 404)).retryable).toBe(false);
    expect(classifyHttpError(new HttpError('x', 'u', 500)).retryable).toBe(true);
    expect(displayUrl('https://user:secret@docs.example.org/m.json?sig=abc')).toBe('https://docs.example.org/m.json?…');
  });
});
