// Finds, reads and validates the config file (PRODUCT.md "Config"): lookup order
// --config, LITA_RESERV_CONFIG, then the machine-wide file; relative paths resolve against
// the config file's folder; every problem names the key it is about.
import fs from 'node:fs';
import path from 'node:path';
import type { z } from 'zod';
import { ConfigError } from '../errors.js';
import { describeIssue } from '../i18n/zodIssues.js';
import { configSchema, SOURCE_TYPES, type LibraryConfig, type ParsedConfig, type SourceConfig } from './schema.js';
import { mirrorFolderKey } from '../mirror/names.js';

export interface Config extends ParsedConfig {
  /** Absolute path of the file this config was read from. */
  configPath: string;
  /** Absolute dataDir and mirrorDir. */
  dataDir: string;
  mirrorDir: string;
  libraries: LibraryConfig[];
}

export function machineConfigPath(platform: NodeJS.Platform = process.platform, env = process.env): string {
  if (platform === 'win32') {
    const programData = env.ProgramData ?? env.PROGRAMDATA ?? 'C:\\ProgramData';
    return path.win32.join(programData, 'LITA Reserv', 'config.json');
  }
  return '/etc/lita-reserv/config.json';
}

export function findConfigPath(explicit: string | undefined, env = process.env): string {
  if (explicit) return path.resolve(explicit);
  if (env.LITA_RESERV_CONFIG) return path.resolve(env.LITA_RESERV_CONFIG);
  return machineConfigPath(process.platform, env);
}

export function loadConfig(explicit?: string, env = process.env): Config {
  const configPath = findConfigPath(explicit, env);
  let text: string;
  try {
    text = fs.readFileSync(configPath, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const how = explicit ? '--config' : env.LITA_RESERV_CONFIG ? 'LITA_RESERV_CONFIG' : 'standardplatsen';
    throw new ConfigError(
      code === 'ENOENT'
        ? `Konfigurationsfilen finns inte: ${configPath} (från ${how}). Ange en med --config SÖKVÄG.`
        : `Kan inte läsa konfigurationsfilen ${configPath}: ${code ?? String(err)}`,
    );
  }
  return parseConfigText(text.replace(/^\uFEFF/, ''), configPath);
}

export function parseConfigText(text: string, configPath: string): Config {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new ConfigError(`Konfigurationsfilen ${configPath} är inte giltig JSON: ${(err as Error).message}`);
  }
  const result = configSchema.safeParse(raw);
  if (!result.success) {
    throw new ConfigError(
      `Fel i konfigurationen ${configPath}:\n${result.error.issues.map((i) => `  - ${describeConfigIssue(i)}`).join('\n')}`,
    );
  }
  const parsed = result.data;
  const base = path.dirname(configPath);
  const config: Config = {
    ...parsed,
    configPath,
    dataDir: resolveFrom(base, parsed.dataDir),
    mirrorDir: resolveFrom(base, parsed.mirrorDir),
    libraries: parsed.libraries.map((lib) => resolveLibraryPaths(base, lib)),
  };
  if (parsed.statusReport) {
    const r = parsed.statusReport;
    config.statusReport = dropUndefined({
      ...r,
      target: /^https?:\/\//i.test(r.target) ? r.target : resolveFrom(base, r.target),
      passwordFile: r.passwordFile === undefined ? undefined : resolveFrom(base, r.passwordFile),
    });
  }
  checkUnique(config);
  return config;
}

function resolveLibraryPaths(base: string, lib: LibraryConfig): LibraryConfig {
  return { ...lib, source: resolveSourcePaths(base, lib.source) };
}

/** Folders and secret files named in a source resolve against the config file's folder. */
function resolveSourcePaths(base: string, source: SourceConfig): SourceConfig {
  const file = (p: string | undefined) => (p === undefined ? undefined : resolveFrom(base, p));
  switch (source.type) {
    case 'folder':
      return { ...source, path: resolveFrom(base, source.path) };
    case 'webdav':
      return dropUndefined({ ...source, passwordFile: file(source.passwordFile), bearerTokenFile: file(source.bearerTokenFile) });
    case 'sharepoint':
      return dropUndefined({
        ...source,
        clientSecretFile: file(source.clientSecretFile),
        certificateFile: file(source.certificateFile),
        privateKeyFile: file(source.privateKeyFile),
      });
    default:
      return source;
  }
}

function dropUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

/** UNC paths (\\server\share or //server/share) and absolute paths are kept as they are. */
export function resolveFrom(base: string, p: string): string {
  if (/^(\\\\|\/\/)/.test(p)) return p;
  return path.resolve(base, p);
}

function checkUnique(config: Config): void {
  const problems: string[] = [];
  const ids = new Map<string, number>();
  const folders = new Map<string, number>();
  config.libraries.forEach((lib, i) => {
    const idKey = lib.id.toLowerCase();
    const prevId = ids.get(idKey);
    if (prevId !== undefined) problems.push(`libraries[${i}].id: "${lib.id}" används redan av libraries[${prevId}]`);
    else ids.set(idKey, i);
    const folderKey = mirrorFolderKey(lib.title);
    const prevTitle = folders.get(folderKey);
    if (prevTitle !== undefined) {
      problems.push(`libraries[${i}].title: "${lib.title}" ger samma mappnamn som libraries[${prevTitle}]`);
    } else folders.set(folderKey, i);
  });
  if (path.resolve(config.dataDir) === path.resolve(config.mirrorDir)) {
    problems.push('mirrorDir: får inte vara samma mapp som dataDir');
  }
  if (problems.length > 0) {
    throw new ConfigError(`Fel i konfigurationen ${config.configPath}:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

/** The config's own hint: a bad `type` lists the source types there are. */
function sourceTypeHint(issue: z.core.$ZodIssue): string | undefined {
  if (issue.path.at(-1) === 'type' || issue.code === 'invalid_union') return `okänd källtyp (giltiga: ${SOURCE_TYPES.join(', ')})`;
  return undefined;
}

export function describeConfigIssue(issue: z.core.$ZodIssue): string {
  return describeIssue(issue, sourceTypeHint);
}
