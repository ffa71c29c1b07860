// Serves the app's own pages on lita://app/ from the built renderer, with the strict CSP
// on every response. Nothing else is served: other hosts and paths outside the folder are
// 404, and the session refuses every request that is not the app's own.
import { protocol, type Session } from 'electron';
import { contentSecurityPolicy } from '../sync/api/csp.js';
import { readStaticFile } from '../sync/api/staticFiles.js';
import { APP_HOST, APP_SCHEME, decidePermission, isAllowedRequest } from './windowOptions.js';

export function registerAppProtocol(rendererDir: string): void {
  protocol.handle(APP_SCHEME, async (request) => {
    const url = new URL(request.url);
    const file = url.host === APP_HOST && request.method === 'GET' ? await readStaticFile(rendererDir, url.pathname) : null;
    if (!file) return new Response('Finns inte', { status: 404, headers: { 'Content-Type': 'text/plain; charset=utf-8' } });
    return new Response(new Uint8Array(file.body), {
      status: 200,
      headers: {
        'Content-Type': file.type,
        'Content-Security-Policy': contentSecurityPolicy,
        'X-Content-Type-Options': 'nosniff',
        'Cross-Origin-Opener-Policy': 'same-origin',
      },
    });
  });
}

/** No permission is ever granted, and no request leaves the app. */
export function hardenSession(session: Session): void {
  session.setPermissionRequestHandler((_wc, permission, callback) => callback(decidePermission(permission)));
  session.setPermissionCheckHandler((_wc, permission) => decidePermission(permission));
  session.setDevicePermissionHandler(() => false);
  session.webRequest.onBeforeRequest((details, callback) => callback({ cancel: !isAllowedRequest(details.url) }));
}
