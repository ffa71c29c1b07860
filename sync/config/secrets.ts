// Credentials for sources (passwords, client secrets): where they may come from and how
// they are kept out of sight. A config never holds a secret itself; it names a file
// (`passwordFile`, `clientSecretFile`) or an environment variable (`passwordEnv`).
//  - A file is read as the service account; on Windows it should be DPAPI-protected
//    (`lita-reserv protect-secret`), elsewhere it must not be readable by other users.
//  - The value comes back wrapped in `Secret`, which prints as *** everywhere (logs, JSON,
//    util.inspect, template strings), so it cannot leak by accident; `reveal()` is the one
//    deliberate way out, used where the credential is put on the wire.
import fs from 'node:fs';
import { inspect } from 'node:util';
import { ConfigError, UserError } from '../errors.js';
import { isDpapiFile, parseDpapiFile, unprotectWithDpapi, type PowerShellRunner } from './dpapi.js';

export const REDACTED = '***';
const MAX_SECRET_FILE_BYTES = 64 * 1024;

export class Secret {
  readonly #value: string;

  constructor(
    value: string,
    /** Where it came from, for messages: "fil C:\…\webdav.pwd" or "miljövariabel LITA_PWD". */
    readonly origin: string,
  ) {
    this.#value = value;
  }

  reveal(): string {
    return this.#value;
  }

  toString(): string {
    return REDACTED;
  }

  toJSON(): string {
    return REDACTED;
  }

  [inspect.custom](): string {
    return `Secret(${REDACTED}, ${this.origin})`;
  }
}

export interface SecretReadOptions {
  platform?: NodeJS.Platform;
  env?: NodeJS.ProcessEnv;
  /** Problems that do not stop the read (a file others can read, no DPAPI on Windows). */
  onWarning?: (message: string) => void;
  /** Refuse a file other users can read instead of warning (doctor uses warnings). */
  strictPermissions?: boolean;
  /** How DPAPI files are decrypted; PowerShell by default. */
  powershell?: PowerShellRunner;
}

/** Where a secret is configured: exactly one of `file` and `env`. `key` names the config field. */
export interface SecretRef {
  file?: string | undefined;
  env?: string | undefined;
  key: string;
}

export async function resolveSecret(ref: SecretRef, opts: SecretReadOptions = {}): Promise<Secret> {
  if (ref.file && ref.env) throw new ConfigError(`${ref.key}: ange antingen en fil eller en miljövariabel, inte båda`);
  if (ref.file) return readSecretFile(ref.file, opts);
  if (ref.env) return readSecretEnv(ref.env, opts.env);
  throw new ConfigError(`${ref.key}: saknas (ange en fil eller en miljövariabel med hemligheten)`);
}

export function readSecretEnv(name: string, env: NodeJS.ProcessEnv = process.env): Secret {
  const value = env[name];
  if (value === undefined) {
    throw new ConfigError(`Miljövariabeln ${name} är inte satt för det konto som kör LITA Reserv. Sätt den för tjänstens konto.`);
  }
  const trimmed = value.trim();
  if (!trimmed) throw new ConfigError(`Miljövariabeln ${name} är tom.`);
  return new Secret(trimmed, `miljövariabel ${name}`);
}

export async function readSecretFile(file: string, opts: SecretReadOptions = {}): Promise<Secret> {
  const platform = opts.platform ?? process.platform;
  const warn = opts.onWarning ?? (() => undefined);
  let st: fs.Stats;
  try {
    st = await fs.promises.stat(file);
  } catch (err) {
    throw new UserError(describeReadError(file, err), 2);
  }
  if (!st.isFile()) throw new UserError(`Hemlighetsfilen ${file} är ingen vanlig fil.`, 2);
  if (st.size > MAX_SECRET_FILE_BYTES) throw new UserError(`Hemlighetsfilen ${file} är för stor för att vara en hemlighet (${st.size} byte).`, 2);

  const permissionProblem = secretFilePermissionProblem(st, file, platform);
  if (permissionProblem) {
    if (opts.strictPermissions) throw new UserError(permissionProblem, 2);
    warn(permissionProblem);
  }
  let text: string;
  try {
    text = await fs.promises.readFile(file, 'utf8');
  } catch (err) {
    throw new UserError(describeReadError(file, err), 2);
  }
  const origin = `fil ${file}`;
  if (isDpapiFile(text)) {
    if (platform !== 'win32') {
      throw new UserError(`${file} är skyddad med Windows DPAPI och kan bara läsas på den Windows-dator där den skapades.`, 2);
    }
    const plain = await unprotectWithDpapi(parseDpapiFile(text, file), file, opts.powershell);
    return new Secret(nonEmpty(stripLineEnd(plain), file), origin);
  }
  if (platform === 'win32') {
    warn(`Hemlighetsfilen ${file} är inte skyddad med DPAPI. Skydda den med "lita-reserv protect-secret --out ${file}".`);
  }
  return new Secret(nonEmpty(stripLineEnd(text.replace(/^\uFEFF/, '')), file), origin);
}

/**
 * On POSIX systems a secret file must not be readable by everyone: a warning (or an error
 * with `strictPermissions`) that says how to fix it. Windows ACLs are not visible through
 * stat; DPAPI protection is what is checked there.
 */
export function secretFilePermissionProblem(st: Pick<fs.Stats, 'mode'>, file: string, platform: NodeJS.Platform = process.platform): string | null {
  if (platform === 'win32') return null;
  const mode = st.mode & 0o777;
  if ((mode & 0o004) === 0) return null;
  return (
    `Hemlighetsfilen ${file} kan läsas av alla användare på datorn (behörighet ${mode.toString(8)}). ` +
    `Begränsa den: chmod 600 ${file} (och chown till tjänstens konto).`
  );
}

/** Replaces every occurrence of the secrets' values in `text` with ***. */
export function redactSecrets(text: string, secrets: Iterable<Secret | string>): string {
  let out = text;
  for (const s of secrets) {
    const value = typeof s === 'string' ? s : s.reveal();
    // Very short values would blank out ordinary words; such a secret is not worth the name anyway.
    if (value.length < 4) continue;
    out = out.split(value).join(REDACTED);
  }
  return out;
}

function stripLineEnd(text: string): string {
  return text.replace(/(\r?\n)+$/, '');
}

function nonEmpty(value: string, file: string): string {
  if (!value.trim()) throw new UserError(`Hemlighetsfilen ${file} är tom.`, 2);
  return value;
}

function describeReadError(file: string, err: unknown): string {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return `Hemlighetsfilen ${file} finns inte.`;
  if (code === 'EACCES' || code === 'EPERM') {
    return `Hemlighetsfilen ${file} går inte att läsa för det här kontot (${code}). Den ska vara läsbar för tjänstens konto.`;
  }
  return `Kan inte läsa hemlighetsfilen ${file} (${code ?? String(err)}).`;
}
