// The desktop app's hardening, as plain data and pure decisions that unit tests check
// without starting Electron (electron is imported for its types only): the window's web
// preferences, the app's own lita:// scheme, which URLs may load or be navigated to, and
// the answer to every permission request (no).
import type { BrowserWindowConstructorOptions, CustomScheme, WebPreferences } from 'electron';

export const APP_SCHEME = 'lita';
export const APP_HOST = 'app';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

/**
 * lita:// behaves like https for the page (secure context, fetch, a real origin). corsEnabled
 * lets the page's module scripts and pdf.js's worker fetch the app's own files; no
 * Access-Control header is ever sent, so no other origin can read them.
 */
export const appScheme: CustomScheme = {
  scheme: APP_SCHEME,
  privileges: { standard: true, secure: true, supportFetchAPI: true, stream: true, corsEnabled: true, bypassCSP: false },
};

export function secureWebPreferences(preloadPath: string, devTools: boolean): WebPreferences {
  return {
    preload: preloadPath,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    webviewTag: false,
    navigateOnDragDrop: false,
    safeDialogs: true,
    spellcheck: false,
    devTools,
  };
}

export function mainWindowOptions(preloadPath: string, devTools: boolean): BrowserWindowConstructorOptions {
  return {
    width: 1366,
    height: 768,
    minWidth: 1024,
    minHeight: 640,
    show: false,
    title: 'LITA Reserv',
    backgroundColor: '#ffffff',
    autoHideMenuBar: true,
    webPreferences: secureWebPreferences(preloadPath, devTools),
  };
}

/** A page of the app itself: lita://app/… and nothing else. */
export function isAppUrl(url: string): boolean {
  try {
    const u = new URL(url);
    return u.protocol === `${APP_SCHEME}:` && u.host.toLowerCase() === APP_HOST && u.username === '' && u.password === '';
  } catch {
    return false; // not a URL at all
  }
}

/** What the window may load at all: the app's own files, blob:/data: it made itself, DevTools. */
export function isAllowedRequest(url: string): boolean {
  if (isAppUrl(url)) return true;
  if (url.startsWith(`blob:${APP_ORIGIN}/`)) return true;
  if (url.startsWith('data:')) return true;
  return url.startsWith('devtools://');
}

/** Navigation away from the app (links in documents, drag and drop, redirects) never happens. */
export function mayNavigate(url: string, currentUrl: string): boolean {
  return isAppUrl(url) && isAppUrl(currentUrl);
}

/** Camera, microphone, notifications, geolocation, clipboard … : always no. */
export function decidePermission(_permission: string): false {
  return false;
}

export const denyWindowOpen = (): { action: 'deny' } => ({ action: 'deny' });
