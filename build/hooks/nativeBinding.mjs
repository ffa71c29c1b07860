// @ts-check
// Puts the Electron-ABI build of better-sqlite3 into the packaged app. node_modules keeps
// its Node-ABI build (tests and the CLI use it), so electron-builder's own rebuild is off
// (npmRebuild: false) and the binding made by `npm run native:electron`
// (build/native/electron/better_sqlite3.node, with a .json beside it saying what it was
// built for) replaces the copy in app.asar.unpacked, after checking that it was built for
// the platform, architecture and Electron version being packaged.
import fs from 'node:fs';
import path from 'node:path';

export const BINDING_NAME = 'better_sqlite3.node';

/** builder-util's Arch enum, by value. */
const ARCH_NAMES = ['ia32', 'x64', 'armv7l', 'arm64', 'universal'];

/** First bytes of a native library for each platform. */
const MAGIC = {
  win32: [Buffer.from('MZ')],
  linux: [Buffer.from([0x7f, 0x45, 0x4c, 0x46])],
  darwin: [Buffer.from([0xcf, 0xfa, 0xed, 0xfe]), Buffer.from([0xca, 0xfe, 0xba, 0xbe])],
};

/**
 * @typedef {{ electron: string, platform: string, arch: string }} BindingInfo
 * @typedef {{ appOutDir: string, electronPlatformName: string, arch: number,
 *   packager: { info: { projectDir: string, framework: { version: string } }, appInfo?: { productFilename: string } } }} PackContext
 */

/** @param {PackContext} context */
export function resourcesDir(context) {
  if (context.electronPlatformName === 'darwin' || context.electronPlatformName === 'mas') {
    const app = context.packager.appInfo?.productFilename ?? 'LITA Reserv';
    return path.join(context.appOutDir, `${app}.app`, 'Contents', 'Resources');
  }
  return path.join(context.appOutDir, 'resources');
}

/** @param {PackContext} context */
export function packagedBindingPath(context) {
  return path.join(resourcesDir(context), 'app.asar.unpacked', 'node_modules', 'better-sqlite3', 'build', 'Release', BINDING_NAME);
}

/** @param {string} projectDir */
export function builtBindingPath(projectDir) {
  return path.join(projectDir, 'build', 'native', 'electron', BINDING_NAME);
}

/**
 * @param {PackContext} context
 * @returns {Promise<string>} where the binding was placed
 */
export async function placeNativeBinding(context) {
  const projectDir = context.packager.info.projectDir;
  const want = {
    electron: context.packager.info.framework.version,
    platform: context.electronPlatformName,
    arch: ARCH_NAMES[context.arch] ?? String(context.arch),
  };
  const source = builtBindingPath(projectDir);
  const rebuild = `npm run native:electron -- --platform ${want.platform} --arch ${want.arch}`;
  if (!fs.existsSync(source)) {
    throw new Error(`${source} saknas: bygg better-sqlite3 för Electron först (${rebuild}).`);
  }
  /** @type {BindingInfo} */
  let have;
  try {
    have = JSON.parse(fs.readFileSync(source.replace(/\.node$/, '.json'), 'utf8'));
  } catch {
    throw new Error(`Uppgifterna om ${source} (.json bredvid) saknas eller är trasiga; bygg om: ${rebuild}.`);
  }
  for (const key of /** @type {const} */ (['electron', 'platform', 'arch'])) {
    if (have[key] !== want[key]) {
      throw new Error(`${source} är byggd för ${key} ${have[key]}, men paketet gäller ${want[key]}; bygg om: ${rebuild}.`);
    }
  }
  checkMagic(source, want.platform, rebuild);
  const target = packagedBindingPath(context);
  if (!fs.existsSync(target)) {
    throw new Error(`${target} finns inte i paketet: kontrollera asarUnpack för better-sqlite3 i electron-builder.yml.`);
  }
  fs.copyFileSync(source, target);
  return target;
}

/**
 * @param {string} file
 * @param {string} platform
 * @param {string} rebuild
 */
function checkMagic(file, platform, rebuild) {
  const expected = MAGIC[/** @type {keyof typeof MAGIC} */ (platform)];
  if (!expected) return;
  const head = Buffer.alloc(4);
  const fd = fs.openSync(file, 'r');
  try {
    fs.readSync(fd, head, 0, 4, 0);
  } finally {
    fs.closeSync(fd);
  }
  if (!expected.some((m) => head.subarray(0, m.length).equals(m))) {
    throw new Error(`${file} är inte ett bibliotek för ${platform}; bygg om: ${rebuild}.`);
  }
}
