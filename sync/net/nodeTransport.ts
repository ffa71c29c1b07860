// Requests over Node's own http/https modules: the transport HttpClient uses unless a proxy
// is configured (then undici's proxy agent behind fetch carries them; see proxy.ts). Node's
// fetch costs about twice the CPU per body and far more garbage, and decodes gzip in 16 KB
// steps across threads: a 35 MB manifest took ~0.6 s to decode that way, ~0.15 s here.
// Connections are kept alive and reused; a compressed body is decoded only when asked for.
import http from 'node:http';
import https from 'node:https';
import zlib from 'node:zlib';
import type { Readable } from 'node:stream';

export interface ResponseHeaders {
  get(name: string): string | null;
  has(name: string): boolean;
}

export interface TransportRequest {
  method: string;
  headers: Record<string, string>;
  body?: string;
  signal: AbortSignal;
}

export interface TransportResponse {
  status: number;
  headers: ResponseHeaders;
  /** The decoded body; errors (a reset, a body cut short) are thrown while reading it. */
  body: AsyncIterable<Uint8Array>;
}

const agents = {
  'http:': new http.Agent({ keepAlive: true }),
  'https:': new https.Agent({ keepAlive: true }),
};

class NodeHeaders implements ResponseHeaders {
  constructor(private readonly raw: http.IncomingHttpHeaders) {}
  get(name: string): string | null {
    const v = this.raw[name.toLowerCase()];
    return v === undefined ? null : Array.isArray(v) ? v.join(', ') : v;
  }
  has(name: string): boolean {
    return this.raw[name.toLowerCase()] !== undefined;
  }
}

/** Bodies are decoded in large steps: the default 16 KB made a 35 MB manifest slow. */
const DECODE_CHUNK = 512 * 1024;

function decoder(encoding: string): zlib.Gunzip | zlib.Inflate | zlib.BrotliDecompress | null {
  switch (encoding) {
    case 'gzip':
    case 'x-gzip':
      return zlib.createGunzip({ chunkSize: DECODE_CHUNK });
    case 'deflate':
      return zlib.createInflate({ chunkSize: DECODE_CHUNK });
    case 'br':
      return zlib.createBrotliDecompress({ chunkSize: DECODE_CHUNK });
    default:
      return null;
  }
}

/**
 * Sends one request and resolves when the response headers arrive. Aborting `signal` (the
 * caller's cancel or a timeout, whose reason the caller reports) stops it at any point, and
 * is the only way to: there is no other handle on the request.
 */
export function nodeRequest(url: string, init: TransportRequest): Promise<TransportResponse> {
  return new Promise((resolve, reject) => {
    const target = new URL(url);
    if (target.protocol !== 'http:' && target.protocol !== 'https:') {
      reject(Object.assign(new Error(`unsupported protocol ${target.protocol}`), { code: 'ERR_INVALID_PROTOCOL' }));
      return;
    }
    const headers: Record<string, string> = { 'accept-encoding': 'gzip, deflate, br', ...init.headers };
    if (init.body !== undefined) headers['content-length'] = String(Buffer.byteLength(init.body));
    const request = (target.protocol === 'https:' ? https : http).request(target, {
      method: init.method,
      headers,
      agent: agents[target.protocol],
    });
    let response: http.IncomingMessage | undefined;
    // Destroyed without an error: the caller reports why from the signal. A response whose
    // body has fully arrived (or had none, like a 304) is drained instead, so its socket
    // goes back to the pool for reuse; an unread one would hold it and keep the process up.
    const stop = () => {
      if (response?.complete) response.resume();
      else request.destroy();
    };
    const onAbort = stop;
    if (init.signal.aborted) onAbort();
    init.signal.addEventListener('abort', onAbort, { once: true });
    request.once('error', (err) => {
      init.signal.removeEventListener('abort', onAbort);
      reject(err);
    });
    request.once('response', (res) => {
      response = res;
      // From here errors belong to the body: they surface where it is read.
      request.removeAllListeners('error');
      request.on('error', () => undefined);
      res.once('close', () => {
        init.signal.removeEventListener('abort', onAbort);
        // A body cut off before its end must not look like a shorter whole one once decoded.
        if (!res.complete) decode?.destroy(Object.assign(new Error('aborted'), { code: 'ECONNRESET' }));
      });
      const decode = decoder((res.headers['content-encoding'] ?? '').trim().toLowerCase());
      let body: Readable = res;
      // A body nobody reads (cancelled, redirected) may still fail: that is no crash. A
      // reader gets the error from the stream it iterates.
      res.on('error', (err) => decode?.destroy(err));
      if (decode) {
        decode.on('error', () => undefined);
        body = res.pipe(decode);
      }
      resolve({ status: res.statusCode ?? 0, headers: new NodeHeaders(res.headers), body });
    });
    request.end(init.body);
  });
}
