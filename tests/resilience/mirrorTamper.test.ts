// A mirror file edited or deleted by a user: restored from the content store with no
// network, by the running daemon within seconds, or by `verify --repair` otherwise.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { recordReliability } from '../helpers/reliabilityLog.js';
import { runCli, startCli } from '../helpers/cli.js';
import { sha256, treeHashes, writeConfig } from '../helpers/library.js';
import { tempDir } from '../helpers/tempDir.js';

async function until(check: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

function folderLibrary() {
  const work = tempDir();
  const share = path.join(work, 'share');
  fs.mkdirSync(path.join(share, 'Akut'), { recursive: true });
  fs.writeFileSync(path.join(share, 'Akut', 'Hjärtstopp.txt'), 'HLR-rutin\n');
  fs.writeFileSync(path.join(share, 'Akut', 'Sepsis.txt'), 'Sepsisrutin\n');
  const config = writeConfig(work, { libraries: [{ id: 'akut', title: 'Akut', source: { type: 'folder', path: 'share' } }] });
  return { work, share, config, lib: path.join(work, 'Styrande dokument', 'Akut') };
}

describe('mirror files changed by a user', () => {
  it('the running daemon restores an edited and a deleted file from the store', async () => {
    const { share, config, lib } = folderLibrary();
    const daemon = startCli(['daemon', '--config', config]);
    try {
      const edited = path.join(lib, 'Akut', 'Hjärtstopp.txt');
      const deleted = path.join(lib, 'Akut', 'Sepsis.txt');
      await until(() => fs.existsSync(edited) && fs.existsSync(deleted), 20_000, 'the first sync');
      await new Promise((r) => setTimeout(r, 1500)); // let the watcher settle
      fs.rmSync(share, { recursive: true }); // and the source is gone: only the store can help

      fs.writeFileSync(edited, 'någon skrev över rutinen');
      fs.rmSync(deleted);
      await until(
        () => fs.existsSync(deleted) && fs.readFileSync(edited, 'utf8') === 'HLR-rutin\n' && fs.readFileSync(deleted, 'utf8') === 'Sepsisrutin\n',
        15_000,
        'the daemon to restore both files',
      );
      expect(sha256(fs.readFileSync(edited))).toBe(sha256('HLR-rutin\n'));
    } catch (err) {
      daemon.child.kill('SIGKILL');
      throw new Error(`${(err as Error).message}\n--- daemon log ---\n${(await daemon.done).stderr}`);
    }
    daemon.child.kill('SIGTERM');
    const hang = setTimeout(() => daemon.child.kill('SIGKILL'), 10_000);
    const ended = await daemon.done;
    clearTimeout(hang);
    expect(ended.signal, `the daemon did not stop on SIGTERM:\n${ended.stderr}`).toBeNull();
    expect(ended.code, ended.stderr).toBe(0);
    expect(ended.stderr).toMatch(/mirror file changed outside the app/);
    recordReliability({ area: 'mirror', fault: 'A mirror file edited and another deleted while the daemon runs (source offline)', userSaw: 'Both restored within seconds; a warning in the log', lost: 'nothing' });
  });

  it('verify --repair restores them when no daemon runs, offline', async () => {
    const { share, config, lib } = folderLibrary();
    expect((await runCli(['sync', '--config', config])).code).toBe(0);
    const good = treeHashes(lib);
    fs.rmSync(share, { recursive: true });
    fs.writeFileSync(path.join(lib, 'Akut', 'Sepsis.txt'), 'x');
    fs.rmSync(path.join(lib, 'Akut', 'Hjärtstopp.txt'));
    const check = await runCli(['verify', '--config', config]);
    expect(check.code).toBe(1);
    expect(check.stdout).toMatch(/har ändrats i speglingen/);
    expect((await runCli(['verify', '--repair', '--config', config])).code).toBe(0);
    expect(treeHashes(lib)).toEqual(good);
    recordReliability({ area: 'mirror', fault: 'A mirror file edited and another deleted, no daemon, source offline', userSaw: '`verify` exit 1 naming both; `verify --repair` restored them (exit 0)', lost: 'nothing' });
  });
});
