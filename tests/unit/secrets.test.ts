// Secrets from files and environment variables: permission checks on real files, DPAPI
// file handling, and that a secret never shows up when printed, logged or serialised.
import fs from 'node:fs';
import path from 'node:path';
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/tempDir.js';
import { runCli } from '../helpers/cli.js';
import { readSecretEnv, readSecretFile, redactSecrets, resolveSecret, Secret } from '../../sync/config/secrets.js';
import { dpapiScript, formatDpapiFile, isDpapiFile, parseDpapiFile, protectWithDpapi, unprotectWithDpapi } from '../../sync/config/dpapi.js';
import { createFileLogger } from '../../sync/log/logger.js';

const PASSWORD = 'Hemligt-lösen0rd!';

function secretFile(content: string, mode = 0o600): string {
  const file = path.join(tempDir(), 'webdav.pwd');
  fs.writeFileSync(file, content, { mode });
  fs.chmodSync(file, mode);
  return file;
}

describe('readSecretFile', () => {
  it('reads a private file, dropping the trailing line end and a BOM', async () => {
    const warnings: string[] = [];
    const s = await readSecretFile(secretFile(`\uFEFF${PASSWORD}\r\n`), { onWarning: (w) => warnings.push(w), platform: 'linux' });
    expect(s.reveal()).toBe(PASSWORD);
    expect(warnings).toEqual([]);
  });

  it('keeps spaces that are part of the secret', async () => {
    const s = await readSecretFile(secretFile(' a b \n'), { platform: 'linux' });
    expect(s.reveal()).toBe(' a b ');
  });

  it('warns when everyone can read the file, and refuses it in strict mode', async () => {
    const file = secretFile(PASSWORD, 0o644);
    const warnings: string[] = [];
    const s = await readSecretFile(file, { onWarning: (w) => warnings.push(w), platform: 'linux' });
    expect(s.reveal()).toBe(PASSWORD);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain(file);
    expect(warnings[0]).toContain('chmod 600');
    expect(warnings[0]).not.toContain(PASSWORD);
    await expect(readSecretFile(file, { strictPermissions: true, platform: 'linux' })).rejects.toThrow(/kan läsas av alla/);
  });

  it('accepts a group-readable file (a service group may need it)', async () => {
    const warnings: string[] = [];
    await readSecretFile(secretFile(PASSWORD, 0o640), { onWarning: (w) => warnings.push(w), platform: 'linux' });
    expect(warnings).toEqual([]);
  });

  it('names the file when it is missing, empty or a folder', async () => {
    const dir = tempDir();
    await expect(readSecretFile(path.join(dir, 'saknas.pwd'))).rejects.toThrow(/saknas\.pwd finns inte/);
    await expect(readSecretFile(secretFile('\n'))).rejects.toThrow(/är tom/);
    await expect(readSecretFile(dir)).rejects.toThrow(/ingen vanlig fil/);
  });

  it('refuses a DPAPI file off Windows with a plain explanation', async () => {
    const file = secretFile(formatDpapiFile({ scope: 'machine', data: 'AQAAANCMnd8BFdERjHoAwE' }));
    await expect(readSecretFile(file, { platform: 'linux' })).rejects.toThrow(/DPAPI och kan bara läsas på den Windows-dator/);
  });

  it('on Windows, decrypts a DPAPI file through PowerShell, the protected data on stdin', async () => {
    const file = secretFile(formatDpapiFile({ scope: 'user', data: '01000000d08c9ddf0115d1118c7a00c04fc297eb' }));
    const calls: { script: string; stdin: string }[] = [];
    // Stands in for powershell.exe, which this machine does not have: returns the base64
    // of the plaintext, as the real unprotect script prints it.
    const fakePowerShell = async (script: string, stdin: string) => {
      calls.push({ script, stdin });
      return Buffer.from(PASSWORD, 'utf8').toString('base64');
    };
    const s = await readSecretFile(file, { platform: 'win32', powershell: fakePowerShell });
    expect(s.reveal()).toBe(PASSWORD);
    expect(calls).toHaveLength(1);
    expect(calls[0]!.stdin).toBe('01000000d08c9ddf0115d1118c7a00c04fc297eb');
    expect(calls[0]!.script).toContain('ConvertTo-SecureString');
  });

  it('on Windows, warns that a plain file is not DPAPI-protected', async () => {
    const warnings: string[] = [];
    await readSecretFile(secretFile(PASSWORD), { platform: 'win32', onWarning: (w) => warnings.push(w) });
    expect(warnings.join()).toMatch(/inte skyddad med DPAPI.*protect-secret/);
  });
});

describe('DPAPI file format and scripts', () => {
  it('round-trips the file format and rejects a damaged one', () => {
    const text = formatDpapiFile({ scope: 'machine', data: 'QUJD' });
    expect(isDpapiFile(text)).toBe(true);
    expect(isDpapiFile(PASSWORD)).toBe(false);
    expect(parseDpapiFile(text, 'f')).toEqual({ scope: 'machine', data: 'QUJD' });
    expect(() => parseDpapiFile('LITA-DPAPI/1 scope=galaxy\nQUJD', 'f.pwd')).toThrow(/f\.pwd .* skadad/);
  });

  it('sends the plaintext only on stdin, base64-encoded, never in the script', async () => {
    let seen: { script: string; stdin: string } | undefined;
    const result = await protectWithDpapi(PASSWORD, 'machine', async (script, stdin) => {
      seen = { script, stdin };
      return 'UFJPVEVDVEVE\r\n';
    });
    expect(result).toEqual({ scope: 'machine', data: 'UFJPVEVDVEVE' });
    expect(seen!.stdin).toBe(Buffer.from(PASSWORD).toString('base64'));
    expect(seen!.script).not.toContain(PASSWORD);
    expect(seen!.script).toContain('DataProtectionScope]::LocalMachine');
    expect(dpapiScript('protect', 'user')).toContain('ConvertFrom-SecureString');
    for (const action of ['protect', 'unprotect'] as const) {
      for (const scope of ['machine', 'user'] as const) expect(dpapiScript(action, scope)).toMatch(/^\$ErrorActionPreference = 'Stop'/);
    }
  });

  it('explains which account can decrypt when DPAPI refuses', async () => {
    const failing = async () => {
      throw new Error('Key not valid for use in specified state.');
    };
    await expect(unprotectWithDpapi({ scope: 'user', data: 'x' }, 'C:\\x.pwd', failing)).rejects.toThrow(/samma användarkonto/);
  });
});

describe('environment variables and references', () => {
  it('reads a variable and names a missing or empty one', () => {
    expect(readSecretEnv('LITA_PWD', { LITA_PWD: `${PASSWORD}\n` }).reveal()).toBe(PASSWORD);
    expect(() => readSecretEnv('LITA_PWD', {})).toThrow(/LITA_PWD är inte satt/);
    expect(() => readSecretEnv('LITA_PWD', { LITA_PWD: ' ' })).toThrow(/LITA_PWD är tom/);
  });

  it('needs exactly one of file and env, naming the config key', async () => {
    await expect(resolveSecret({ key: 'libraries[0].source.passwordFile' })).rejects.toThrow(/libraries\[0\]\.source\.passwordFile: saknas/);
    await expect(resolveSecret({ key: 'k', file: 'a', env: 'B' })).rejects.toThrow(/inte båda/);
    const s = await resolveSecret({ key: 'k', env: 'B' }, { env: { B: 'värde' } });
    expect(s.origin).toBe('miljövariabel B');
  });
});

describe('a Secret never shows itself', () => {
  const s = new Secret(PASSWORD, 'fil x');

  it('prints as *** in strings, JSON and inspect', () => {
    expect(`${s}`).toBe('***');
    expect(JSON.stringify({ password: s, nested: [s] })).not.toContain(PASSWORD);
    expect(inspect({ s })).not.toContain(PASSWORD);
  });

  it('stays out of the log file even under an innocent field name', () => {
    const dir = tempDir();
    const log = createFileLogger({ dir });
    log.info('connecting', { credential: s.reveal(), via: s });
    log.info('server said', { detail: redactSecrets(`401 for user lita with ${PASSWORD}`, [s]) });
    const text = fs.readFileSync(path.join(dir, 'lita-reserv.log'), 'utf8');
    expect(text).not.toContain(PASSWORD);
    expect(text).toContain('401 for user lita with ***');
  });
});

describe('protect-secret command', () => {
  it('writes a file only its owner can read, from stdin, without echoing the secret', async () => {
    const out = path.join(tempDir(), 'hemlig', 'sharepoint.secret');
    const r = await runCliWithStdin(['protect-secret', '--out', out], `${PASSWORD}\n`);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout + r.stderr).not.toContain(PASSWORD);
    expect(fs.statSync(out).mode & 0o777).toBe(0o600);
    expect((await readSecretFile(out)).reveal()).toBe(PASSWORD);

    const again = await runCliWithStdin(['protect-secret', '--out', out], 'annat\n');
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('--force');
    expect((await readSecretFile(out)).reveal()).toBe(PASSWORD);
  });

  it('takes the secret from a named environment variable, and refuses empty input', async () => {
    const out = path.join(tempDir(), 'pwd');
    const r = await runCli(['protect-secret', '--out', out, '--from-env', 'LITA_TEST_SECRET'], { env: { LITA_TEST_SECRET: PASSWORD } });
    expect(r.code, r.stderr).toBe(0);
    expect(fs.readFileSync(out, 'utf8')).toBe(`${PASSWORD}\n`);
    const empty = await runCliWithStdin(['protect-secret', '--out', path.join(tempDir(), 'x')], '\n');
    expect(empty.code).toBe(2);
    expect(empty.stderr).toContain('Ingen hemlighet');
  });

  it('says --scope is a Windows matter here', async () => {
    const r = await runCliWithStdin(['protect-secret', '--out', path.join(tempDir(), 'x'), '--scope', 'user'], 'x\n');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--scope gäller bara Windows');
  });
});

async function runCliWithStdin(args: string[], stdin: string) {
  const { spawn } = await import('node:child_process');
  const { cliPath, repoRoot } = await import('../helpers/cli.js');
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve, reject) => {
    const child = spawn(process.execPath, [cliPath, ...args], { cwd: repoRoot, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.once('error', reject);
    child.once('exit', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(stdin);
  });
}
