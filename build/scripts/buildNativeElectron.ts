// `npm run native:electron [-- --platform win32 --arch x64] [--from-source]`
// Builds better-sqlite3 for Electron's ABI into build/native/electron/better_sqlite3.node
// (with better_sqlite3.json saying what it was built for), working on a copy of the
// package in a temp folder: node_modules keeps its Node-ABI build, so `npm test` and the
// CLI keep working after an Electron build. The desktop app in development loads this
// file (useNativeBinding); packaging puts it into the app (build/hooks/nativeBinding.mjs).
//
// How: first better-sqlite3's own prebuilt binary for that Electron (prebuild-install,
// downloads from the project's GitHub releases; works for any target platform), else a
// compile with node-gyp against Electron's headers (https://electronjs.org/headers; needs
// a C++ toolchain and can only build for the machine it runs on). Both need the network.
// `--runtime node --nodedir DIR` builds for Node instead, from local headers: that is how
// the pipeline is tested on a machine without internet.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const require = createRequire(import.meta.url);
export const projectDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

export interface NativeBuildOptions {
  projectDir: string;
  runtime: 'electron' | 'node';
  platform: NodeJS.Platform;
  arch: string;
  fromSource: boolean;
  outDir: string;
  /** Headers folder for node-gyp (runtime node, offline). */
  nodedir?: string | undefined;
}

export interface Step {
  what: string;
  command: string;
  args: string[];
}

export interface NativeBuildPlan {
  projectDir: string;
  runtime: 'electron' | 'node';
  /** Electron or Node version the binding is for. */
  target: string;
  betterSqlite3: string;
  platform: NodeJS.Platform;
  arch: string;
  outDir: string;
  steps: Step[];
  env: NodeJS.ProcessEnv;
}

function packageVersion(projectDir: string, name: string): string {
  return (JSON.parse(fs.readFileSync(path.join(projectDir, 'node_modules', name, 'package.json'), 'utf8')) as { version: string }).version;
}

export function planNativeBuild(opts: NativeBuildOptions): NativeBuildPlan {
  const target = opts.runtime === 'electron' ? packageVersion(opts.projectDir, 'electron') : process.versions.node;
  const steps: Step[] = [];
  if (!opts.fromSource && opts.runtime === 'electron') {
    steps.push({
      what: 'förbyggd binärfil (prebuild-install)',
      command: process.execPath,
      args: [require.resolve('prebuild-install/bin.js'), '--runtime', 'electron', '--target', target, '--platform', opts.platform, '--arch', opts.arch, '--verbose'],
    });
  }
  if (opts.platform === process.platform && opts.arch === process.arch) {
    const gyp = [require.resolve('node-gyp/bin/node-gyp.js'), 'rebuild', '--release', `--target=${target}`, `--arch=${opts.arch}`, '-j', 'max'];
    if (opts.runtime === 'electron') gyp.push('--dist-url=https://electronjs.org/headers');
    if (opts.nodedir) gyp.push(`--nodedir=${opts.nodedir}`);
    steps.push({ what: 'kompilering (node-gyp)', command: process.execPath, args: gyp });
  }
  if (steps.length === 0) {
    throw new Error(`Kan inte bygga från källkod för ${opts.platform}-${opts.arch} på den här datorn (${process.platform}-${process.arch}); ta bort --from-source för att hämta en förbyggd.`);
  }
  return {
    projectDir: opts.projectDir,
    runtime: opts.runtime,
    target,
    betterSqlite3: packageVersion(opts.projectDir, 'better-sqlite3'),
    platform: opts.platform,
    arch: opts.arch,
    outDir: opts.outDir,
    steps,
    env: cleanEnv(process.env),
  };
}

/**
 * npm passes its config to scripts as npm_config_* variables, and node-gyp obeys them: a
 * `nodedir` there (set on some build machines for offline Node builds) would silently
 * build against Node's headers instead of Electron's. None of them reach the build.
 */
export function cleanEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(env).filter(([k]) => !/^npm_config_/i.test(k)));
}

/** Copies the package without its build folder; returns the copy's path. */
export function copyPackage(projectDir: string, workRoot: string): string {
  const from = path.join(projectDir, 'node_modules', 'better-sqlite3');
  const to = path.join(workRoot, 'better-sqlite3');
  const buildDir = path.join(from, 'build');
  fs.cpSync(from, to, { recursive: true, filter: (src) => src !== buildDir && !src.startsWith(buildDir + path.sep) });
  return to;
}

export function runNativeBuild(plan: NativeBuildPlan, log: (line: string) => void = (l) => process.stderr.write(`${l}\n`)): string {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'lita-native-'));
  try {
    const pkg = copyPackage(plan.projectDir, work);
    const built = path.join(pkg, 'build', 'Release', 'better_sqlite3.node');
    for (const step of plan.steps) {
      log(`better-sqlite3 ${plan.betterSqlite3} för ${plan.runtime} ${plan.target} (${plan.platform}-${plan.arch}): ${step.what}…`);
      // The tools' chatter goes to stderr: stdout carries only the result (the binding's path).
      const r = spawnSync(step.command, step.args, { cwd: pkg, env: plan.env, stdio: ['ignore', 2, 2] });
      if (r.status === 0 && fs.existsSync(built)) break;
      log(`  misslyckades (kod ${r.status ?? r.signal ?? r.error?.message})`);
    }
    if (!fs.existsSync(built)) throw new Error('Ingen metod gav en better_sqlite3.node; se utskriften ovan (nätverk, kompilator).');
    return placeOutput(plan, built);
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

function placeOutput(plan: NativeBuildPlan, built: string): string {
  fs.mkdirSync(plan.outDir, { recursive: true });
  const target = path.join(plan.outDir, 'better_sqlite3.node');
  const info = {
    runtime: plan.runtime,
    electron: plan.runtime === 'electron' ? plan.target : null,
    node: plan.runtime === 'node' ? plan.target : null,
    platform: plan.platform,
    arch: plan.arch,
    betterSqlite3: plan.betterSqlite3,
    builtAt: new Date().toISOString(),
  };
  fs.copyFileSync(built, `${target}.tmp`);
  fs.renameSync(`${target}.tmp`, target);
  fs.writeFileSync(target.replace(/\.node$/, '.json'), `${JSON.stringify(info, null, 2)}\n`);
  return target;
}

function main(): void {
  const { values } = parseArgs({
    options: {
      platform: { type: 'string' },
      arch: { type: 'string' },
      'from-source': { type: 'boolean' },
      runtime: { type: 'string' },
      nodedir: { type: 'string' },
      out: { type: 'string' },
    },
  });
  const runtime = values.runtime ?? 'electron';
  if (runtime !== 'electron' && runtime !== 'node') throw new Error(`--runtime: electron eller node, inte ${runtime}`);
  const plan = planNativeBuild({
    projectDir,
    runtime,
    platform: (values.platform ?? process.platform) as NodeJS.Platform,
    arch: values.arch ?? process.arch,
    fromSource: values['from-source'] ?? false,
    outDir: path.resolve(values.out ?? path.join(projectDir, 'build', 'native', runtime)),
    nodedir: values.nodedir,
  });
  process.stdout.write(`${runNativeBuild(plan)}\n`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    main();
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n`);
    process.exitCode = 1;
  }
}
