// A real nginx on loopback for a test suite, its config and logs in a temp folder that is
// removed after the file. Started per suite, stopped by its pid.
import { tempDir } from './tempDir.js';
import { startNginxIn, type NginxServer } from './nginxServer.js';

export type { NginxServer } from './nginxServer.js';

/** `port`: listen on this port (to restart a server where clients expect it); a free one by default. */
export function startNginx(binary: string, root: string, extraServerConfig = '', port?: number): Promise<NginxServer> {
  return startNginxIn(binary, tempDir('lita-nginx-'), root, extraServerConfig, port);
}
