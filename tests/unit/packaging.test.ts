// Packaging cannot run here (no Electron binary, no Windows), so what it is made of is
// checked piece by piece: electron-builder.yml against electron-builder's own JSON schema
// (with ajv) and for the settings IT relies on; the afterPack hook on a fake packaged app in
// a temp folder, flipping the fuses of a file carrying Electron's fuse wire through
// electron-builder's own addElectronFuses; and the example config against the app's schema.
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { Ajv } from 'ajv';
import { getCurrentFuseWire } from '@electron/fuses';
import { FuseState, SENTINEL } from '@electron/fuses/dist/constants.js';
import { repoRoot } from '../helpers/cli.js';
import { tempDir } from '../helpers/tempDir.js';
import { parseConfigText } from '../../sync/config/loadConfig.js';
import { pdfiumWasmPath, unpackedCopy } from '../../sync/extract/pdfiumText.js';
import afterPack from '../../build/hooks/afterPack.mjs';
import { fuseConfig, FUSES } from '../../build/hooks/electronFuses.mjs';
import { packagedBindingPath, placeNativeBinding, type PackContext } from '../../build/hooks/nativeBinding.mjs';

// electron-builder's own YAML parser and packager, as it would load them.
const builderRequire = createRequire(require_resolve('app-builder-lib/package.json'));
function require_resolve(id: string): string {
  return createRequire(import.meta.url).resolve(id);
}
const yaml = builderRequire('js-yaml') as { load(text: string): unknown };
const builder = builderRequire('./out/index.js') as {
  PlatformPackager: { prototype: { addElectronFuses(this: unknown, context: unknown, fuses: unknown): Promise<number> } };
};

const ELECTRON_VERSION = (JSON.parse(fs.readFileSync(path.join(repoRoot, 'node_modules', 'electron', 'package.json'), 'utf8')) as { version: string }).version;

interface BuilderConfig {
  appId: string;
  productName: string;
  files: string[];
  asarUnpack: string[];
  npmRebuild: boolean;
  afterPack: string;
  extraResources: { from: string; to: string }[];
  win: { target: { target: string }[]; extraFiles: { from: string }[] };
  nsis: Record<string, unknown>;
  linux: { target: string[]; executableName: string };
}

const config = yaml.load(fs.readFileSync(path.join(repoRoot, 'electron-builder.yml'), 'utf8')) as BuilderConfig;

describe('electron-builder.yml', () => {
  it('is valid by electron-builder’s own JSON schema', () => {
    const schema = JSON.parse(fs.readFileSync(path.join(repoRoot, 'node_modules', 'app-builder-lib', 'scheme.json'), 'utf8')) as object;
    const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);
    expect(validate(config), JSON.stringify(validate.errors, null, 2)).toBe(true);
    // The schema does catch mistakes: a misspelt key is refused.
    expect(validate({ ...config, nsis: { ...config.nsis, perMachin: true } })).toBe(false);
  });

  it('builds a per-machine assisted NSIS installer with the right shortcut and include', () => {
    expect(config.nsis).toMatchObject({
      oneClick: false,
      perMachine: true,
      createDesktopShortcut: 'always',
      createStartMenuShortcut: true,
      shortcutName: 'Styrande dokument (reserv)',
      deleteAppDataOnUninstall: false,
      include: 'build/installer.nsh',
      warningsAsErrors: true,
    });
    expect(config.win.target.map((t) => t.target)).toEqual(['nsis', 'zip', 'msi']);
    expect(config.linux.target).toEqual(['AppImage', 'deb']);
    expect(config.productName).toBe(JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')).productName);
  });

  it('keeps node_modules’ own build, unpacks the native binding and runs the afterPack hook that exists', () => {
    expect(config.npmRebuild).toBe(false);
    expect(config.asarUnpack.some((p) => p.includes('better-sqlite3') && p.endsWith('*.node'))).toBe(true);
    // The extraction workers read PDFium's wasm from app.asar.unpacked (pdfiumWasmPath).
    expect(config.asarUnpack).toContain('**/node_modules/@embedpdf/pdfium/dist/pdfium.wasm');
    expect(pdfiumWasmPath().split(path.sep).join('/')).toMatch(/\/node_modules\/@embedpdf\/pdfium\/dist\/pdfium\.wasm$/);
    expect(fs.existsSync(path.join(repoRoot, config.afterPack))).toBe(true);
    expect(config.files).toContain('dist/**/*');
  });

  it('finds a file inside app.asar in app.asar.unpacked when it was unpacked there', () => {
    const resources = tempDir('lita-asar-');
    const inner = path.join('node_modules', '@embedpdf', 'pdfium', 'dist', 'pdfium.wasm');
    fs.writeFileSync(path.join(resources, 'app.asar'), 'archive');
    const packed = path.join(resources, 'app.asar', inner);
    expect(unpackedCopy(packed)).toBe(packed);
    fs.mkdirSync(path.dirname(path.join(resources, 'app.asar.unpacked', inner)), { recursive: true });
    fs.writeFileSync(path.join(resources, 'app.asar.unpacked', inner), 'wasm');
    expect(unpackedCopy(packed)).toBe(path.join(resources, 'app.asar.unpacked', inner));
    expect(unpackedCopy(pdfiumWasmPath())).toBe(pdfiumWasmPath());
  });

  it('ships resources that exist', () => {
    for (const r of [...config.extraResources, ...config.win.extraFiles]) {
      expect(fs.existsSync(path.join(repoRoot, r.from)), r.from).toBe(true);
    }
    for (const script of ['prepare-machine.ps1', 'register-service.ps1', 'lita-reserv.cmd']) {
      expect(fs.existsSync(path.join(repoRoot, 'build', 'windows', script)), script).toBe(true);
    }
  });

  it('has an example config the app accepts', () => {
    const file = path.join(repoRoot, 'build', 'config.example.json');
    const parsed = parseConfigText(fs.readFileSync(file, 'utf8'), 'C:/ProgramData/LITA Reserv/config.json');
    expect(parsed.libraries[0]!.id).toBe('ledningssystem');
  });
});

describe('Electron fuses', () => {
  it('turns off running as Node, NODE_OPTIONS and --inspect, and turns on asar-only loading with integrity checks', () => {
    expect(FUSES).toEqual({
      RunAsNode: false,
      EnableNodeOptionsEnvironmentVariable: false,
      EnableNodeCliInspectArguments: false,
      EnableEmbeddedAsarIntegrityValidation: true,
      OnlyLoadAppFromAsar: true,
    });
    expect(fuseConfig()).toEqual({ version: '1', 0: false, 2: false, 3: false, 4: true, 5: true });
  });
});

/** A stand-in for an Electron executable: some bytes, then Electron 45's default fuse wire. */
function fakeElectronBinary(file: string): void {
  const defaults = [FuseState.ENABLE, FuseState.DISABLE, FuseState.ENABLE, FuseState.ENABLE, FuseState.DISABLE, FuseState.DISABLE, FuseState.DISABLE, FuseState.ENABLE];
  fs.writeFileSync(file, Buffer.concat([Buffer.from('MZ fake executable '), Buffer.from(SENTINEL), Buffer.from([1, defaults.length, ...defaults]), Buffer.alloc(64)]));
}

interface FakeApp {
  context: PackContext & { packager: { addElectronFuses(context: unknown, fuses: unknown): Promise<number> } };
  projectDir: string;
  exe: string;
  binding: string;
}

function fakePackagedApp(platform: 'win32' | 'linux' = 'win32'): FakeApp {
  const projectDir = tempDir();
  const appOutDir = path.join(tempDir(), `${platform}-unpacked`);
  const packager = {
    info: { projectDir, framework: { version: ELECTRON_VERSION } },
    appInfo: { productFilename: 'LITA Reserv' },
    executableName: 'lita-reserv',
    // electron-builder's real implementation, on this stand-in packager.
    addElectronFuses(context: unknown, fuses: unknown) {
      return builder.PlatformPackager.prototype.addElectronFuses.call(this, context, fuses);
    },
  };
  const context = { appOutDir, electronPlatformName: platform, arch: 1, packager };
  const binding = packagedBindingPath(context);
  fs.mkdirSync(path.dirname(binding), { recursive: true });
  fs.writeFileSync(binding, 'node-abi build copied from node_modules');
  const exe = path.join(appOutDir, platform === 'win32' ? 'LITA Reserv.exe' : 'lita-reserv');
  fakeElectronBinary(exe);
  return { context, projectDir, exe, binding };
}

function writeElectronBinding(projectDir: string, info: Record<string, string>, content: Buffer = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(100, 7)])): Buffer {
  const dir = path.join(projectDir, 'build', 'native', 'electron');
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'better_sqlite3.node'), content);
  fs.writeFileSync(path.join(dir, 'better_sqlite3.json'), JSON.stringify(info));
  return content;
}

describe('the afterPack hook', () => {
  it('puts the Electron binding in app.asar.unpacked and flips the fuses in the executable', async () => {
    const app = fakePackagedApp('win32');
    const content = writeElectronBinding(app.projectDir, { electron: ELECTRON_VERSION, platform: 'win32', arch: 'x64' });
    await afterPack(app.context);
    expect(fs.readFileSync(app.binding).equals(content)).toBe(true);
    const wire = (await getCurrentFuseWire(app.exe)) as unknown as Record<number, number>;
    expect(wire[0]).toBe(FuseState.DISABLE); // RunAsNode
    expect(wire[1]).toBe(FuseState.DISABLE); // EnableCookieEncryption: left as it was
    expect(wire[2]).toBe(FuseState.DISABLE); // NODE_OPTIONS
    expect(wire[3]).toBe(FuseState.DISABLE); // --inspect
    expect(wire[4]).toBe(FuseState.ENABLE); // asar integrity
    expect(wire[5]).toBe(FuseState.ENABLE); // only app.asar
    expect(wire[7]).toBe(FuseState.ENABLE); // GrantFileProtocolExtraPrivileges: left as it was
  });

  it('places an ELF binding for a Linux build and flips its fuses', async () => {
    const app = fakePackagedApp('linux');
    writeElectronBinding(app.projectDir, { electron: ELECTRON_VERSION, platform: 'linux', arch: 'x64' }, Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46]), Buffer.alloc(60)]));
    // A real LinuxPackager names the executable by executableName; this stand-in is not
    // one, so electron-builder's addElectronFuses looks for productFilename instead.
    fs.renameSync(app.exe, path.join(app.context.appOutDir, 'LITA Reserv'));
    await afterPack(app.context);
    const wire = (await getCurrentFuseWire(path.join(app.context.appOutDir, 'LITA Reserv'))) as unknown as Record<number, number>;
    expect(wire[0]).toBe(FuseState.DISABLE);
  });

  it('refuses a binding built for another platform, architecture or Electron, naming the command that fixes it', async () => {
    const cases: [Record<string, string>, RegExp][] = [
      [{ electron: ELECTRON_VERSION, platform: 'linux', arch: 'x64' }, /platform linux, men paketet gäller win32/],
      [{ electron: ELECTRON_VERSION, platform: 'win32', arch: 'arm64' }, /arch arm64, men paketet gäller x64/],
      [{ electron: '1.0.0', platform: 'win32', arch: 'x64' }, /electron 1\.0\.0/],
    ];
    for (const [info, message] of cases) {
      const app = fakePackagedApp('win32');
      writeElectronBinding(app.projectDir, info);
      await expect(placeNativeBinding(app.context)).rejects.toThrow(message);
      await expect(placeNativeBinding(app.context)).rejects.toThrow('npm run native:electron -- --platform win32 --arch x64');
      expect(fs.readFileSync(app.binding, 'utf8')).toBe('node-abi build copied from node_modules');
    }
  });

  it('refuses a missing binding, a file that is not a Windows library, and a package without the unpacked module', async () => {
    const missing = fakePackagedApp('win32');
    await expect(afterPack(missing.context)).rejects.toThrow(/saknas: bygg better-sqlite3 för Electron först/);

    const elf = fakePackagedApp('win32');
    writeElectronBinding(elf.projectDir, { electron: ELECTRON_VERSION, platform: 'win32', arch: 'x64' }, Buffer.from([0x7f, 0x45, 0x4c, 0x46, 1, 2]));
    await expect(placeNativeBinding(elf.context)).rejects.toThrow(/inte ett bibliotek för win32/);

    const packed = fakePackagedApp('win32');
    writeElectronBinding(packed.projectDir, { electron: ELECTRON_VERSION, platform: 'win32', arch: 'x64' });
    fs.rmSync(path.dirname(packed.binding), { recursive: true });
    await expect(placeNativeBinding(packed.context)).rejects.toThrow(/asarUnpack/);
  });
});
