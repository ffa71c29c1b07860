// Reads the secrets a source needs (passwords, tokens, client secrets, private keys) from
// the file or environment variable the config names, at the moment they are needed. The
// error names the config key and the file or variable, never the secret.
import fs from 'node:fs';
import { UserError } from '../errors.js';

export interface SecretRef {
  file?: string | undefined;
  env?: string | undefined;
  /** The config keys, for messages: ['passwordFile', 'passwordEnv']. */
  keys: [fileKey: string, envKey: string];
  what: string;
}

export function readSecret(ref: SecretRef, env: NodeJS.ProcessEnv = process.env): string {
  if (ref.file !== undefined) {
    let text: string;
    try {
      text = fs.readFileSync(ref.file, 'utf8');
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code ?? 'fel';
      throw new UserError(`Kan inte läsa ${ref.what} från ${ref.file} (${ref.keys[0]}): ${code === 'ENOENT' ? 'filen finns inte' : code}`);
    }
    const value = text.replace(/^\uFEFF/, '').replace(/\r?\n$/, '');
    if (value.trim() === '') throw new UserError(`Filen ${ref.file} (${ref.keys[0]}) är tom; den ska innehålla ${ref.what}`);
    return value;
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
export function readConfiguredFile(file: string, key: string, what: string): string {
  return readSecret({ file, keys: [key, key], what });
}
