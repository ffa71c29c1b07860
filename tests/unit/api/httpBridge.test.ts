// Browser mode's HTTP bridge on a real loopback socket: only this server's Host and
// Origin (403 otherwise), the per-run key on every API call (401), the contract's schemas
// on every input (400/413/415), no path out of the static folder, and no crash whatever
// arrives.
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiService, type ApiService } from '../../../sync/api/service.js';
import { MAX_BODY_BYTES, startHttpBridge, type HttpBridge } from '../../../sync/api/httpBridge.js';
import type { SyncEvent } from '../../../sync/api/contract.js';
import { tempDir } from '../../helpers/tempDir.js';
import { syncedApiLibrary, type ApiLibrary } from '../../helpers/apiLibrary.js';
import { recordReliability } from '../../helpers/reliabilityLog.js';

interface Reply {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
  json<T = { ok: boolean; error?: { code: string; message: string }; value?: unknown }>(): T;
}

describe('HTTP bridge', () => {
  let lib: ApiLibrary;
  let service: ApiService;
  let bridge: HttpBridge;
  let staticDir: string;
  const internalErrors: string[] = [];

  const request = (opts: { method?: string; path: string; headers?: Record<string, string>; body?: string | Buffer }): Promise<Reply> =>
    new Promise((resolve, reject) => {
      const req = http.request(
        { host: '127.0.0.1', port: bridge.port, method: opts.method ?? 'GET', path: opts.path, headers: { Host: `127.0.0.1:${bridge.port}`, ...opts.headers } },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            const body = Buffer.concat(chunks);
            resolve({ status: res.statusCode!, headers: res.headers, body, json: () => JSON.parse(body.toString('utf8')) });
          });
        },
      );
      req.on('error', reject);
      req.end(opts.body);
    });
  const api = (method: string, input: unknown, headers: Record<string, string> = {}) =>
    request({
      method: 'POST',
      path: `/api/${method}`,
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${bridge.token}`, ...headers },
      body: JSON.stringify({ input }),
    });

  beforeAll(async () => {
    lib = await syncedApiLibrary();
    staticDir = path.join(tempDir('lita-static-'), 'renderer');
    fs.mkdirSync(path.join(staticDir, 'assets'), { recursive: true });
    fs.writeFileSync(path.join(staticDir, 'index.html'), '<!doctype html><title>LITA Reserv</title>');
    fs.writeFileSync(path.join(staticDir, 'assets', 'app.js'), 'console.log(1)');
    fs.writeFileSync(path.join(path.dirname(staticDir), 'hemlig.txt'), 'hemligt');
    service = createApiService(lib.config);
    bridge = await startHttpBridge({ service, staticDir, port: 0, onInternalError: (what, err) => internalErrors.push(`${what}: ${String(err)}`) });
  });
  afterAll(async () => {
    await bridge?.close();
    service?.close();
  });

  it('listens on 127.0.0.1 only, with a long random key', () => {
    expect(bridge.url).toBe(`http://127.0.0.1:${bridge.port}/`);
    expect(bridge.token.length).toBeGreaterThanOrEqual(40);
  });

  it('serves the UI with a strict CSP and no-sniff', async () => {
    const r = await request({ path: '/' });
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toBe('text/html; charset=utf-8');
    const csp = r.headers['content-security-policy'] as string;
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toMatch(/unsafe|\*|https?:/);
    expect(r.headers['x-content-type-options']).toBe('nosniff');
    expect((await request({ path: '/assets/app.js' })).headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect((await request({ path: '/', headers: { Host: `localhost:${bridge.port}` } })).status).toBe(200);
  });

  it.each([
    ['a foreign host', () => 'evil.example'],
    ['a rebound DNS name on our port', () => `attacker.example:${bridge.port}`],
    ['our address on another port', () => '127.0.0.1:1'],
  ])('refuses %s with 403', async (_what, host) => {
    const headers = { Host: host() };
    const page = await request({ path: '/', headers });
    expect(page.status).toBe(403);
    const call = await api('status', undefined, headers);
    expect(call.status).toBe(403);
  });

  it('refuses a foreign Origin with 403, even with the key', async () => {
    for (const origin of ['http://evil.example', 'null', `http://127.0.0.1:${bridge.port + 1}`]) {
      const r = await api('status', undefined, { Origin: origin });
      expect(r.status, origin).toBe(403);
      expect(r.json().ok).toBe(false);
    }
    const cross = await api('status', undefined, { 'Sec-Fetch-Site': 'cross-site' });
    expect(cross.status).toBe(403);
    const own = await api('status', undefined, { Origin: `http://127.0.0.1:${bridge.port}` });
    expect(own.status).toBe(200);
    recordReliability({ area: 'security', fault: '`serve` called from a foreign Host or Origin, cross-site, or without the per-run key', userSaw: '403 for foreign Host/Origin/cross-site, 401 without the key; the server listens on 127.0.0.1 only', lost: 'nothing' });
  });

  it('requires the key on every API call (401)', async () => {
    const none = await request({ method: 'POST', path: '/api/status', headers: { 'Content-Type': 'application/json' }, body: '{}' });
    expect(none.status).toBe(401);
    expect(none.json().error?.message).toContain('nyckel');
    expect((await api('status', undefined, { Authorization: 'Bearer fel' })).status).toBe(401);
    expect((await api('status', undefined, { Authorization: `Bearer ${bridge.token}x` })).status).toBe(401);
    expect((await api('status', undefined, { Authorization: bridge.token })).status).toBe(401);
    expect((await request({ path: `/api/events?token=${bridge.token}` })).status).toBe(401);
  });

  it('answers a good call with the envelope', async () => {
    const r = await api('listDocuments', { libraryId: 'bib', limit: 2 });
    expect(r.status).toBe(200);
    expect(r.headers['cache-control']).toBe('no-store');
    const body = r.json<{ ok: true; value: { total: number; items: unknown[] } }>();
    expect(body.ok).toBe(true);
    expect(body.value.total).toBe(6);
    expect(body.value.items).toHaveLength(2);
  });

  it('sends document bytes from the store', async () => {
    const r = await api('documentContent', { libraryId: 'bib', id: 'A-2' });
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toBe('application/octet-stream');
    expect(r.body.toString('utf8')).toBe('hjärtstopp\n');
  });

  it.each([
    ['a wrong type', 'getDocument', { libraryId: 5, id: 'A-2' }, 400],
    ['a missing field', 'getDocument', { libraryId: 'bib' }, 400],
    ['an unknown field', 'getDocument', { libraryId: 'bib', id: 'A-2', path: '/etc/passwd' }, 400],
    ['an over-long id', 'getDocument', { libraryId: 'bib', id: 'x'.repeat(600) }, 400],
    ['an over-long query', 'search', { query: 'q'.repeat(201) }, 400],
    ['a negative offset', 'listDocuments', { offset: -1 }, 400],
    ['a huge page', 'listDocuments', { limit: 100_000 }, 400],
    ['a path as a folder', 'listDocuments', { folder: '../..' }, 400],
    ['input to a method that takes none', 'status', { x: 1 }, 400],
    ['an unknown document', 'getDocument', { libraryId: 'bib', id: '../../../etc/passwd' }, 404],
    ['an unknown method', 'readFile', { path: '/etc/passwd' }, 404],
    ['a prototype key as method', '__proto__', {}, 404],
  ])('answers %s with a clear %s', async (_what, method, input, status) => {
    const r = await api(method, input);
    expect(r.status).toBe(status);
    const body = r.json();
    expect(body.ok).toBe(false);
    expect(body.error?.message).toMatch(/\S/);
    recordReliability({ area: 'security', fault: `API input: ${_what} (${method})`, userSaw: `HTTP ${status} with a message; the server keeps answering`, lost: 'nothing' });
  });

  it('refuses bodies that are not JSON, not JSON content, or too large', async () => {
    const headers = { 'Content-Type': 'application/json', Authorization: `Bearer ${bridge.token}` };
    expect((await request({ method: 'POST', path: '/api/status', headers, body: '{nej' })).status).toBe(400);
    expect((await request({ method: 'POST', path: '/api/status', headers, body: '[1,2]' })).status).toBe(400);
    expect((await request({ method: 'POST', path: '/api/status', headers: { ...headers, 'Content-Type': 'text/plain' }, body: '{}' })).status).toBe(415);
    const big = JSON.stringify({ input: { query: 'x'.repeat(MAX_BODY_BYTES) } });
    expect((await request({ method: 'POST', path: '/api/search', headers, body: big })).status).toBe(413);
    expect((await request({ method: 'GET', path: '/api/status', headers })).status).toBe(405);
    expect((await request({ method: 'DELETE', path: '/', headers })).status).toBe(405);
  });

  it.each(['/../hemlig.txt', '/%2e%2e/hemlig.txt', '/assets/..%2f..%2fhemlig.txt', '/..%5chemlig.txt', '/assets/%00.js', '/%E0%A4%A', '/assets', '//etc/passwd'])(
    'never serves %s from outside the UI folder',
    async (p) => {
      const r = await request({ path: p });
      expect(r.status).toBe(404);
      expect(r.body.toString()).not.toContain('hemligt');
    },
  );

  it('streams sync events to a page holding the key', async () => {
    const events: SyncEvent[] = [];
    const done = new Promise<void>((resolve, reject) => {
      const req = http.request(
        { host: '127.0.0.1', port: bridge.port, path: '/api/events', headers: { Host: `127.0.0.1:${bridge.port}`, Authorization: `Bearer ${bridge.token}` } },
        (res) => {
          expect(res.headers['content-type']).toBe('text/event-stream; charset=utf-8');
          let buffer = '';
          res.on('data', (c: Buffer) => {
            buffer += c.toString();
            for (const m of buffer.matchAll(/^data: (.*)$/gm)) events.push(JSON.parse(m[1]!) as SyncEvent);
            buffer = buffer.slice(buffer.lastIndexOf('\n\n') + 2);
            if (events.some((e) => e.type === 'finished' || e.type === 'failed')) {
              req.destroy();
              resolve();
            }
          });
          void api('syncNow', undefined).then((r) => r.status !== 200 && reject(new Error(`syncNow ${r.status}`)));
        },
      );
      req.on('error', (err) => (events.length ? undefined : reject(err)));
      req.end();
    });
    await done;
    expect(events[0]?.type).toBe('started');
    expect(events.at(-1)).toMatchObject({ type: 'finished', exitCode: 0 });
  });

  it('survives garbage on the socket and keeps answering', async () => {
    await new Promise<void>((resolve) => {
      const s = net.connect(bridge.port, '127.0.0.1', () => s.end('\x00\x01 NOT HTTP\r\n\r\n'));
      s.on('close', () => resolve());
      s.on('error', () => resolve());
    });
    expect((await request({ path: '/' })).status).toBe(200);
    expect(internalErrors).toEqual([]);
  });
});
