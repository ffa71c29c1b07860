// `protect-secret`: writes a credential to a file the config can point at
// (`passwordFile`, `clientSecretFile`). On Windows the file is DPAPI-protected and its ACL
// limited to SYSTEM and Administrators (plus the creating account with --scope user);
// elsewhere it is written readable by its owner only. The secret is read from stdin or a
// hidden prompt, never from the command line, where other processes could see it.
import fs from 'node:fs';
import path from 'node:path';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { UserError } from '../../errors.js';
import { formatDpapiFile, protectWithDpapi, type DpapiScope } from '../../config/dpapi.js';
import { tempPathBeside } from '../../store/durableFile.js';
import { flag, str, type CliIO, type Command } from '../command.js';

// Well-known SIDs, so the ACL is right on every language of Windows ("Administratörer").
const SYSTEM_SID = '*S-1-5-18';
const ADMINISTRATORS_SID = '*S-1-5-32-544';

export const protectSecretCommand: Command = {
  name: 'protect-secret',
  summary: 'Spara ett lösenord eller en klienthemlighet skyddat i en fil (DPAPI på Windows)',
  usage: 'protect-secret --out FIL [--scope machine|user] [--from-env VARIABEL] [--force]',
  options: { out: { type: 'string' }, scope: { type: 'string' }, 'from-env': { type: 'string' }, force: { type: 'boolean' }, config: { type: 'string' } },
  positionals: { min: 0, max: 0 },
  async run(args, io) {
    const outArg = str(args, 'out');
    if (!outArg) throw new UserError('protect-secret behöver --out FIL', 2);
    const out = path.resolve(outArg);
    const scope = parseScope(str(args, 'scope'));
    if (fs.existsSync(out) && !flag(args, 'force')) {
      throw new UserError(`${out} finns redan. Ange --force för att ersätta den.`, 2);
    }
    const secret = await readSecretInput(str(args, 'from-env'), io);
    if (process.platform === 'win32') {
      const protectedFile = await protectWithDpapi(secret, scope ?? 'machine');
      writeNewFile(out, formatDpapiFile(protectedFile), 0o600);
      await restrictWindowsAcl(out, scope ?? 'machine', io.env);
      io.out(`Skrev ${out} (DPAPI, ${scope === 'user' ? 'bara det här användarkontot kan läsa den' : 'läsbar för SYSTEM och administratörer'}).`);
    } else {
      if (scope) throw new UserError('--scope gäller bara Windows (DPAPI). På den här datorn skyddas filen med filbehörigheter.', 2);
      writeNewFile(out, `${secret}\n`, 0o600);
      io.out(`Skrev ${out} (behörighet 600: bara ägaren kan läsa den). Ge den till tjänstens konto med chown om det behövs.`);
    }
    return 0;
  },
};

function parseScope(value: string | undefined): DpapiScope | undefined {
  if (value === undefined) return undefined;
  if (value === 'machine' || value === 'user') return value;
  throw new UserError(`--scope: okänt värde "${value}" (giltiga: machine, user)`, 2);
}

async function readSecretInput(fromEnv: string | undefined, io: CliIO): Promise<string> {
  let value: string;
  if (fromEnv) {
    value = io.env[fromEnv] ?? '';
    if (!value) throw new UserError(`Miljövariabeln ${fromEnv} är inte satt eller tom.`, 2);
  } else if (process.stdin.isTTY) {
    value = await promptHidden('Ange hemligheten (visas inte): ');
  } else {
    value = await readAll(process.stdin);
  }
  value = value.replace(/^\uFEFF/, '').replace(/(\r?\n)+$/, '');
  if (!value.trim()) throw new UserError('Ingen hemlighet angavs (tom indata).', 2);
  return value;
}

async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk));
  return Buffer.concat(chunks).toString('utf8');
}

/** Reads one line from the terminal without echoing it. */
function promptHidden(prompt: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const stdin = process.stdin;
    process.stderr.write(prompt);
    stdin.setRawMode(true);
    stdin.resume();
    stdin.setEncoding('utf8');
    let value = '';
    const finish = (err?: Error) => {
      stdin.setRawMode(false);
      stdin.pause();
      stdin.off('data', onData);
      process.stderr.write('\n');
      if (err) reject(err);
      else resolve(value);
    };
    const onData = (chunk: string) => {
      for (const ch of chunk) {
        if (ch === '\r' || ch === '\n') return finish();
        if (ch === '\u0003') return finish(new UserError('Avbrutet.', 1));
        if (ch === '\u007f' || ch === '\b') value = value.slice(0, -1);
        else value += ch;
      }
    };
    stdin.on('data', onData);
  });
}

/** Written beside the target with its final permissions, then renamed into place. */
function writeNewFile(target: string, content: string, mode: number): void {
  fs.mkdirSync(path.dirname(target), { recursive: true });
  const temp = tempPathBeside(target);
  try {
    fs.writeFileSync(temp, content, { mode, flag: 'wx' });
    fs.chmodSync(temp, mode); // the umask may have taken bits away; never adds any here
    fs.renameSync(temp, target);
  } catch (err) {
    fs.rmSync(temp, { force: true });
    throw new UserError(`Kunde inte skriva ${target}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
}

async function restrictWindowsAcl(file: string, scope: DpapiScope, env: NodeJS.ProcessEnv): Promise<void> {
  const grants = [`${SYSTEM_SID}:(R)`, `${ADMINISTRATORS_SID}:(F)`];
  if (scope === 'user' && env.USERNAME) grants.push(`${env.USERDOMAIN ? `${env.USERDOMAIN}\\` : ''}${env.USERNAME}:(R)`);
  try {
    await promisify(execFile)('icacls', [file, '/inheritance:r', ...grants.flatMap((g) => ['/grant:r', g])], { windowsHide: true });
  } catch (err) {
    throw new UserError(`Filen skrevs men behörigheterna kunde inte begränsas med icacls (${(err as Error).message}). Kontrollera ${file} för hand.`);
  }
}
