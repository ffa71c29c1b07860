// A link of limited bandwidth for the benchmarks: a reverse proxy, run as its own process,
// that forwards GET requests to a server on loopback and sends every response body, across
// all connections together, at no more than the given rate (a shared token bucket).
// Usage: node throttledLink.mjs TARGET_PORT LISTEN_PORT BYTES_PER_SECOND
import http from 'node:http';

const [targetPort, listenPort, rate] = process.argv.slice(2).map(Number);
const agent = new http.Agent({ keepAlive: true });
let tokens = 0;
let last = performance.now();
const waiting = [];

function refill() {
  const now = performance.now();
  tokens = Math.min(rate / 10, tokens + ((now - last) / 1000) * rate);
  last = now;
  while (waiting.length > 0 && tokens >= Math.min(waiting[0].bytes, rate / 10)) {
    const w = waiting.shift();
    tokens -= w.bytes;
    w.go();
  }
}
setInterval(refill, 5).unref();

/** Resolves when `bytes` may be sent. */
function take(bytes) {
  return new Promise((go) => {
    waiting.push({ bytes, go });
    refill();
  });
}

http
  .createServer((req, res) => {
    const upstream = http.request({ host: '127.0.0.1', port: targetPort, path: req.url, method: req.method, headers: req.headers, agent }, async (up) => {
      res.writeHead(up.statusCode ?? 502, up.headers);
      for await (const chunk of up) {
        for (let i = 0; i < chunk.length; i += 16384) {
          const piece = chunk.subarray(i, i + 16384);
          await take(piece.length);
          if (!res.write(piece)) await new Promise((r) => res.once('drain', r));
        }
      }
      res.end();
    });
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  })
  .listen(listenPort, '127.0.0.1');
