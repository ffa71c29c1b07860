// `doctor`: everything IT should know after an install, checked in one go: the config,
// the folders (writable, room), the catalog, every source (reachable, authorised, signed),
// the clock, the freshness of the mirror and the service registration. Exit 0 only when
// everything needed passes; warnings do not fail.
import fs from 'node:fs';
import path from 'node:path';
import { loadConfig, findConfigPath, type Config } from '../config/loadConfig.js';
import { Catalog } from '../catalog/catalog.js';
import { buildStatus, type StatusReport } from '../status/status.js';
import { describeProxy, proxySettingsFromEnv } from '../net/proxy.js';
import { userAgent } from '../version.js';
import { errorMessage, UserError, type ExitCode } from '../errors.js';
import { checkFolderWritable, checkFreeSpace, formatBytes, type FolderToCheck } from './folderChecks.js';
import { checkClock, checkSources } from './sourceChecks.js';
import { checkLastSyncs, checkService, runSystemCommand, type CommandRunner } from './serviceChecks.js';
import { check, type CheckResult, type DoctorReport } from './types.js';

export interface DoctorOptions {
  configPath?: string | undefined;
  env?: NodeJS.ProcessEnv;
  platform?: NodeJS.Platform;
  now?: () => Date;
  runCommand?: CommandRunner;
  signal?: AbortSignal;
}

export async function runDoctor(opts: DoctorOptions = {}): Promise<DoctorReport> {
  const env = opts.env ?? process.env;
  const now = opts.now ?? (() => new Date());
  let config: Config;
  try {
    config = loadConfig(opts.configPath, env);
  } catch (err) {
    if (!(err instanceof UserError)) throw err;
    const configPath = findConfigPath(opts.configPath, env);
    const failed = check('config', 'fail', 'Konfigurationen är giltig', err.message,
      'Rätta det som står ovan (fältet namnges) och kör doctor igen. Alla nycklar beskrivs i config.schema.json och IT-guiden.');
    return report(configPath, [failed], now(), 2);
  }
  const checks: CheckResult[] = [
    check('config', 'ok', 'Konfigurationen är giltig', `${config.configPath}: ${config.libraries.length} bibliotek`),
  ];

  const folders: FolderToCheck[] = [
    { key: 'mirror', name: 'Speglingsmappen', configKey: 'mirrorDir', dir: config.mirrorDir },
    { key: 'data', name: 'Datamappen', configKey: 'dataDir', dir: config.dataDir },
  ];
  const writable = folders.map(checkFolderWritable);
  checks.push(...writable);
  const catalog = readCatalog(config, now());
  if (catalog.check) checks.push(catalog.check);
  for (const folder of folders) checks.push(checkFreeSpace(folder, catalog.libraryBytes));

  checks.push(checkProxy(env));
  const sources = await checkSources(config, { timeoutMs: config.network.timeoutSeconds * 1000, userAgent, signal: opts.signal });
  checks.push(...sources.checks);
  checks.push(checkClock(sources.serverDates, now()));
  checks.push(...checkLastSyncs(catalog.status, config, now()));
  checks.push(await checkService(config, opts.platform ?? process.platform, opts.runCommand ?? runSystemCommand));

  return report(config.configPath, checks, now(), checks.some((c) => c.status === 'fail') ? 1 : 0);
}

function checkProxy(env: NodeJS.ProcessEnv): CheckResult {
  try {
    return check('proxy', 'ok', 'Proxyinställning', describeProxy(proxySettingsFromEnv(env)));
  } catch (err) {
    return check('proxy', 'fail', 'Proxyinställning', errorMessage(err), 'Rätta eller ta bort variabeln; formatet är http://proxy.example.org:8080.');
  }
}

interface CatalogFindings {
  status: StatusReport | null;
  /** Bytes the mirror holds, or null before the first sync. */
  libraryBytes: number | null;
  check?: CheckResult;
}

/** Reads the catalog if there is one; doctor never creates it. */
function readCatalog(config: Config, now: Date): CatalogFindings {
  const file = path.join(config.dataDir, 'catalog.sqlite');
  if (!fs.existsSync(file)) return { status: null, libraryBytes: null };
  let catalog: Catalog | undefined;
  try {
    catalog = Catalog.open(config.dataDir);
    const status = buildStatus(config, catalog, now);
    const libraryBytes = catalog.activeBytes();
    const documents = status.libraries.reduce((n, l) => n + l.documents, 0);
    return { status, libraryBytes, check: check('catalog', 'ok', 'Katalogen går att läsa', `${file}: ${documents} dokument, ${formatBytes(libraryBytes)}`) };
  } catch (err) {
    return {
      status: null,
      libraryBytes: null,
      check: check('catalog', 'fail', 'Katalogen går att läsa', `${file}: ${errorMessage(err)}`,
        'Kontrollera att datamappen går att skriva till och att programmet är senaste versionen; kör sedan "lita-reserv sync".'),
    };
  } finally {
    catalog?.close();
  }
}

function report(configPath: string | null, checks: CheckResult[], now: Date, exitCode: ExitCode): DoctorReport {
  return { ok: exitCode === 0, exitCode, configPath, checkedAt: now.toISOString(), checks };
}
