// A real forward HTTP proxy on loopback (Node http), standing in for a corporate proxy: it
// takes absolute-URI requests and CONNECT tunnels, can demand Proxy-Authorization, and
// reaches "internal" host names the client itself cannot resolve by sending every request
// to one upstream server. It records what it was asked for.
import http from 'node:http';
import net from 'node:net';
import type { AddressInfo } from 'node:net';

export interface ForwardProxy {
  url: string;
  /** "GET http://host/path" and "CONNECT host:port", in order. */
  requests: string[];
  close(): Promise<void>;
}

export async function startForwardProxy(upstream: { host: string; port: number }, credentials?: { user: string; password: string }): Promise<ForwardProxy> {
  const requests: string[] = [];
  const expectedAuth = credentials ? `Basic ${Buffer.from(`${credentials.user}:${credentials.password}`).toString('base64')}` : null;
  const authorised = (req: http.IncomingMessage) => !expectedAuth || req.headers['proxy-authorization'] === expectedAuth;

  const server = http.createServer((req, res) => {
    requests.push(`${req.method} ${req.url}`);
    if (!authorised(req)) {
      res.writeHead(407, { 'proxy-authenticate': 'Basic realm="proxy"' }).end();
      return;
    }
    const target = new URL(req.url ?? '/');
    const headers = { ...req.headers };
    delete headers['proxy-authorization'];
    delete headers['proxy-connection'];
    const upstreamReq = http.request(
      { host: upstream.host, port: upstream.port, method: req.method, path: `${target.pathname}${target.search}`, headers },
      (upstreamRes) => {
        res.writeHead(upstreamRes.statusCode ?? 502, upstreamRes.headers);
        upstreamRes.pipe(res);
      },
    );
    upstreamReq.once('error', () => res.writeHead(502).end());
    req.pipe(upstreamReq);
  });
  server.on('connect', (req: http.IncomingMessage, socket: net.Socket, head: Buffer) => {
    requests.push(`CONNECT ${req.url}`);
    if (!authorised(req)) {
      socket.end('HTTP/1.1 407 Proxy Authentication Required\r\n\r\n');
      return;
    }
    const tunnel = net.connect(upstream.port, upstream.host, () => {
      socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      tunnel.write(head);
      tunnel.pipe(socket);
      socket.pipe(tunnel);
    });
    tunnel.once('error', () => socket.destroy());
    socket.once('error', () => tunnel.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
