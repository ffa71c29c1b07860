// The desktop app's main process. Started with `--cli COMMAND …` it is the command line
// (the service and IT scripts run it so): the command runs with no window or tray and the
// process exits with its code. Otherwise it is the app: one instance, one hardened window
// showing the reader from lita://app/, a tray icon, the scheduled sync in a worker thread
// (unless the service syncs this PC), and the one validated IPC channel to the API. All
// logic lives in sync/ and in main's pure modules; this file only wires it up.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, BrowserWindow, dialog, ipcMain, protocol, session, shell } from 'electron';
import { loadConfig, type Config } from '../sync/config/loadConfig.js';
import { useNativeBinding } from '../sync/catalog/openDatabase.js';
import { createApiService, type ApiService } from '../sync/api/service.js';
import { runHandler } from '../sync/api/dispatch.js';
import { errorMessage } from '../sync/errors.js';
import { createFileLogger, type Logger } from '../sync/log/logger.js';
import { runCommandLine } from '../sync/cli/commandLine.js';
import { applyMemoryPolicy } from '../sync/memoryPolicy.js';
import { registerAppProtocol, hardenSession } from './appProtocol.js';
import { API_CHANNEL, EVENT_CHANNEL, validateIpcCall } from './ipcValidation.js';
import { mirrorOpener } from './openFile.js';
import { AppTray } from './tray.js';
import { decideLaunch } from './launchMode.js';
import { windowTitle } from './freshnessText.js';
import { APP_ENTRY_URL, appScheme, denyWindowOpen, mainWindowOptions, mayNavigate } from './windowOptions.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const rendererDir = path.resolve(here, '..', 'renderer');
const preloadPath = path.join(here, 'preload.cjs');

let window: BrowserWindow | null = null;
let quitting = false;
/** The copy's time as last read (undefined until the first status). */
let lastUpdatedAt: string | null | undefined;
const trustedWebContents = new Set<number>();

const launch = decideLaunch(process.argv);
if (launch.mode === 'cli') {
  runCliMode(launch.args);
} else {
  startApp();
}

/**
 * Runs one command and exits with its code. Not single-instance: the service's daemon runs
 * beside the app. Electron may turn SIGINT/SIGTERM into a quit request; then the command
 * is told to stop (as the signal would) and the process exits once it has, within 30 s.
 */
function runCliMode(args: string[]): void {
  useNativeBinding(electronBinding());
  let finished = false;
  app.on('will-quit', (e) => {
    if (finished) return;
    e.preventDefault();
    process.emit('SIGTERM', 'SIGTERM');
    setTimeout(() => app.exit(1), 30_000).unref();
  });
  runCommandLine(args)
    .catch((err: unknown) => {
      process.stderr.write(`Oväntat fel: ${errorMessage(err)}\n`);
      return 1;
    })
    .then(async (code) => {
      finished = true;
      await new Promise<void>((resolve) => process.stdout.write('', () => resolve()));
      app.exit(code);
    }, () => app.exit(1));
}

function startApp(): void {
  applyMemoryPolicy(); // the scheduled sync runs in a worker thread of this process
  protocol.registerSchemesAsPrivileged([appScheme]);
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return;
  }
  app.on('second-instance', () => showWindow());
  app.enableSandbox();
  app.on('web-contents-created', (_e, contents) => {
    contents.setWindowOpenHandler(denyWindowOpen);
    contents.on('will-navigate', (e, url) => {
      if (!mayNavigate(url, contents.getURL())) e.preventDefault();
    });
    contents.on('will-redirect', (e, url) => {
      if (!mayNavigate(url, contents.getURL())) e.preventDefault();
    });
    contents.on('will-attach-webview', (e) => e.preventDefault());
  });
  app.on('before-quit', () => (quitting = true));
  app.on('window-all-closed', () => undefined); // the tray keeps the app (and its schedule) alive
  app.whenReady().then(start, (err: unknown) => fatal(errorMessage(err)));
}

function electronBinding(): string | undefined {
  // The Electron-ABI build of better-sqlite3 (made by the build scripts); unpacked beside app.asar when packaged.
  const file = path.join(app.getAppPath().replace(/app\.asar$/, 'app.asar.unpacked'), 'build', 'native', 'electron', 'better_sqlite3.node');
  return fs.existsSync(file) ? file : undefined;
}

async function start(): Promise<void> {
  if (launch.mode !== 'app') return;
  const nativeBinding = electronBinding();
  useNativeBinding(nativeBinding);
  let config: Config;
  try {
    config = loadConfig(launch.configPath, process.env);
  } catch (err) {
    return fatal(errorMessage(err));
  }
  const log = createFileLogger({ dir: path.join(config.dataDir, 'logs'), fileName: 'app.log' });
  const service = createApiService(config, { openFile: mirrorOpener(config.mirrorDir, (f) => shell.openPath(f)), sync: { nativeBinding } });

  hardenSession(session.defaultSession);
  registerAppProtocol(rendererDir);
  registerIpc(service, log);

  const tray = new AppTray({
    show: showWindow,
    syncNow: () => void service.syncNow(undefined).catch((err: unknown) => log.warn('tray sync not started', { error: errorMessage(err) })),
    quit: () => app.quit(),
  });
  const readStatus = () =>
    service.status(undefined).then(
      (s) => {
        lastUpdatedAt = s.updatedAt;
        tray.onStatus(s);
      },
      (err: unknown) => log.warn('status failed', { error: errorMessage(err) }),
    );
  const refreshTray = () => void readStatus();
  service.subscribe((event) => {
    window?.webContents.send(EVENT_CHANNEL, event);
    tray.onSyncEvent(event);
    if (event.type === 'finished' || event.type === 'failed') refreshTray();
  });
  // The first status before the window, so its title tells the copy's time from the start.
  await readStatus();
  setInterval(refreshTray, 60_000);
  startSchedule(service, config.schedule.intervalMinutes, log);

  window = createWindow();
  if (!launch.hidden) window.once('ready-to-show', () => window?.show());
  app.on('before-quit', () => service.close());
}

function registerIpc(service: ApiService, log: Logger): void {
  ipcMain.handle(API_CHANNEL, async (event, method: unknown, input: unknown) => {
    const frame = event.senderFrame;
    const call = validateIpcCall(
      { frameUrl: frame?.url, isMainFrame: frame !== null && frame === event.sender.mainFrame, webContentsId: event.sender.id },
      trustedWebContents,
      method,
      input,
    );
    if (!call.ok) {
      log.warn('ipc call refused', { method: String(method).slice(0, 60), reason: call.error.message });
      return { ok: false, error: call.error };
    }
    return runHandler(service, call.method, call.input, (m, err) => log.error('api call failed', { method: m, error: errorMessage(err) }));
  });
}

function createWindow(): BrowserWindow {
  // The page sets the same title (document.title) once loaded, and Electron follows it.
  const win = new BrowserWindow({ ...mainWindowOptions(preloadPath, !app.isPackaged), title: windowTitle(lastUpdatedAt) });
  const id = win.webContents.id;
  trustedWebContents.add(id);
  win.on('close', (e) => {
    if (!quitting) {
      e.preventDefault(); // to the tray: the schedule goes on
      win.hide();
    }
  });
  win.on('closed', () => {
    trustedWebContents.delete(id);
    window = null;
  });
  void win.loadURL(APP_ENTRY_URL);
  return win;
}

function showWindow(): void {
  window ??= createWindow();
  if (window.isMinimized()) window.restore();
  window.show();
  window.focus();
}

/**
 * The scheduled sync, in the API's worker thread. Each turn asks again who syncs: while the
 * service holds the daemon lock the app leaves it alone; a sync already running elsewhere
 * just waits for the next turn.
 */
function startSchedule(service: ApiService, intervalMinutes: number, log: Logger): void {
  const run = () =>
    service.runScheduledSync().then(
      (outcome) => {
        if (outcome === 'service') log.info('scheduled sync left to the service', {});
      },
      (err: unknown) => log.info('scheduled sync skipped', { reason: errorMessage(err) }),
    );
  setTimeout(run, 10_000);
  setInterval(run, intervalMinutes * 60_000);
}

function fatal(message: string): void {
  dialog.showErrorBox('LITA Reserv kan inte starta', `${message}\n\nDokumenten finns också som vanliga filer i speglingsmappen.`);
  app.exit(1);
}
