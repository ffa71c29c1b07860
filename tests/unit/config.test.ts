import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { findConfigPath, loadConfig, machineConfigPath, parseConfigText } from '../../sync/config/loadConfig.js';
import { ConfigError } from '../../sync/errors.js';
import { tempDir } from '../helpers/tempDir.js';

const minimal = {
  libraries: [{ id: 'ls', title: 'Ledningssystem', source: { type: 'manifest', url: 'https://docs.example.org/reserv/manifest.json' } }],
};

function problems(config: unknown): string {
  try {
    parseConfigText(JSON.stringify(config), '/etc/lita-reserv/config.json');
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as ConfigError).exitCode).toBe(2);
    return (err as Error).message;
  }
  throw new Error('expected a config error');
}

describe('config lookup', () => {
  it('prefers --config, then LITA_RESERV_CONFIG, then the machine-wide file', () => {
    expect(findConfigPath('/x/a.json', { LITA_RESERV_CONFIG: '/y/b.json' })).toBe('/x/a.json');
    expect(findConfigPath(undefined, { LITA_RESERV_CONFIG: '/y/b.json' })).toBe('/y/b.json');
    expect(findConfigPath(undefined, {})).toBe(machineConfigPath());
  });
  it('knows the machine-wide locations', () => {
    expect(machineConfigPath('win32', { ProgramData: 'D:\\PD' })).toBe('D:\\PD\\LITA Reserv\\config.json');
    expect(machineConfigPath('linux', {})).toBe('/etc/lita-reserv/config.json');
  });
  it('says where it looked when the file is missing', () => {
    expect(() => loadConfig('/nonexistent/config.json')).toThrow(/finns inte: \/nonexistent\/config\.json \(från --config\)/);
  });
  it('reads a file with a BOM and resolves relative paths against its folder', () => {
    const dir = tempDir();
    const file = path.join(dir, 'config.json');
    fs.writeFileSync(file, `\uFEFF${JSON.stringify({ ...minimal, dataDir: 'd', mirrorDir: '../m', libraries: [{ id: 'f', title: 'F', source: { type: 'folder', path: 'share' } }] })}`);
    const config = loadConfig(file);
    expect(config.dataDir).toBe(path.join(dir, 'd'));
    expect(config.mirrorDir).toBe(path.join(path.dirname(dir), 'm'));
    expect(config.libraries[0]!.source).toEqual({ type: 'folder', path: path.join(dir, 'share') });
  });
});

describe('config validation', () => {
  it('fills in the defaults', () => {
    const c = parseConfigText(JSON.stringify(minimal), '/etc/lita-reserv/config.json');
    expect(c.dataDir).toBe('/etc/lita-reserv/data');
    expect(c.mirrorDir).toBe('/etc/lita-reserv/Styrande dokument');
    expect(c.schedule.intervalMinutes).toBe(30);
    expect(c.safety).toEqual({ maxDeletePercent: 10, maxDeleteCount: 50 });
    expect(c.staleAfterHours).toBe(24);
  });
  it('keeps UNC paths as they are', () => {
    const c = parseConfigText(
      JSON.stringify({ libraries: [{ id: 'a', title: 'A', source: { type: 'folder', path: '//fileserver/styrande/akut' } }] }),
      '/etc/lita-reserv/config.json',
    );
    expect(c.libraries[0]!.source).toMatchObject({ path: '//fileserver/styrande/akut' });
  });
  it('names an unknown key, top-level and nested', () => {
    expect(problems({ ...minimal, mirrorDirr: 'x' })).toContain('mirrorDirr: okänd nyckel');
    expect(problems({ libraries: [{ ...minimal.libraries[0], source: { ...minimal.libraries[0]!.source, pubKey: 'x' } }] })).toContain(
      'libraries[0].source.pubKey: okänd nyckel',
    );
    expect(problems({ ...minimal, safety: { maxDeletePercent: 10, maxDelete: 1 } })).toContain('safety.maxDelete: okänd nyckel');
  });
  it('names a bad value', () => {
    expect(problems({ libraries: [{ ...minimal.libraries[0], source: { type: 'manifest', url: 'ftp://x/m.json' } }] })).toContain(
      'libraries[0].source.url: måste vara en http:// eller https://-adress',
    );
    expect(problems({ ...minimal, staleAfterHours: 'en dag' })).toContain('staleAfterHours: ska vara ett tal');
    expect(problems({ ...minimal, schedule: { intervalMinutes: 0 } })).toContain('schedule.intervalMinutes');
    expect(problems({ ...minimal, safety: { maxDeletePercent: 150 } })).toContain('safety.maxDeletePercent: för stort');
    expect(problems({ libraries: [{ id: 'bad id!', title: 'X', source: minimal.libraries[0]!.source }] })).toContain('libraries[0].id');
    expect(problems({ libraries: [{ id: 'x', title: 'X', source: { type: 'sftp' } }] })).toContain('libraries[0].source');
  });
  it('requires the libraries', () => {
    expect(problems({})).toContain('libraries: saknas');
    expect(problems({ libraries: [] })).toContain('libraries: ');
  });
  it('refuses two libraries with the same id or the same folder name', () => {
    const lib = minimal.libraries[0]!;
    expect(problems({ libraries: [lib, { ...lib, title: 'Annat' }] })).toContain('libraries[1].id: "ls" används redan');
    expect(problems({ libraries: [lib, { ...lib, id: 'b', title: 'LEDNINGSSYSTEM' }] })).toContain('libraries[1].title');
  });
  it('says so when the file is not JSON', () => {
    expect(() => parseConfigText('{ "libraries": [ }', '/c.json')).toThrow(/inte giltig JSON/);
  });
});
