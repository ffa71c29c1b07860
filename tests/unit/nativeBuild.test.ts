// build/scripts/buildNativeElectron.ts: what it plans for each target, that it works on a
// copy and never touches node_modules' Node-ABI build, and (under CI, or with
// LITA_NATIVE_BUILD_TEST=1: a real compile takes about two minutes) a real build for Node
// from local headers that better-sqlite3 then loads and queries.
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../helpers/cli.js';
import { tempDir } from '../helpers/tempDir.js';
import { cleanEnv, copyPackage, planNativeBuild } from '../../build/scripts/buildNativeElectron.js';

const nodeModulesBinding = path.join(repoRoot, 'node_modules', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node');
const electronVersion = (JSON.parse(fs.readFileSync(path.join(repoRoot, 'node_modules', 'electron', 'package.json'), 'utf8')) as { version: string }).version;
const hash = (file: string) => createHash('sha256').update(fs.readFileSync(file)).digest('hex');
const otherPlatform: NodeJS.Platform = process.platform === 'win32' ? 'linux' : 'win32';

describe('planning the Electron build of better-sqlite3', () => {
  it('fetches the prebuilt binary for another platform, and cannot compile for it', () => {
    const plan = planNativeBuild({ projectDir: repoRoot, runtime: 'electron', platform: otherPlatform, arch: 'x64', fromSource: false, outDir: '/out' });
    expect(plan.target).toBe(electronVersion);
    expect(plan.steps).toHaveLength(1);
    expect(plan.steps[0]!.args.slice(1)).toEqual(['--runtime', 'electron', '--target', electronVersion, '--platform', otherPlatform, '--arch', 'x64', '--verbose']);
    expect(plan.steps[0]!.args[0]).toMatch(/prebuild-install[/\\]bin\.js$/);
    expect(() => planNativeBuild({ projectDir: repoRoot, runtime: 'electron', platform: otherPlatform, arch: 'x64', fromSource: true, outDir: '/out' })).toThrow(
      /Kan inte bygga från källkod för/,
    );
  });

  it('for this machine, falls back to compiling against Electron’s headers', () => {
    const plan = planNativeBuild({ projectDir: repoRoot, runtime: 'electron', platform: process.platform, arch: process.arch, fromSource: false, outDir: '/out' });
    expect(plan.steps.map((s) => s.what)).toEqual(['förbyggd binärfil (prebuild-install)', 'kompilering (node-gyp)']);
    const gyp = plan.steps[1]!.args;
    expect(gyp).toContain(`--target=${electronVersion}`);
    expect(gyp).toContain('--dist-url=https://electronjs.org/headers');
  });

  it('keeps npm’s config (a nodedir pointing at Node’s headers) out of the build', () => {
    const env = cleanEnv({ PATH: '/bin', npm_config_nodedir: '/usr', NPM_CONFIG_TARGET: '20', HOME: '/root' });
    expect(env).toEqual({ PATH: '/bin', HOME: '/root' });
  });

  it('copies the package without its build folder, leaving node_modules as it was', () => {
    const before = hash(nodeModulesBinding);
    const copy = copyPackage(repoRoot, tempDir());
    expect(fs.existsSync(path.join(copy, 'binding.gyp'))).toBe(true);
    expect(fs.existsSync(path.join(copy, 'deps'))).toBe(true);
    expect(fs.existsSync(path.join(copy, 'build'))).toBe(false);
    expect(hash(nodeModulesBinding)).toBe(before);
  });
});

const headers = ['/usr/include/node/node_api.h', '/usr/local/include/node/node_api.h'].find((f) => fs.existsSync(f));
const realBuild = process.env.CI === 'true' || process.env.LITA_NATIVE_BUILD_TEST === '1';
if (!realBuild) console.warn('\n*** SKIPPING the real native build (about 2 min): set LITA_NATIVE_BUILD_TEST=1 to run it; CI runs it ***\n');
else if (!headers) console.warn('\n*** SKIPPING the real native build: no Node headers (node_api.h) under /usr/include/node ***\n');

describe.skipIf(!realBuild || !headers)('a real build, for Node from local headers', () => {
  it('compiles in a temp copy, writes the binding and its description, and leaves node_modules alone', () => {
    const before = hash(nodeModulesBinding);
    const out = tempDir();
    const nodedir = path.dirname(path.dirname(path.dirname(headers!)));
    const r = spawnSync(process.execPath, [path.join(repoRoot, 'node_modules', 'tsx', 'dist', 'cli.mjs'), 'build/scripts/buildNativeElectron.ts', '--runtime', 'node', '--from-source', '--nodedir', nodedir, '--out', out], {
      cwd: repoRoot,
      encoding: 'utf8',
      timeout: 600_000,
    });
    expect(r.status, r.stderr.slice(-3000)).toBe(0);
    const binding = path.join(out, 'better_sqlite3.node');
    expect(r.stdout.trim()).toBe(binding);
    const info = JSON.parse(fs.readFileSync(path.join(out, 'better_sqlite3.json'), 'utf8')) as Record<string, unknown>;
    expect(info).toMatchObject({ runtime: 'node', electron: null, node: process.versions.node, platform: process.platform, arch: process.arch });
    const db = new Database(':memory:', { nativeBinding: binding });
    expect(db.prepare("SELECT sqlite_version() AS v, 'å' || 'ö' AS s").get()).toMatchObject({ s: 'åö' });
    db.close();
    expect(hash(nodeModulesBinding)).toBe(before);
  }, 620_000);
});
