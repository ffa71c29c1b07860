// Reads the secrets a source needs (passwords, tokens, client secrets, private keys) from
// the file or environment variable the config names, at the moment they are needed,
// through the machine-config rules in config/secrets.ts (permission checks, DPAPI). The
// error names the config key and the file or variable, never the secret.
import { UserError, errorMessage } from '../errors.js';
import { readSecretFile } from '../config/secrets.js';

export interface SecretRef {
  file?: string | undefined;
  env?: string | undefined;
  /** The config keys, for messages: ['passwordFile', 'passwordEnv']. */
  keys: [fileKey: string, envKey: string];
  what: string;
}

export async function readSecret(
  ref: SecretRef,
  env: NodeJS.ProcessEnv = process.env,
  onWarning?: (message: string) => void,
): Promise<string> {
  if (ref.file !== undefined) {
    try {
      return (await readSecretFile(ref.file, { env, ...(onWarning ? { onWarning } : {}) })).reveal();
    } catch (err) {
      throw new UserError(`Kan inte läsa ${ref.what} (${ref.keys[0]}): ${errorMessage(err)}`);
    }
  }
  if (ref.env !== undefined) {
    const value = env[ref.env];
    if (value === undefined || value === '') {
      throw new UserError(`Miljövariabeln ${ref.env} (${ref.keys[1]}) är inte satt; den ska innehålla ${ref.what}`);
    }
    return value;
  }
  throw new UserError(`Ingen ${ref.what} är konfigurerad (${ref.keys.join(' eller ')})`);
}

/** A file that is needed but not secret by itself (a certificate): same messages. */
export async function readConfiguredFile(file: string, key: string, what: string): Promise<string> {
  return readSecret({ file, keys: [key, key], what });
}
