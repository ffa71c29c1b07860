// Windows DPAPI for secret files, through PowerShell (no native module needed). The
// plaintext travels only on stdin/stdout of the PowerShell child, base64-encoded so no
// console code page can mangle it, and never on a command line other processes can see.
//
// File format (UTF-8 text):
//   LITA-DPAPI/1 scope=machine      ← first line: marker and protection scope
//   <protected data>                ← base64 (machine) or ConvertFrom-SecureString output (user)
//
// scope=machine: ProtectedData with LocalMachine scope — any account on this PC can decrypt,
//   so the file's ACL (SYSTEM and Administrators only) is what keeps it private. Works for a
//   service running as SYSTEM while an administrator creates the file.
// scope=user: ConvertFrom-SecureString — only the account that created the file can decrypt
//   it. Use it when the service runs under a dedicated account (create the file as that account).
import { spawn } from 'node:child_process';
import { UserError } from '../errors.js';

export type DpapiScope = 'machine' | 'user';

export const DPAPI_MARKER = 'LITA-DPAPI/1';

export interface ProtectedSecretFile {
  scope: DpapiScope;
  data: string;
}

/** Runs a PowerShell script with `stdin` as input; resolves to stdout. */
export type PowerShellRunner = (script: string, stdin: string) => Promise<string>;

export function isDpapiFile(text: string): boolean {
  return text.replace(/^\uFEFF/, '').startsWith(DPAPI_MARKER);
}

export function parseDpapiFile(text: string, file: string): ProtectedSecretFile {
  const [header = '', ...rest] = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const scope = /^LITA-DPAPI\/1 scope=(machine|user)\s*$/.exec(header)?.[1] as DpapiScope | undefined;
  const data = rest.join('').trim();
  if (!scope || !data) {
    throw new UserError(`${file} ser ut som en DPAPI-skyddad fil men är skadad. Skapa den igen med "lita-reserv protect-secret".`, 2);
  }
  return { scope, data };
}

export function formatDpapiFile(secret: ProtectedSecretFile): string {
  return `${DPAPI_MARKER} scope=${secret.scope}\r\n${secret.data}\r\n`;
}

// A fixed, app-specific entropy: it does not make the data secret, but another program
// calling Unprotect on the blob without it gets nothing.
const ENTROPY = `[Text.Encoding]::UTF8.GetBytes('LITA Reserv secret v1')`;

const SCRIPTS = {
  protect: {
    machine: `
Add-Type -AssemblyName System.Security
$plain = [Convert]::FromBase64String([Console]::In.ReadToEnd().Trim())
$enc = [Security.Cryptography.ProtectedData]::Protect($plain, ${ENTROPY}, [Security.Cryptography.DataProtectionScope]::LocalMachine)
[Console]::Out.Write([Convert]::ToBase64String($enc))`,
    user: `
$plain = [Text.Encoding]::UTF8.GetString([Convert]::FromBase64String([Console]::In.ReadToEnd().Trim()))
$ss = ConvertTo-SecureString -String $plain -AsPlainText -Force
[Console]::Out.Write((ConvertFrom-SecureString -SecureString $ss))`,
  },
  unprotect: {
    machine: `
Add-Type -AssemblyName System.Security
$enc = [Convert]::FromBase64String([Console]::In.ReadToEnd().Trim())
$plain = [Security.Cryptography.ProtectedData]::Unprotect($enc, ${ENTROPY}, [Security.Cryptography.DataProtectionScope]::LocalMachine)
[Console]::Out.Write([Convert]::ToBase64String($plain))`,
    user: `
$ss = ConvertTo-SecureString -String ([Console]::In.ReadToEnd().Trim())
$plain = [Net.NetworkCredential]::new('', $ss).Password
[Console]::Out.Write([Convert]::ToBase64String([Text.Encoding]::UTF8.GetBytes($plain)))`,
  },
} as const;

export function dpapiScript(action: 'protect' | 'unprotect', scope: DpapiScope): string {
  return `$ErrorActionPreference = 'Stop'\n${SCRIPTS[action][scope].trim()}\n`;
}

export async function protectWithDpapi(plain: string, scope: DpapiScope, run: PowerShellRunner = runPowerShell): Promise<ProtectedSecretFile> {
  const input = Buffer.from(plain, 'utf8').toString('base64');
  const data = (await run(dpapiScript('protect', scope), input)).trim();
  if (!data) throw new UserError('PowerShell gav inget skyddat värde tillbaka (DPAPI).');
  return { scope, data };
}

export async function unprotectWithDpapi(secret: ProtectedSecretFile, file: string, run: PowerShellRunner = runPowerShell): Promise<string> {
  let out: string;
  try {
    out = await run(dpapiScript('unprotect', secret.scope), secret.data);
  } catch (err) {
    const who = secret.scope === 'user' ? 'av samma användarkonto som skapade den' : 'på samma dator som skapade den';
    throw new UserError(
      `Kunde inte dekryptera ${file} med DPAPI (${(err as Error).message}). Filen kan bara läsas ${who}; ` +
        `skapa den igen med "lita-reserv protect-secret".`,
    );
  }
  return Buffer.from(out.trim(), 'base64').toString('utf8');
}

/** Windows PowerShell 5.1 is on every supported Windows; the script goes base64 in -EncodedCommand. */
export function runPowerShell(script: string, stdin: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const encoded = Buffer.from(script, 'utf16le').toString('base64');
    const child = spawn('powershell.exe', ['-NoProfile', '-NonInteractive', '-ExecutionPolicy', 'Bypass', '-EncodedCommand', encoded], {
      stdio: ['pipe', 'pipe', 'pipe'],
      windowsHide: true,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString('utf8')));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
    child.once('error', (err) => reject(new Error(`kunde inte starta PowerShell: ${err.message}`)));
    child.once('exit', (code) => {
      if (code === 0) resolve(stdout);
      // PowerShell's error text names the failing call, never the input.
      else reject(new Error(firstLine(stderr) || `PowerShell avslutades med kod ${code}`));
    });
    child.stdin.end(stdin);
  });
}

function firstLine(text: string): string {
  return text.split(/\r?\n/).find((l) => l.trim())?.trim() ?? '';
}
