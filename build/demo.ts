// `npm run demo`: shows LITA Reserv working end to end on this machine. Generates the
// bundled sample library, publishes it with the real CLI, mirrors it through a `folder`
// source, and says where the mirror is. Everything lives in one demo folder (default
// <repo>/demo, or env LITA_DEMO_DIR) and running it again changes nothing.
import fs from 'node:fs';
import path from 'node:path';
import { spawn, spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { generateSampleLibrary, SAMPLE_LIBRARY, type GenerateResult } from './sample-library/generate.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const cliPath = path.join(repoRoot, 'bin', 'lita-reserv');

interface DemoPaths {
  root: string;
  source: string;
  published: string;
  config: string;
  data: string;
  mirror: string;
}

class DemoError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
  }
}

function demoPaths(env = process.env): DemoPaths {
  const root = env.LITA_DEMO_DIR ? path.resolve(env.LITA_DEMO_DIR) : path.join(repoRoot, 'demo');
  return {
    root,
    source: path.join(root, 'source'),
    published: path.join(root, 'published'),
    config: path.join(root, 'config.json'),
    data: path.join(root, 'data'),
    mirror: path.join(root, 'Styrande dokument'),
  };
}

/** bin/lita-reserv runs dist/; a fresh clone has it after `npm install` (prepare), but
 *  not if install scripts were skipped. */
function ensureEngineBuilt(): void {
  if (fs.existsSync(path.join(repoRoot, 'dist', 'sync', 'cli', 'run.js'))) return;
  say('Bygger LITA Reserv (dist/ saknas) …');
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  const built = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.node.json'], { cwd: repoRoot, stdio: 'inherit' });
  if (built.status !== 0) throw new DemoError('Bygget misslyckades (se felen ovan). Kör "npm install" och försök igen.');
}

/** Runs the real CLI; its output goes straight to the terminal. */
function runCli(args: string[], what: string): void {
  const result = spawnSync(process.execPath, [cliPath, ...args], { cwd: repoRoot, stdio: 'inherit' });
  if (result.status !== 0) {
    throw new DemoError(`${what} misslyckades (slutkod ${result.status ?? result.signal}). Se meddelandet ovan.`, result.status ?? 1);
  }
}

function runCliJson<T>(args: string[], what: string): T {
  const result = spawnSync(process.execPath, [cliPath, ...args, '--json'], { cwd: repoRoot, encoding: 'utf8' });
  if (result.status !== 0) throw new DemoError(`${what} misslyckades: ${result.stderr.trim() || `slutkod ${result.status}`}`);
  return JSON.parse(result.stdout) as T;
}

/** The demo config. Paths are relative to the config file, so the demo folder can move. */
function writeDemoConfig(demo: DemoPaths): void {
  const config = {
    dataDir: path.relative(demo.root, demo.data),
    mirrorDir: path.relative(demo.root, demo.mirror),
    libraries: [
      { id: SAMPLE_LIBRARY.id, title: SAMPLE_LIBRARY.title, source: { type: 'folder', path: path.relative(demo.root, demo.published) } },
    ],
    schedule: { intervalMinutes: 30 },
    staleAfterHours: 24,
  };
  const text = `${JSON.stringify(config, null, 2)}\n`;
  if (fs.existsSync(demo.config) && fs.readFileSync(demo.config, 'utf8') === text) return;
  fs.writeFileSync(demo.config, text);
}

interface StatusJson {
  libraries: { id: string; title: string; documents: number; lastResult: string; lastError: string | null }[];
  mirrorDir: string;
}

function describeFormats(generated: GenerateResult): string {
  const pdf = generated.documents.filter((d) => d.format === 'pdf').length;
  return `${pdf} PDF, ${generated.documents.length - pdf} DOCX`;
}

async function main(): Promise<void> {
  const demo = demoPaths();
  fs.mkdirSync(demo.root, { recursive: true });
  ensureEngineBuilt();

  say(`1/4 Skapar exempelbiblioteket i ${shown(demo.source)} …`);
  const generated = await generateSampleLibrary(demo.source);
  say(`    ${generated.documents.length} dokument (${describeFormats(generated)}); ${generated.written} filer skrivna, ${generated.unchanged} oförändrade.`);

  say(`2/4 Publicerar det till ${shown(demo.published)} …`);
  runCli(['publish', demo.source, '--out', demo.published, '--prune'], 'Publiceringen');

  say(`3/4 Skriver konfigurationen ${shown(demo.config)} …`);
  writeDemoConfig(demo);

  say('4/4 Synkar till spegelmappen …');
  runCli(['sync', '--config', demo.config], 'Synken');

  const status = runCliJson<StatusJson>(['status', '--config', demo.config], 'Statusfrågan');
  const library = status.libraries.find((l) => l.id === SAMPLE_LIBRARY.id);
  if (!library) throw new DemoError(`Biblioteket ${SAMPLE_LIBRARY.id} saknas i status för ${shown(demo.config)}`);
  say('');
  say('Klart! Exempelbiblioteket är speglat.');
  say(`  Spegelmapp:     ${shown(path.join(status.mirrorDir, SAMPLE_LIBRARY.title))}`);
  say(`  Dokument:       ${library.documents} i biblioteket "${library.title}" (${describeFormats(generated)})`);
  say(`  Konfiguration:  ${shown(demo.config)}`);
  say('  Öppna spegelmappen i Utforskaren eller Finder: den fungerar även utan nätverk och utan appen.');
  await finish(demo);
}

/** The demo's last step, after a successful sync: what to try next. */
async function finish(demo: DemoPaths): Promise<void> {
  const cli = `node ${shown(cliPath)}`;
  const config = `--config ${shown(demo.config)}`;
  const tries: [string, string][] = [
    [`${cli} status ${config}`, 'senaste synk och antal dokument'],
    [`${cli} search hjärtstopp ${config}`, 'sök på ord i titel och metadata'],
    [`${cli} list ${config}`, 'alla speglade dokument med sökväg'],
    ['npm run demo', 'synka igen (ändrar ingenting andra gången)'],
  ];
  const width = Math.max(...tries.map(([command]) => command.length));
  say('');
  say('Prova sedan:');
  for (const [command, what] of tries) say(`  ${command.padEnd(width)}   ${what}`);
  if (process.env.LITA_DEMO_NO_SERVE) return;
  say('');
  say('Startar läsaren i webbläsarläge (bara på den här datorn). Öppna adressen nedan; avsluta med Ctrl+C.');
  await serveUi(demo);
}

/** Runs `lita-reserv serve` in the foreground: it prints the address and serves until stopped. */
function serveUi(demo: DemoPaths): Promise<void> {
  return new Promise((resolve, reject) => {
    const port = process.env.LITA_DEMO_PORT ?? '4780';
    const child = spawn(process.execPath, [cliPath, 'serve', '--port', port, '--config', demo.config], { stdio: 'inherit' });
    const stop = () => child.kill('SIGTERM');
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      if (code && code !== 0 && !signal) reject(new DemoError(`Läsaren kunde inte starta (slutkod ${code}).`, code));
      else resolve();
    });
  });
}

/** A path as the person at the terminal can type it: relative when under the working
 *  folder, quoted when it holds spaces. */
function shown(p: string): string {
  const rel = path.relative(process.cwd(), p);
  const text = rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : p;
  return /\s/.test(text) ? `"${text}"` : text;
}

function say(line: string): void {
  process.stdout.write(`${line}\n`);
}

main().catch((err: unknown) => {
  const message = err instanceof Error ? err.message : String(err);
  process.stderr.write(`\nDemon avbröts: ${message}\n`);
  process.exitCode = err instanceof DemoError ? err.exitCode : 1;
});
