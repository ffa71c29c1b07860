import fs from 'node:fs';
import path from 'node:path';
import { publish } from '../../publish/publish.js';
import { generateKeyPair } from '../../sources/signature.js';
import { UserError } from '../../errors.js';
import { flag, jsonOption, str, type Command } from '../command.js';
import { createProgressBar, progressWanted } from '../progressBar.js';

export const publishCommand: Command = {
  name: 'publish',
  summary: 'Gör ett manifestbibliotek av en mapp',
  usage: 'publish DIR --out DIR [--sign KEYFILE] [--prune] [--json]',
  options: { ...jsonOption, out: { type: 'string' }, sign: { type: 'string' }, prune: { type: 'boolean' }, config: { type: 'string' } },
  positionals: { min: 1, max: 1 },
  async run(args, io) {
    const out = str(args, 'out');
    if (!out) throw new UserError('publish behöver --out DIR', 2);
    const json = flag(args, 'json');
    const bar = createProgressBar(progressWanted(json));
    const result = await publish({
      sourceDir: args.positionals[0]!,
      outDir: out,
      signKeyFile: str(args, 'sign'),
      prune: flag(args, 'prune'),
      onProgress: (d, t) => bar.update(d, t, 'publicerar'),
    });
    bar.done();
    if (json) io.json(result);
    else {
      io.out(`Publicerade ${result.documents} dokument: ${result.manifestPath}${result.signed ? ' (signerat)' : ''}`);
      if (result.pruned > 0) io.out(`Tog bort ${result.pruned} filer som inte längre används.`);
    }
    return 0;
  },
};

export const keygenCommand: Command = {
  name: 'keygen',
  summary: 'Skapa ett Ed25519-nyckelpar för att signera manifest',
  usage: 'keygen --out DIR [--json]',
  options: { ...jsonOption, out: { type: 'string' } },
  positionals: { min: 0, max: 0 },
  async run(args, io) {
    const out = str(args, 'out');
    if (!out) throw new UserError('keygen behöver --out DIR', 2);
    const { privateKeyPem, publicKeyB64 } = generateKeyPair();
    fs.mkdirSync(out, { recursive: true });
    const keyFile = path.resolve(out, 'lita-signing-key.pem');
    const pubFile = path.resolve(out, 'lita-public-key.txt');
    if (fs.existsSync(keyFile)) throw new UserError(`${keyFile} finns redan; skriver inte över en nyckel`, 2);
    fs.writeFileSync(keyFile, privateKeyPem, { mode: 0o600, flag: 'wx' });
    fs.writeFileSync(pubFile, `${publicKeyB64}\n`);
    if (flag(args, 'json')) io.json({ privateKeyFile: keyFile, publicKeyFile: pubFile, publicKey: publicKeyB64 });
    else {
      io.out(`Privat nyckel (håll hemlig): ${keyFile}`);
      io.out(`Publik nyckel (till "publicKey" i konfigurationen): ${publicKeyB64}`);
    }
    return 0;
  },
};
