// A real nginx on loopback serving a folder, as a published library is served in
// production: ETags, gzip for JSON, Range requests, autoindex. Free of vitest so that the
// benchmarks can use it too; tests/helpers/nginx.ts wraps it with a per-suite temp folder.
import fs from 'node:fs';
import path from 'node:path';
import { spawn, type ChildProcess } from 'node:child_process';
import { freePort, waitForPort } from './ports.js';
import { logLines, processStopper } from './serverProcess.js';

export interface NginxServer {
  url: string;
  port: number;
  root: string;
  logDir: string;
  /** Lines of the access log ("METHOD path status bytes"), to count requests. */
  accessLog(): string[];
  stop(): Promise<void>;
}

export function nginxConfig(opts: { prefix: string; logDir: string; port: number; root: string; extraServerConfig?: string }): string {
  const { prefix, logDir, port, root } = opts;
  return `
daemon off;
master_process off;
worker_processes 1;
pid ${prefix}/nginx.pid;
error_log ${logDir}/error.log warn;
events { worker_connections 256; }
http {
  types { application/json json; application/pdf pdf; text/plain txt sig;
          application/vnd.openxmlformats-officedocument.wordprocessingml.document docx; }
  default_type application/octet-stream;
  log_format plain '$request_method $uri $status $body_bytes_sent';
  access_log ${logDir}/access.log plain;
  client_body_temp_path ${prefix}/tmp-body;
  proxy_temp_path ${prefix}/tmp-proxy;
  fastcgi_temp_path ${prefix}/tmp-fastcgi;
  uwsgi_temp_path ${prefix}/tmp-uwsgi;
  scgi_temp_path ${prefix}/tmp-scgi;
  sendfile on;
  etag on;
  gzip on;
  gzip_types application/json;
  gzip_min_length 256;
  server {
    listen 127.0.0.1:${port};
    root ${root};
    autoindex on;
    ${opts.extraServerConfig ?? ''}
  }
}
`;
}

/**
 * Starts nginx with its config, pid and logs under `prefix` (an existing, empty folder).
 * `port`: listen on this port (to restart a server where clients expect it); a free one by default.
 */
export async function startNginxIn(binary: string, prefix: string, root: string, extraServerConfig = '', port?: number): Promise<NginxServer> {
  port ??= await freePort();
  const logDir = path.join(prefix, 'logs');
  fs.mkdirSync(logDir, { recursive: true });
  const conf = path.join(prefix, 'nginx.conf');
  fs.writeFileSync(conf, nginxConfig({ prefix, logDir, port, root, extraServerConfig }));
  const child: ChildProcess = spawn(binary, ['-p', prefix, '-c', conf], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  const stop = processStopper(child, 'SIGQUIT', 3000);
  try {
    await waitForPort(port);
  } catch (err) {
    child.kill('SIGKILL');
    throw new Error(`nginx did not start: ${stderr || (err as Error).message}`);
  }
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    root,
    logDir,
    accessLog: () => logLines(path.join(logDir, 'access.log')),
    stop,
  };
}
