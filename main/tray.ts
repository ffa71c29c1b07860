// The tray icon: shows how fresh the copy is (the same time as the window title and the
// banner) and whether a sync runs or the service syncs this PC, and offers "Öppna",
// "Synka nu", "Starta vid inloggning" and "Avsluta". The app lives here when its window is
// closed, so the scheduled sync goes on. The words come from freshnessText.ts.
import { app, Menu, nativeImage, Tray, type NativeImage } from 'electron';
import type { StatusView, SyncEvent } from '../sync/api/contract.js';
import { syncMenuItem, trayFreshness, trayTooltip } from './freshnessText.js';

export interface TrayActions {
  show(): void;
  syncNow(): void;
  quit(): void;
}

/** A 32×32 icon drawn in code (orange frame, yellow band, like the app's RESERVKOPIA frame). */
function trayIcon(): NativeImage {
  const size = 32;
  const pixels = Buffer.alloc(size * size * 4);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const edge = x < 4 || y < 4 || x >= size - 4 || y >= size - 4;
      const band = y >= 13 && y < 19;
      const [r, g, b] = edge ? [0xb3, 0x47, 0x00] : band ? [0xff, 0xd4, 0x00] : [0xff, 0xff, 0xff];
      pixels.set([b, g, r, 0xff], (y * size + x) * 4); // BGRA
    }
  }
  return nativeImage.createFromBitmap(pixels, { width: size, height: size });
}

export class AppTray {
  private readonly tray: Tray;
  private syncing = false;
  private status: StatusView | null = null;

  constructor(private readonly actions: TrayActions) {
    this.tray = new Tray(trayIcon());
    this.tray.on('click', () => actions.show());
    this.render();
  }

  onStatus(status: StatusView): void {
    this.status = status;
    this.render();
  }

  onSyncEvent(event: SyncEvent): void {
    const running = event.type === 'started' || event.type === 'progress';
    if (running === this.syncing) return;
    this.syncing = running;
    this.render();
  }

  private render(): void {
    const loginItem = app.getLoginItemSettings();
    const sync = syncMenuItem(this.status, this.syncing);
    this.tray.setToolTip(trayTooltip(this.status, this.syncing));
    this.tray.setContextMenu(
      Menu.buildFromTemplate([
        { label: trayFreshness(this.status), enabled: false },
        { type: 'separator' },
        { label: 'Öppna LITA Reserv', click: () => this.actions.show() },
        { label: sync.label, enabled: sync.enabled, click: () => this.actions.syncNow() },
        {
          label: 'Starta vid inloggning',
          type: 'checkbox',
          checked: loginItem.openAtLogin,
          click: (item) => {
            app.setLoginItemSettings({ openAtLogin: item.checked, args: ['--hidden'] });
            this.render();
          },
        },
        { type: 'separator' },
        { label: 'Avsluta', click: () => this.actions.quit() },
      ]),
    );
  }
}
