// The parts of doctor that talk to the OS's service manager, and the probe registry new
// source types plug into. schtasks cannot run here, so its answers are replayed through the
// command-runner seam; systemctl is called for real where it exists.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/tempDir.js';
import { findProgram } from '../helpers/systemProgram.js';
import { checkService, runSystemCommand, SYSTEMD_UNIT, WINDOWS_TASK_NAME, type CommandResult } from '../../sync/doctor/serviceChecks.js';
import { checkLibrarySource, checkClock } from '../../sync/doctor/sourceChecks.js';
import { registerSourceProbe } from '../../sync/doctor/sourceProbe.js';
import { formatBytes, wantedFreeBytes } from '../../sync/doctor/folderChecks.js';
import { runDoctor } from '../../sync/doctor/runDoctor.js';
import type { Config } from '../../sync/config/loadConfig.js';
import type { LibraryConfig } from '../../sync/config/schema.js';

function config(): Config {
  const dir = tempDir();
  return { dataDir: path.join(dir, 'data'), mirrorDir: path.join(dir, 'm') } as Config;
}

function answering(result: Partial<CommandResult>, calls: string[][] = []) {
  return async (file: string, args: string[]): Promise<CommandResult> => {
    calls.push([file, ...args]);
    return { code: 0, stdout: '', stderr: '', ...result };
  };
}

describe('service registration check', () => {
  it('Windows: queries the scheduled task by the name register-service.ps1 uses', async () => {
    const calls: string[][] = [];
    const ok = await checkService(config(), 'win32', answering({ code: 0, stdout: 'Synk  Ready' }, calls));
    expect(calls).toEqual([['schtasks', '/Query', '/TN', WINDOWS_TASK_NAME]]);
    expect(ok.status).toBe('ok');
    const missing = await checkService(config(), 'win32', answering({ code: 1, stderr: 'ERROR: The system cannot find the file specified.' }));
    expect(missing.status).toBe('warn');
    expect(missing.fix).toContain('register-service.ps1');
    expect((await checkService(config(), 'win32', answering({ code: null, missing: true }))).status).toBe('unknown');
  });

  it('Linux: maps systemctl is-enabled answers', async () => {
    expect((await checkService(config(), 'linux', answering({ stdout: 'enabled\n' }))).status).toBe('ok');
    const disabled = await checkService(config(), 'linux', answering({ code: 1, stdout: 'disabled\n' }));
    expect(disabled).toMatchObject({ status: 'warn', detail: `${SYSTEMD_UNIT}: disabled` });
    const noSystemd = await checkService(config(), 'linux', answering({ code: 1, stderr: 'System has not been booted with systemd as init system (PID 1). Can\'t operate.' }));
    expect(noSystemd.status).toBe('unknown');
    expect((await checkService(config(), 'linux', answering({ code: null, missing: true }))).status).toBe('unknown');
  });

  it('Linux, for real: an unregistered unit is a warning, never a failure', async () => {
    const systemctl = findProgram('systemctl');
    const result = await checkService(config(), 'linux');
    if (!systemctl) {
      expect(result.status).toBe('unknown');
      return;
    }
    const enabled = (await runSystemCommand('systemctl', ['is-enabled', SYSTEMD_UNIT])).stdout.trim();
    if (enabled === 'enabled') expect(result.status).toBe('ok');
    else expect(['warn', 'unknown']).toContain(result.status);
  });

  it('says "unknown" for a missing program instead of failing', async () => {
    const r = await runSystemCommand('lita-reserv-no-such-program', []);
    expect(r.missing).toBe(true);
  });
});

describe('source probes', () => {
  const lib = (type: string): LibraryConfig => ({ id: 'x', title: 'X', source: { type, path: 'p' } as unknown as LibraryConfig['source'] });
  const ctx = { timeoutMs: 1000, userAgent: 'test' };

  it('calls the probe registered for a source type, and reports an unknown type as such', async () => {
    const unknown = await checkLibrarySource(lib('gopher'), ctx);
    expect(unknown.checks[0]).toMatchObject({ id: 'source.x', status: 'unknown' });

    const seen: unknown[] = [];
    registerSourceProbe('testdav', async (source) => {
      seen.push(source);
      return { outcome: 'unauthorised', detail: 'https://dav.example.org/ svarade 401', serverDate: new Date('2026-01-01T00:00:00Z') };
    });
    const result = await checkLibrarySource(lib('testdav'), ctx);
    expect(seen).toHaveLength(1);
    expect(result.checks[0]).toMatchObject({ id: 'source.x', status: 'fail', detail: 'https://dav.example.org/ svarade 401' });
    expect(result.checks[0]!.fix).toContain('inloggningsuppgifterna');
    expect(result.serverDates).toEqual([{ libraryId: 'x', date: new Date('2026-01-01T00:00:00Z') }]);
  });

  it('turns a probe that throws into a failed check', async () => {
    registerSourceProbe('throwing', async () => {
      throw new Error('trasig');
    });
    const result = await checkLibrarySource(lib('throwing'), ctx);
    expect(result.checks[0]).toMatchObject({ status: 'fail', detail: 'trasig' });
  });

  it('judges the clock by the source furthest off, within five minutes', () => {
    const now = new Date('2026-11-23T02:00:00Z');
    const near = { libraryId: 'a', date: new Date('2026-11-23T02:04:00Z') };
    const far = { libraryId: 'b', date: new Date('2026-11-23T01:50:00Z') };
    expect(checkClock([near], now).status).toBe('ok');
    const skewed = checkClock([near, far], now);
    expect(skewed.status).toBe('warn');
    expect(skewed.detail).toBe('datorn går 10 min före källan för b');
  });
});

describe('proxy setting', () => {
  it('fails a proxy variable that is not a URL, naming it', async () => {
    const dir = tempDir();
    const config = path.join(dir, 'config.json');
    fs.writeFileSync(config, JSON.stringify({ libraries: [{ id: 'a', title: 'A', source: { type: 'folder', path: dir } }] }));
    const report = await runDoctor({ configPath: config, env: { HTTPS_PROXY: 'proxy:8080 fel' }, runCommand: async () => ({ code: null, stdout: '', stderr: '', missing: true }) });
    expect(report.checks.find((c) => c.id === 'proxy')).toMatchObject({ status: 'fail', detail: expect.stringContaining('HTTPS_PROXY') });
    expect(report.exitCode).toBe(1);
  });
});

describe('free space', () => {
  it('wants twice the library plus a gigabyte', () => {
    expect(wantedFreeBytes(0)).toBe(1024 ** 3);
    expect(wantedFreeBytes(5 * 1024 ** 3)).toBe(11 * 1024 ** 3);
    expect(formatBytes(1536)).toBe('1,5 kB');
    expect(formatBytes(1024 ** 3)).toBe('1 GB');
  });
});
