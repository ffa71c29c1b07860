// The sandboxed preload: puts exactly the contract's methods on window.api, each sending
// its method name and input over the one validated IPC channel, plus the sync event feed.
// Nothing else of Electron or Node reaches the page. CommonJS, as sandboxed preloads must be.
// eslint-disable-next-line @typescript-eslint/no-require-imports -- a sandboxed preload is CommonJS
import electron = require('electron');
import type { IpcRendererEvent } from 'electron';
import type { ApiMethod, RendererApi, SyncEvent } from '../sync/api/contract.js' with { 'resolution-mode': 'import' };

const { contextBridge, ipcRenderer } = electron;

// Channel names repeat main/ipcValidation.ts: a sandboxed preload cannot import ES modules.
const API_CHANNEL = 'lita:api';
const EVENT_CHANNEL = 'lita:sync-event';

const methods = {
  libraryTree: true,
  listDocuments: true,
  getDocument: true,
  documentContent: true,
  search: true,
  status: true,
  syncNow: true,
  heldDeletions: true,
  approveDeletions: true,
  openInSystemApp: true,
  fleet: true,
  fleetCsv: true,
  drillStatus: true,
  recordDrill: true,
} satisfies Record<ApiMethod, true>;

const api: Record<string, unknown> = {};
for (const method of Object.keys(methods)) {
  api[method] = (input?: unknown) => ipcRenderer.invoke(API_CHANNEL, method, input);
}
api.onSyncEvent = (listener: (event: SyncEvent) => void) => {
  const handler = (_e: IpcRendererEvent, event: SyncEvent) => listener(event);
  ipcRenderer.on(EVENT_CHANNEL, handler);
  return () => {
    ipcRenderer.removeListener(EVENT_CHANNEL, handler);
  };
};

contextBridge.exposeInMainWorld('api', api as RendererApi);
