// The desktop app's launch decision and its words about freshness, as the pure modules
// they are: `--cli …` runs the command line with no window (what the scheduled task,
// lita-reserv.cmd and the systemd unit start), anything else starts the app; and the
// window title and tray show the same time as the page's title, the banner and the status
// page (formatLocalTime of updatedAt), and say when the service syncs this PC.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { configArgument, decideLaunch } from '../../../main/launchMode.js';
import { syncMenuItem, trayFreshness, trayTooltip, windowTitle } from '../../../main/freshnessText.js';
import type { StatusView } from '../../../sync/api/contract.js';
import { formatLocalTime } from '../../../sync/i18n/time.js';
import { dictionaries } from '../../../renderer/src/i18n/strings.js';
import { repoRoot } from '../../helpers/cli.js';

describe('how the desktop app was started', () => {
  it('runs the command line for --cli, as the service and IT scripts start it', () => {
    expect(decideLaunch(['C:\\Program Files\\LITA Reserv\\LITA Reserv.exe', '--cli', 'daemon', '--config', 'C:\\ProgramData\\LITA Reserv\\config.json'])).toEqual({
      mode: 'cli',
      args: ['daemon', '--config', 'C:\\ProgramData\\LITA Reserv\\config.json'],
    });
    expect(decideLaunch(['/usr/bin/lita-reserv', '--cli', 'daemon', '--config', '/etc/lita-reserv/config.json'])).toMatchObject({ mode: 'cli', args: ['daemon', '--config', '/etc/lita-reserv/config.json'] });
    expect(decideLaunch(['/usr/bin/electron', '.', '--cli', 'status', '--json'])).toEqual({ mode: 'cli', args: ['status', '--json'] });
    // The systemd unit and lita-reserv.cmd say exactly this.
    const unit = fs.readFileSync(path.join(repoRoot, 'build', 'linux', 'lita-reserv.service'), 'utf8');
    const exec = /^ExecStart=(.+)$/m.exec(unit)![1]!.split(' ');
    expect(decideLaunch(exec)).toMatchObject({ mode: 'cli', args: ['daemon', '--config', '/etc/lita-reserv/config.json'] });
    expect(fs.readFileSync(path.join(repoRoot, 'build', 'windows', 'lita-reserv.cmd'), 'utf8')).toContain('"%~dp0LITA Reserv.exe" --cli %*');
  });

  it('starts the app otherwise, with its config and whether it starts in the tray', () => {
    expect(decideLaunch(['LITA Reserv.exe'])).toEqual({ mode: 'app', configPath: undefined, hidden: false });
    expect(decideLaunch(['LITA Reserv.exe', '--hidden'])).toEqual({ mode: 'app', configPath: undefined, hidden: true });
    expect(decideLaunch(['LITA Reserv.exe', '--config', 'D:\\reserv.json'])).toEqual({ mode: 'app', configPath: 'D:\\reserv.json', hidden: false });
    expect(configArgument(['x', '--config=/etc/x.json'])).toBe('/etc/x.json');
    expect(configArgument(['x'])).toBeUndefined();
  });
});

function status(over: Partial<StatusView> = {}): StatusView {
  return {
    libraries: [],
    mirrorDir: '/m',
    dataDir: '/d',
    updatedAt: '2026-11-23T01:00:00.000Z',
    staleAfterHours: 24,
    stale: false,
    connection: 'online',
    language: 'sv',
    recentRuns: [],
    sync: { running: false, progress: null },
    canOpenFiles: true,
    syncOwner: { kind: 'app' },
    ...over,
  };
}

describe('the window title and the tray', () => {
  const at = '2026-11-23T01:00:00.000Z';
  const local = formatLocalTime(at);

  it('titles the window exactly as the page does', () => {
    expect(windowTitle(at)).toBe(`Styrande dokument (reserv) – kopia från ${local}`);
    expect(windowTitle(at)).toBe(dictionaries.sv.windowTitle(local));
    expect(windowTitle(null)).toBe(dictionaries.sv.windowTitle(null));
    expect(windowTitle(undefined)).toBe('Styrande dokument (reserv)');
  });

  it('shows the same time in the tray, with the age and a warning when stale', () => {
    const now = new Date(Date.parse(at) + 3 * 3_600_000);
    expect(trayFreshness(status(), now)).toBe(`LITA Reserv – kopia från ${local} (för 3 timmar sedan)`);
    expect(trayFreshness(status({ stale: true }), now)).toMatch(/– FÖR GAMMAL$/);
    expect(trayFreshness(status({ updatedAt: null }), now)).toBe('LITA Reserv – ingen kopia ännu');
    expect(trayFreshness(null, now)).toBe('LITA Reserv');
    expect(trayTooltip(status(), true, now)).toBe(`LITA Reserv – kopia från ${local} (för 3 timmar sedan)\nSynkar…`);
  });

  it('offers "Synka nu" only when the app syncs, and says when the service syncs next', () => {
    const next = '2026-11-23T02:30:00.000Z';
    const service = status({ syncOwner: { kind: 'service', since: at, nextSyncAt: next } });
    expect(syncMenuItem(status(), false)).toEqual({ label: 'Synka nu', enabled: true });
    expect(syncMenuItem(status(), true)).toEqual({ label: 'Synkar…', enabled: false });
    expect(syncMenuItem(service, false)).toEqual({ label: `Tjänsten synkar (nästa ${formatLocalTime(next)})`, enabled: false });
    expect(trayTooltip(service, false).split('\n')[1]).toBe(`Tjänsten synkar (nästa ${formatLocalTime(next)})`);
    expect(syncMenuItem(status({ syncOwner: { kind: 'service', since: at, nextSyncAt: null } }), false).label).toBe('Tjänsten synkar');
  });

  it('imports electron in these pure modules for types only', () => {
    for (const file of ['launchMode.ts', 'freshnessText.ts']) {
      const text = fs.readFileSync(path.join(repoRoot, 'main', file), 'utf8');
      expect(text.split('\n').filter((l) => /from 'electron'/.test(l) && !/^import type /.test(l)), file).toEqual([]);
    }
  });
});
