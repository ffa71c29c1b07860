// One backing library per source kind, each changed the way its document system changes:
// files in a folder, a folder published as a manifest behind nginx, files served by a
// real Apache mod_dav, and items in the Graph emulator. The contract suite drives them
// all through the same steps.
import fs from 'node:fs';
import path from 'node:path';
import { publish } from '../../sync/publish/publish.js';
import { startNginx } from '../helpers/nginx.js';
import { shareWithApache, startApacheDav } from '../helpers/apache.js';
import { tempDir } from '../helpers/tempDir.js';
import { GraphEmulator } from '../emulators/graphEmulator.js';

export interface LibraryFixture {
  readonly name: string;
  /** The library's `source` in the config file. */
  readonly source: Record<string, unknown>;
  /** What the cursor is: none (folder), a validator (manifest ETag, WebDAV), a delta link (SharePoint). */
  readonly cursor: 'none' | 'validator' | 'delta';
  /** Does a document keep its id when moved (a move then needs no download)? */
  readonly movesKeepIdentity: boolean;
  /** Names (relative paths) the backing system can hold that are hostile to a Windows mirror. */
  readonly hostileNames: readonly string[];
  write(rel: string, content: string): Promise<void>;
  move(from: string, to: string): Promise<void>;
  remove(rel: string): Promise<void>;
  /** Makes the changes visible to the source (publishing a manifest; nothing elsewhere). */
  publish(): Promise<void>;
  /** Body downloads the server saw since the last call, or null when there is no server. */
  takeBodyDownloads(): number | null;
  /** Makes the server refuse the stored cursor, where the source has that notion. */
  rejectCursor?(): void;
  stop(): Promise<void>;
}

const COMMON_HOSTILE = [
  'Policies & Procedures/Règlement intérieur 100%.txt',
  'Sub Folder/a+b#c.md',
  'Konstigt/CON.txt',
  'Konstigt/a:b?c*.txt',
  'Konstigt/<script>.txt',
  'Konstigt/Re\u0301sume\u0301 NFD.txt',
  'Konstigt/slutar med punkt.',
  'Konstigt/ mellanslag först.txt',
];

/** Files in a plain folder tree (shared by the folder, manifest and WebDAV fixtures). */
class TreeFiles {
  constructor(readonly root: string) {
    fs.mkdirSync(root, { recursive: true });
  }
  full(rel: string): string {
    return path.join(this.root, ...rel.split('/'));
  }
  write(rel: string, content: string): void {
    fs.mkdirSync(path.dirname(this.full(rel)), { recursive: true });
    fs.writeFileSync(this.full(rel), content);
  }
  move(from: string, to: string): void {
    fs.mkdirSync(path.dirname(this.full(to)), { recursive: true });
    fs.renameSync(this.full(from), this.full(to));
    if (fs.existsSync(`${this.full(from)}.meta.json`)) fs.renameSync(`${this.full(from)}.meta.json`, `${this.full(to)}.meta.json`);
  }
  remove(rel: string): void {
    fs.rmSync(this.full(rel), { recursive: true });
    fs.rmSync(`${this.full(rel)}.meta.json`, { force: true });
  }
}

export function folderFixture(): LibraryFixture {
  const files = new TreeFiles(path.join(tempDir('lita-folder-'), 'export'));
  return {
    name: 'folder',
    source: { type: 'folder', path: files.root },
    cursor: 'none',
    movesKeepIdentity: false,
    hostileNames: [...COMMON_HOSTILE, 'Konstigt/Rutin.txt', 'Konstigt/RUTIN.txt'],
    write: async (rel, content) => files.write(rel, content),
    move: async (from, to) => files.move(from, to),
    remove: async (rel) => files.remove(rel),
    publish: async () => undefined,
    takeBodyDownloads: () => null,
    stop: async () => undefined,
  };
}

export async function manifestFixture(nginxBin: string): Promise<LibraryFixture> {
  const work = tempDir('lita-manifest-');
  const files = new TreeFiles(path.join(work, 'src'));
  const out = path.join(work, 'pub');
  fs.mkdirSync(out);
  fs.writeFileSync(path.join(files.root, 'library.json'), JSON.stringify({ id: 'bibliotek', title: 'Styrande' }));
  let nextId = 1;
  let publishes = 0;
  const nginx = await startNginx(nginxBin, out);
  let seen = 0;
  return {
    name: 'manifest',
    source: { type: 'manifest', url: `${nginx.url}/manifest.json` },
    cursor: 'validator',
    movesKeepIdentity: true,
    hostileNames: [...COMMON_HOSTILE, 'Konstigt/Rutin.txt', 'Konstigt/RUTIN.txt'],
    write: async (rel, content) => {
      if (!fs.existsSync(`${files.full(rel)}.meta.json`)) {
        files.write(`${rel}.meta.json`, JSON.stringify({ id: `DOC-${nextId++}` }));
      }
      files.write(rel, content);
    },
    move: async (from, to) => files.move(from, to),
    remove: async (rel) => files.remove(rel),
    publish: async () => {
      await publish({ sourceDir: files.root, outDir: out, prune: true });
      // nginx's ETag is mtime (whole seconds) and size: two publishes within one second with
      // the same manifest size would look unchanged. A real export runs minutes apart.
      const stamp = new Date(Date.UTC(2026, 0, 1) + ++publishes * 1000);
      fs.utimesSync(path.join(out, 'manifest.json'), stamp, stamp);
    },
    takeBodyDownloads: () => {
      const lines = nginx.accessLog();
      const fresh = lines.slice(seen);
      seen = lines.length;
      return fresh.filter((l) => l.startsWith('GET /files/') && / 20[06] /.test(l)).length;
    },
    stop: () => nginx.stop(),
  };
}

export async function webdavFixture(apacheBin: string): Promise<LibraryFixture> {
  const apache = await startApacheDav(apacheBin);
  const files = new TreeFiles(path.join(apache.dataDir, 'Styrande dokument'));
  const secrets = tempDir('lita-dav-secret-');
  fs.writeFileSync(path.join(secrets, 'password.txt'), `${apache.password}\n`);
  let seen = 0;
  const visible = () => shareWithApache(apache.dataDir);
  return {
    name: 'webdav',
    source: {
      type: 'webdav',
      url: `${apache.url}Styrande%20dokument/`,
      username: apache.username,
      passwordFile: path.join(secrets, 'password.txt'),
    },
    cursor: 'validator',
    movesKeepIdentity: false,
    hostileNames: [...COMMON_HOSTILE, 'Konstigt/Rutin.txt', 'Konstigt/RUTIN.txt'],
    write: async (rel, content) => {
      files.write(rel, content);
      visible();
    },
    move: async (from, to) => {
      files.move(from, to);
      visible();
    },
    remove: async (rel) => files.remove(rel),
    publish: async () => undefined,
    takeBodyDownloads: () => {
      const lines = apache.accessLog();
      const fresh = lines.slice(seen);
      seen = lines.length;
      return fresh.filter((l) => l.startsWith('GET ')).length;
    },
    stop: () => apache.stop(),
  };
}

export const SHAREPOINT_APP = {
  tenantId: 'contoso.onmicrosoft.com',
  clientId: '11111111-2222-3333-4444-555555555555',
  clientSecret: 'emulator-secret ~ not real',
  site: { hostname: 'contoso.sharepoint.com', path: '/sites/Ledningssystem' },
  library: 'Dokument',
};

export async function sharepointFixture(): Promise<LibraryFixture & { emulator: GraphEmulator }> {
  const emulator = new GraphEmulator({ ...SHAREPOINT_APP, columns: [] });
  await emulator.start();
  const secrets = tempDir('lita-sp-secret-');
  fs.writeFileSync(path.join(secrets, 'client-secret.txt'), `${SHAREPOINT_APP.clientSecret}\n`);
  let seen = 0;
  return {
    name: 'sharepoint (Graph emulator)',
    emulator,
    source: {
      type: 'sharepoint',
      tenantId: SHAREPOINT_APP.tenantId,
      clientId: SHAREPOINT_APP.clientId,
      clientSecretFile: path.join(secrets, 'client-secret.txt'),
      site: `${SHAREPOINT_APP.site.hostname}:${SHAREPOINT_APP.site.path}`,
      library: SHAREPOINT_APP.library,
      authorityHost: emulator.loginUrl,
      graphBaseUrl: emulator.graphUrl,
    },
    cursor: 'delta',
    movesKeepIdentity: true,
    // SharePoint compares names case-insensitively, so Rutin.txt/RUTIN.txt cannot both exist;
    // the emulator holds names SharePoint itself would refuse, as a hostile server could send.
    hostileNames: [...COMMON_HOSTILE, 'Konstigt/../../utbrytning.txt', 'Konstigt/C:\\Windows\\ond.txt'],
    write: async (rel, content) => void emulator.drive.putFile(rel, content),
    move: async (from, to) => emulator.drive.move(from, to),
    remove: async (rel) => emulator.drive.remove(rel),
    publish: async () => undefined,
    takeBodyDownloads: () => {
      const fresh = emulator.log.slice(seen);
      seen = emulator.log.length;
      return fresh.filter((r) => r.server === 'download').length;
    },
    rejectCursor: () => emulator.invalidateDeltaTokens(),
    stop: () => emulator.stop(),
  };
}
