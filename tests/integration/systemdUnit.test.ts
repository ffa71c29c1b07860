// build/linux/lita-reserv.service. systemd is not PID 1 on this machine, so the unit cannot
// be started with systemctl or systemd-run; instead it is checked by systemd's own tools
// (systemd-analyze verify, systemctl --root enable) and its ExecStart is run directly, with
// the unit's settings, to see the daemon start and stop cleanly on the unit's KillSignal
// within TimeoutStopSec.
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { repoRoot, cliPath } from '../helpers/cli.js';
import { tempDir } from '../helpers/tempDir.js';
import { findProgram, requireProgram } from '../helpers/systemProgram.js';
import { writeConfig, writeSourceTree, sampleDocs } from '../helpers/library.js';
import { startCli, waitFor } from '../helpers/processes.js';

const unitFile = path.join(repoRoot, 'build', 'linux', 'lita-reserv.service');
const unitText = fs.readFileSync(unitFile, 'utf8');
const systemdAnalyze = requireProgram('systemd-analyze', 'the systemd unit is verified with it (Debian package systemd)');

/** Key → values of one section (keys may repeat). */
function section(name: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  let current = '';
  for (const raw of unitText.split('\n')) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const header = /^\[(\w+)\]$/.exec(line);
    if (header) {
      current = header[1]!;
      continue;
    }
    if (current !== name) continue;
    const eq = line.indexOf('=');
    out.set(line.slice(0, eq), [...(out.get(line.slice(0, eq)) ?? []), line.slice(eq + 1)]);
  }
  return out;
}

const service = section('Service');
const one = (key: string) => service.get(key)?.[0] ?? '';

describe('the systemd unit', () => {
  it('runs the daemon as its own user, restarts it on failure, and may write only its folders', () => {
    expect(one('ExecStart')).toBe('/usr/bin/lita-reserv --cli daemon --config /etc/lita-reserv/config.json');
    expect(one('User')).toBe('lita-reserv');
    expect(one('Restart')).toBe('on-failure');
    expect(one('KillSignal')).toBe('SIGTERM');
    expect(one('ProtectSystem')).toBe('strict');
    expect(one('UMask')).toBe('0022'); // the mirror it writes is readable by everyone
    expect(one('ReadWritePaths').split(/\s+/)).toEqual(['/var/lib/lita-reserv', '-/srv/lita-reserv']);
    expect(section('Install').get('WantedBy')).toEqual(['multi-user.target']);
    expect(section('Unit').get('After')).toEqual(['network-online.target']);
  });

  it.skipIf(!systemdAnalyze)('passes systemd-analyze verify without a single remark', () => {
    const dir = tempDir();
    // The packaged program is not installed here; verify needs an executable that exists.
    const copy = path.join(dir, 'lita-reserv.service');
    fs.writeFileSync(copy, unitText.replace(/^ExecStart=\/usr\/bin\/lita-reserv --cli /m, `ExecStart=${process.execPath} ${cliPath} `));
    const r = spawnSync(systemdAnalyze!, ['verify', copy], { encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr.trim()).toBe('');
    expect(r.stdout.trim()).toBe('');
  });

  it.skipIf(!findProgram('systemctl'))('can be enabled (its [Install] section works)', () => {
    const root = tempDir();
    fs.mkdirSync(path.join(root, 'etc', 'systemd', 'system'), { recursive: true });
    fs.copyFileSync(unitFile, path.join(root, 'etc', 'systemd', 'system', 'lita-reserv.service'));
    const r = spawnSync('systemctl', ['--root', root, 'enable', 'lita-reserv.service'], { encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    const link = path.join(root, 'etc', 'systemd', 'system', 'multi-user.target.wants', 'lita-reserv.service');
    expect(fs.readlinkSync(link)).toBe('/etc/systemd/system/lita-reserv.service');
  });

  it('its command starts the daemon, which stops cleanly on the unit’s KillSignal within TimeoutStopSec', async () => {
    const work = tempDir();
    writeSourceTree(path.join(work, 'share'), sampleDocs(3));
    const config = writeConfig(work, { dataDir: 'var-lib', mirrorDir: 'srv', libraries: [{ id: 'a', title: 'A', source: { type: 'folder', path: 'share' } }] });
    const args = one('ExecStart').split(' ').slice(2); // after "/usr/bin/lita-reserv --cli"
    expect(args.slice(0, 2)).toEqual(['daemon', '--config']);
    const daemon = startCli([...args.slice(0, 2), config, ...args.slice(3)], { LITA_RESERV_INTERVAL_SECONDS: '3600' });
    await waitFor('the first sync', () => fs.existsSync(path.join(work, 'srv', 'LÄS MIG.txt')), 20_000);
    const stopSeconds = Number(one('TimeoutStopSec'));
    const sent = Date.now();
    daemon.child.kill(one('KillSignal') as NodeJS.Signals);
    expect(await daemon.exited).toBe(0);
    expect(Date.now() - sent).toBeLessThan(stopSeconds * 1000);
  });
});
