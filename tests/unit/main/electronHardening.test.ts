// The desktop app's hardening and IPC validation, tested as the pure modules they are
// (they import electron for types only, so nothing here starts or needs Electron).
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { APP_ENTRY_URL, decidePermission, denyWindowOpen, isAllowedRequest, isAppUrl, mainWindowOptions, mayNavigate, secureWebPreferences, appScheme } from '../../../main/windowOptions.js';
import { isTrustedSender, validateIpcCall, type SenderInfo } from '../../../main/ipcValidation.js';
import { isInsideFolder, mirrorOpener } from '../../../main/openFile.js';
import { apiMethods } from '../../../sync/api/contract.js';
import { contentSecurityPolicy } from '../../../sync/api/csp.js';
import { apiMethodNames } from '../../../renderer/src/api/methods.js';
import { repoRoot } from '../../helpers/cli.js';
import { recordReliability } from '../../helpers/reliabilityLog.js';

describe('window hardening', () => {
  it('isolates and sandboxes the page, with no Node in it', () => {
    const prefs = secureWebPreferences('/app/preload.cjs', false);
    expect(prefs).toMatchObject({
      preload: '/app/preload.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      devTools: false,
    });
    const win = mainWindowOptions('/app/preload.cjs', false);
    expect(win.webPreferences).toEqual(prefs);
    expect(win).toMatchObject({ width: 1366, height: 768, show: false });
  });

  it('loads the UI only from its own secure scheme', () => {
    expect(APP_ENTRY_URL).toBe('lita://app/index.html');
    expect(appScheme.privileges).toMatchObject({ standard: true, secure: true, bypassCSP: false });
    for (const ok of ['lita://app/index.html', 'lita://app/assets/x.js', `blob:lita://app/123`, 'data:image/png;base64,AA']) expect(isAllowedRequest(ok), ok).toBe(true);
    for (const bad of ['https://example.org/', 'http://127.0.0.1:8080/', 'file:///etc/passwd', 'lita://other/x', 'lita://user:pw@app/', 'ws://app/', 'ftp://x/', 'not a url']) {
      expect(isAllowedRequest(bad), bad).toBe(false);
    }
    expect(isAppUrl('LITA://APP/index.html')).toBe(true);
    expect(isAppUrl('lita://app.evil/index.html')).toBe(false);
  });

  it('blocks navigation away from the app, new windows and every permission', () => {
    expect(mayNavigate('lita://app/index.html', 'lita://app/index.html')).toBe(true);
    expect(mayNavigate('https://example.org/', 'lita://app/index.html')).toBe(false);
    expect(mayNavigate('file:///C:/Windows/', 'lita://app/index.html')).toBe(false);
    expect(mayNavigate('lita://app/index.html', 'https://example.org/')).toBe(false);
    expect(denyWindowOpen()).toEqual({ action: 'deny' });
    for (const p of ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal', 'fullscreen', 'unknown']) expect(decidePermission(p)).toBe(false);
  });

  it('uses a CSP with no eval, no inline script and nothing remote', () => {
    expect(contentSecurityPolicy).toContain("script-src 'self'");
    expect(contentSecurityPolicy).toContain("object-src 'none'");
    expect(contentSecurityPolicy).not.toMatch(/unsafe-eval|unsafe-inline|\*|https?:/);
  });

  it('imports electron in the pure modules for types only', () => {
    for (const file of ['windowOptions.ts', 'ipcValidation.ts', 'openFile.ts']) {
      const text = fs.readFileSync(path.join(repoRoot, 'main', file), 'utf8');
      const valueImports = text.split('\n').filter((l) => /from 'electron'/.test(l) && !/^import type /.test(l));
      expect(valueImports, file).toEqual([]);
    }
  });
});

describe('IPC validation', () => {
  const ours = new Set([7]);
  const good: SenderInfo = { frameUrl: 'lita://app/index.html', isMainFrame: true, webContentsId: 7 };

  it('trusts only the main frame of our own window on lita://app', () => {
    expect(isTrustedSender(good, ours)).toBe(true);
    expect(isTrustedSender({ ...good, frameUrl: 'https://evil.example/' }, ours)).toBe(false);
    expect(isTrustedSender({ ...good, frameUrl: 'file:///tmp/x.html' }, ours)).toBe(false);
    expect(isTrustedSender({ ...good, frameUrl: undefined }, ours)).toBe(false);
    expect(isTrustedSender({ ...good, isMainFrame: false }, ours)).toBe(false);
    expect(isTrustedSender({ ...good, webContentsId: 8 }, ours)).toBe(false);
  });

  it('refuses foreign senders before looking at the call', () => {
    const r = validateIpcCall({ ...good, frameUrl: 'https://evil.example/' }, ours, 'status', undefined);
    expect(r).toMatchObject({ ok: false, error: { code: 'bad-input', message: expect.stringContaining('Förbjudet') } });
    recordReliability({ area: 'security', fault: 'IPC call from a foreign frame or window, an unknown method, or bad input (Electron)', userSaw: 'Refused with an error value before anything runs (unit-tested: Electron cannot be launched here)', lost: 'nothing' });
  });

  it('accepts only the contract\'s methods, with input its schema accepts', () => {
    expect(validateIpcCall(good, ours, 'status', undefined)).toEqual({ ok: true, method: 'status', input: undefined });
    expect(validateIpcCall(good, ours, 'listDocuments', { libraryId: 'bib' })).toEqual({
      ok: true,
      method: 'listDocuments',
      input: { libraryId: 'bib', folder: [], offset: 0, limit: 100 },
    });
    for (const m of ['readFile', 'constructor', '__proto__', 42, null]) expect(validateIpcCall(good, ours, m, {})).toMatchObject({ ok: false, error: { code: 'not-found' } });
    for (const input of [{ libraryId: 1, id: 'x' }, { libraryId: 'bib' }, 'bib/x', { libraryId: 'bib', id: 'x', extra: true }, { libraryId: 'bib', id: 'x'.repeat(10_000) }]) {
      expect(validateIpcCall(good, ours, 'getDocument', input)).toMatchObject({ ok: false, error: { code: 'bad-input' } });
    }
  });

  it('keeps the preload, the HTTP client and the contract on the same methods', () => {
    expect([...apiMethodNames].sort()).toEqual([...apiMethods].sort());
    const preload = fs.readFileSync(path.join(repoRoot, 'main', 'preload.cts'), 'utf8');
    const listed = [...preload.matchAll(/^ {2}(\w+): true,$/gm)].map((m) => m[1]);
    expect(listed.sort()).toEqual([...apiMethods].sort());
    expect(preload).not.toMatch(/ipcRenderer\.send\(|exposeInMainWorld\('(ipcRenderer|electron|fs)'/);
  });
});

describe('opening files with the system program', () => {
  const mirror = path.resolve('/data/Styrande dokument');

  it('allows only files inside the mirror folder', () => {
    expect(isInsideFolder(mirror, path.join(mirror, 'Bib', 'a.pdf'))).toBe(true);
    expect(isInsideFolder(mirror, path.join(mirror, '..', 'hemlig.txt'))).toBe(false);
    expect(isInsideFolder(mirror, `${mirror}2/a.pdf`)).toBe(false);
    expect(isInsideFolder(mirror, mirror)).toBe(false);
    expect(isInsideFolder(mirror, '/etc/passwd')).toBe(false);
    expect(isInsideFolder(mirror, path.join(mirror, 'a\0.pdf'))).toBe(false);
    expect(isInsideFolder(mirror, path.join(mirror, '..x', 'a.pdf'))).toBe(true);
    expect(isInsideFolder('C:\\Reserv\\Styrande', 'C:\\Reserv\\Styrande\\Bib\\a.pdf', path.win32)).toBe(true);
    expect(isInsideFolder('C:\\Reserv\\Styrande', 'C:\\Windows\\system32\\calc.exe', path.win32)).toBe(false);
    expect(isInsideFolder('C:\\Reserv\\Styrande', 'D:\\Reserv\\Styrande\\a.pdf', path.win32)).toBe(false);
  });

  it('never hands an outside path to the opener', async () => {
    const opened: string[] = [];
    const open = mirrorOpener(mirror, async (f) => {
      opened.push(f);
      return '';
    });
    expect(await open(path.join(mirror, 'Bib', 'a.pdf'))).toBe('');
    expect(await open('/etc/passwd')).toMatch(/utanför speglingsmappen/);
    expect(opened).toEqual([path.join(mirror, 'Bib', 'a.pdf')]);
  });
});
