// A real Apache 2.4 with mod_dav_fs on loopback, serving a folder read-only over WebDAV
// with Basic auth, as a document system's WebDAV export is served. Started in the
// foreground per suite and stopped by its own pid. When the tests run as root, Apache's
// workers run as www-data, so the served folder is made world-readable.
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { freePort, waitForPort } from './ports.js';
import { tempDir } from './tempDir.js';
import { logLines, processStopper } from './serverProcess.js';

export interface ApacheServer {
  /** The WebDAV collection URL (ends with /). */
  url: string;
  port: number;
  dataDir: string;
  username: string;
  password: string;
  /** Lines of the access log: "METHOD /path status depth". */
  accessLog(): string[];
  stop(): Promise<void>;
}

export const APACHE_CANDIDATES = ['/usr/sbin/apache2', '/usr/sbin/httpd'];

/** `writable`: authenticated users may also PUT and DELETE (a collection PCs report their status to). */
export async function startApacheDav(binary: string, opts: { username?: string; password?: string; writable?: boolean } = {}): Promise<ApacheServer> {
  const prefix = tempDir('lita-apache-');
  const dataDir = path.join(prefix, 'data');
  const runDir = path.join(prefix, 'run');
  for (const d of [dataDir, runDir, path.join(runDir, 'davlock'), path.join(prefix, 'empty')]) fs.mkdirSync(d, { recursive: true });
  const username = opts.username ?? 'läsare';
  const password = opts.password ?? 's3cret & lösen';
  const htpasswd = path.join(prefix, 'htpasswd');
  execFileSync(htpasswdBinary(), ['-bc', htpasswd, username, password], { stdio: 'ignore' });
  if (process.getuid?.() === 0) {
    // Workers switch to www-data: they must reach the data and write the lock database.
    fs.chmodSync(prefix, 0o755);
    fs.chmodSync(htpasswd, 0o644);
    execFileSync('chown', ['-R', 'www-data:www-data', runDir]);
    if (opts.writable) execFileSync('chown', ['-R', 'www-data:www-data', dataDir]);
  }
  const port = await freePort();
  const modules = '/usr/lib/apache2/modules';
  const conf = path.join(prefix, 'httpd.conf');
  fs.writeFileSync(
    conf,
    `ServerRoot "${runDir}"
ServerName localhost
User www-data
Group www-data
Listen 127.0.0.1:${port}
PidFile ${runDir}/httpd.pid
ErrorLog ${runDir}/error.log
LogLevel warn
LogFormat "%m %U %>s %{Depth}i" plain
CustomLog ${runDir}/access.log plain
LoadModule mpm_event_module ${modules}/mod_mpm_event.so
LoadModule authn_core_module ${modules}/mod_authn_core.so
LoadModule authn_file_module ${modules}/mod_authn_file.so
LoadModule authz_core_module ${modules}/mod_authz_core.so
LoadModule authz_user_module ${modules}/mod_authz_user.so
LoadModule auth_basic_module ${modules}/mod_auth_basic.so
LoadModule mime_module ${modules}/mod_mime.so
LoadModule alias_module ${modules}/mod_alias.so
LoadModule dav_module ${modules}/mod_dav.so
LoadModule dav_fs_module ${modules}/mod_dav_fs.so
TypesConfig /etc/mime.types
DocumentRoot ${prefix}/empty
DavLockDB ${runDir}/davlock/DavLock
Alias /dav ${dataDir}
<Directory ${dataDir}>
    Dav On
    Options None
    AllowOverride None
    AuthType Basic
    AuthName "dav-ro"
    AuthUserFile ${htpasswd}
    <Limit GET HEAD OPTIONS PROPFIND${opts.writable ? ' PUT DELETE MOVE' : ''}>
        Require valid-user
    </Limit>
    <LimitExcept GET HEAD OPTIONS PROPFIND${opts.writable ? ' PUT DELETE MOVE' : ''}>
        Require all denied
    </LimitExcept>
</Directory>
`,
  );
  const child: ChildProcess = spawn(binary, ['-f', conf, '-DFOREGROUND'], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  const stop = processStopper(child, 'SIGTERM', 5000);
  try {
    await waitForPort(port);
  } catch (err) {
    child.kill('SIGKILL');
    const log = path.join(runDir, 'error.log');
    throw new Error(`apache did not start: ${stderr}${fs.existsSync(log) ? fs.readFileSync(log, 'utf8') : ''}${(err as Error).message}`);
  }
  return {
    url: `http://127.0.0.1:${port}/dav/`,
    port,
    dataDir,
    username,
    password,
    accessLog: () => logLines(path.join(runDir, 'access.log')),
    stop,
  };
}

function htpasswdBinary(): string {
  for (const c of ['/usr/bin/htpasswd', '/usr/sbin/htpasswd']) if (fs.existsSync(c)) return c;
  return 'htpasswd';
}

/** Makes files written by the tests readable by Apache's workers (they run as www-data under root). */
export function shareWithApache(dir: string): void {
  if (process.getuid?.() !== 0) return;
  execFileSync('chmod', ['-R', 'a+rX', dir]);
}
