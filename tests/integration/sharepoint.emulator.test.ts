// The sharepoint source against the Graph EMULATOR (tests/emulators): what the contract
// suite does not cover — the no-op cost, sign-in with a certificate, refused sign-ins and
// grants, throttling, token expiry, fresh download URLs, Office files SharePoint rewrote,
// column metadata and folder scoping. SharePoint Online itself is not reached from tests.
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseConfigText, type Config } from '../../sync/config/loadConfig.js';
import { runSync } from '../../sync/engine/runSync.js';
import { Catalog } from '../../sync/catalog/catalog.js';
import { createFileLogger } from '../../sync/log/logger.js';
import { createSource } from '../../sync/sources/createSource.js';
import { clearTokenCache } from '../../sync/sources/sharepoint/graphAuth.js';
import { defaultRetryPolicy } from '../../sync/net/retry.js';
import { silentLogger } from '../../sync/log/logger.js';
import { GraphEmulator } from '../emulators/graphEmulator.js';
import { SHAREPOINT_APP } from '../contract/fixtures.js';
import { requireProgram } from '../helpers/systemProgram.js';
import { sha256, treeHashes } from '../helpers/library.js';
import { tempDir } from '../helpers/tempDir.js';

const openssl = requireProgram('openssl', 'certificate sign-in tests make a self-signed certificate with it');
const FAST_RETRY = { retries: 3, baseDelayMs: 10, maxDelayMs: 100, maxRetryAfterMs: 10_000 };

describe('sharepoint source against the Graph emulator', () => {
  let emulator: GraphEmulator;
  let work: string;

  const configFor = (source: Record<string, unknown> = {}): Config => {
    fs.writeFileSync(path.join(work, 'secret.txt'), `${SHAREPOINT_APP.clientSecret}\n`);
    return parseConfigText(
      JSON.stringify({
        dataDir: 'data',
        mirrorDir: 'Spegling',
        libraries: [
          {
            id: 'sp',
            title: 'Ledningssystem',
            source: {
              type: 'sharepoint',
              tenantId: SHAREPOINT_APP.tenantId,
              clientId: SHAREPOINT_APP.clientId,
              clientSecretFile: 'secret.txt',
              site: 'contoso.sharepoint.com:/sites/Ledningssystem',
              library: SHAREPOINT_APP.library,
              authorityHost: emulator.loginUrl,
              graphBaseUrl: emulator.graphUrl,
              ...source,
            },
          },
        ],
        network: { timeoutSeconds: 10, retries: 3, concurrency: 2 },
        safety: { maxDeletePercent: 60, maxDeleteCount: 50 },
      }),
      path.join(work, 'config.json'),
    );
  };
  const sync = (config: Config) => runSync(config, { trigger: 'test', retry: FAST_RETRY, log: createFileLogger({ dir: path.join(work, 'logs') }) });
  const logText = () => fs.readFileSync(path.join(work, 'logs', 'lita-reserv.log'), 'utf8');
  const mirrorOf = (config: Config) => treeHashes(path.join(config.mirrorDir, 'Ledningssystem'));
  const probe = (config: Config) =>
    createSource(config.libraries[0]!.source, {
      libraryId: 'sp',
      log: silentLogger,
      timeoutMs: 5000,
      retry: { ...defaultRetryPolicy, retries: 0 },
      userAgent: 'test',
      state: { get: () => undefined, set: () => undefined },
    }).probe();

  beforeEach(async () => {
    clearTokenCache();
    work = tempDir('lita-sp-');
    emulator = new GraphEmulator({
      ...SHAREPOINT_APP,
      columns: [
        { name: 'Title', displayName: 'Rubrik' },
        { name: 'Dokumenttyp', displayName: 'Dokumenttyp' },
        { name: 'Giltig_x0020_fr_x00e5_n', displayName: 'Giltig från' },
        { name: 'Ansvarig', displayName: 'Ansvarig' },
        { name: 'Nyckelord', displayName: 'Nyckelord' },
      ],
    });
    await emulator.start();
    emulator.drive.putFile('Publicerat/Akut/Hjärtstopp.pdf', '%PDF-1.4 hjärtstopp');
    emulator.drive.putFile('Publicerat/Policy.txt', 'policy');
    emulator.drive.putFile('Utkast/Ny rutin.txt', 'utkast');
  });
  afterEach(async () => {
    await emulator.stop();
  });

  it('an unchanged library costs one delta request and downloads nothing', async () => {
    const config = configFor();
    expect((await sync(config)).exitCode).toBe(0);
    const before = emulator.log.length;
    const r = await sync(config);
    expect(r.exitCode).toBe(0);
    expect(r.outcomes[0]!.unchanged).toBe(3);
    const requests = emulator.log.slice(before);
    expect(requests.map((q) => `${q.server} ${q.status}`)).toEqual(['graph 200']);
    expect(requests[0]!.path).toMatch(/\/root\/delta\?.*token=/);
  });

  it('scopes to the configured folder and follows documents moved in and out of it', async () => {
    const config = configFor({ folder: '/publicerat' });
    expect((await sync(config)).exitCode).toBe(0);
    expect([...mirrorOf(config).keys()].sort()).toEqual(['Akut/Hjärtstopp.pdf', 'Policy.txt']);
    emulator.drive.move('Utkast/Ny rutin.txt', 'Publicerat/Akut/Ny rutin.txt');
    emulator.drive.move('Publicerat/Policy.txt', 'Arkiv/Policy.txt');
    const r = await sync(config);
    expect(r.outcomes[0]!.counts).toMatchObject({ added: 1, removed: 1 });
    expect([...mirrorOf(config).keys()].sort()).toEqual(['Akut/Hjärtstopp.pdf', 'Akut/Ny rutin.txt']);
  });

  it('maps SharePoint columns to document metadata, and a column edit needs no download', async () => {
    emulator.drive.setFields('Publicerat/Policy.txt', {
      Title: 'Policy för informationssäkerhet',
      Dokumenttyp: 'Policy',
      Giltig_x0020_fr_x00e5_n: '2026-10-01T00:00:00Z',
      Ansvarig: { LookupId: 12, LookupValue: 'Anna Andersson', Email: 'anna@example.org' },
      Nyckelord: [{ Label: 'IT', TermGuid: 'x' }, { Label: 'Säkerhet', TermGuid: 'y' }],
    });
    const config = configFor({
      folder: '/Publicerat',
      metadataColumns: { title: 'Rubrik', documentType: 'Dokumenttyp', validFrom: 'Giltig från', owner: 'Ansvarig', keywords: 'Nyckelord', approvedBy: 'Finns inte' },
    });
    expect((await sync(config)).exitCode).toBe(0);
    const read = () => {
      const catalog = Catalog.open(config.dataDir);
      try {
        return catalog.activeDocuments('sp').find((d) => d.fileName === 'Policy.txt')!;
      } finally {
        catalog.close();
      }
    };
    expect(read().title).toBe('Policy för informationssäkerhet');
    expect(read().metadata).toEqual({ documentType: 'Policy', validFrom: '2026-10-01T00:00:00Z', owner: 'Anna Andersson', keywords: ['IT', 'Säkerhet'], approvedBy: null });
    expect(logText()).toContain('SharePoint column not found');

    emulator.drive.setFields('Publicerat/Policy.txt', { Dokumenttyp: 'Riktlinje' });
    const downloadsBefore = emulator.requests('download').length;
    const r = await sync(config);
    expect(r.outcomes[0]!.counts).toMatchObject({ metadataUpdated: 1, updated: 0, bytesDownloaded: 0 });
    expect(emulator.requests('download').length).toBe(downloadsBefore);
    expect(read().metadata.documentType).toBe('Riktlinje');
  });

  it('waits out 429 and 503 with Retry-After before asking again', async () => {
    const config = configFor();
    emulator.throttleNext(2, 429, '1');
    const started = Date.now();
    expect((await sync(config)).exitCode).toBe(0);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1900);
    const statuses = emulator.requests('graph').map((q) => q.status);
    expect(statuses.slice(0, 3)).toEqual([429, 429, 200]);

    emulator.drive.putFile('Publicerat/Ny.txt', 'ny');
    emulator.throttleNext(1, 503, '1');
    const r = await sync(config);
    expect(r.exitCode).toBe(0);
    expect(r.outcomes[0]!.counts.added).toBe(1);
  });

  it('signs in again once when Graph says the token has expired', async () => {
    const config = configFor();
    expect((await sync(config)).exitCode).toBe(0);
    emulator.expireAccessTokens();
    emulator.drive.putFile('Publicerat/Efter.txt', 'efter');
    const logins = emulator.requests('login').length;
    const r = await sync(config);
    expect(r.exitCode).toBe(0);
    expect(emulator.requests('login').length).toBe(logins + 1);
  });

  it('keeps a token until five minutes before it expires', async () => {
    const config = configFor();
    await sync(config);
    await sync(config);
    expect(emulator.requests('login')).toHaveLength(1);
    clearTokenCache();
    emulator.tokenLifetimeSeconds = 240;
    await sync(config);
    await sync(config);
    expect(emulator.requests('login')).toHaveLength(3);
  });

  it('downloads through a fresh pre-authenticated URL each time, never sending the token there', async () => {
    // URLs live 300 ms here; the engine starts downloading 400 ms after the listing, so a
    // URL taken from the listing would have expired.
    emulator.downloadUrlTtlMs = 300;
    const config = configFor();
    const r = await runSync(config, {
      trigger: 'test',
      retry: { ...FAST_RETRY, retries: 0 },
      createSource: (lib, ctx) => {
        const source = createSource(lib.source, ctx);
        return { ...source, type: source.type, location: source.location, probe: () => source.probe(), open: (d, o) => source.open(d, o),
          list: async (c) => { const l = await source.list(c); await new Promise((w) => setTimeout(w, 400)); return l; } };
      },
    });
    expect(r.outcomes[0]!.error).toBeNull();
    const downloads = emulator.requests('download');
    expect(downloads.map((d) => [d.status, d.authorization])).toEqual([[200, false], [200, false], [200, false]]);
    expect(emulator.requests('graph').filter((q) => q.path.endsWith('/content')).map((q) => q.status)).toEqual([302, 302, 302]);

    // The emulator's URLs really expire.
    const url = emulator.mintDownloadUrl(emulator.drive.at('Publicerat/Policy.txt').id);
    expect((await fetch(url)).status).toBe(200);
    await new Promise((w) => setTimeout(w, 350));
    expect((await fetch(url)).status).toBe(401);
  });

  it('keeps an Office file SharePoint rewrote after upload, with a warning instead of a failure', async () => {
    emulator.officeRewrite = true;
    emulator.drive.putFile('Publicerat/Rutin.docx', 'PK\u0003\u0004 docx-innehåll');
    const config = configFor();
    const r = await sync(config);
    expect(r.exitCode).toBe(0);
    expect(r.outcomes[0]!.counts.added).toBe(4);
    const rewritten = Buffer.concat([Buffer.from('PK\u0003\u0004 docx-innehåll'), Buffer.from('<!-- promoted properties -->')]);
    expect(mirrorOf(config).get('Publicerat/Rutin.docx')).toBe(sha256(rewritten));
    expect(logText()).toMatch(/content accepted with warning.*quickXorHash stämmer inte/);
    // The rewritten copy is kept: the next run downloads nothing.
    const downloads = emulator.requests('download').length;
    expect((await sync(config)).outcomes[0]!.counts.bytesDownloaded).toBe(0);
    expect(emulator.requests('download').length).toBe(downloads);
  });

  it('refuses a PDF whose bytes do not match its quickXorHash', async () => {
    emulator.officeRewrite = true;
    const item = emulator.drive.putFile('Publicerat/Falsk.pdf', '%PDF riktig');
    const config = configFor();
    // The server changes the bytes behind the reported hash, which only an Office file may do.
    const realContent = item.content;
    const originalHash = emulator.drive.quickXorHash.bind(emulator.drive);
    emulator.drive.quickXorHash = (c: Buffer) => (c === realContent ? originalHash(Buffer.from('%PDF annan')) : originalHash(c));
    const r = await sync(config);
    expect(r.exitCode).toBe(3);
    expect(r.outcomes[0]!.failures).toEqual([expect.objectContaining({ title: 'Falsk', reason: expect.stringContaining('quickXorHash') })]);
    expect(mirrorOf(config).has('Publicerat/Falsk.pdf')).toBe(false);
  });

  it('reports a wrong secret and a missing site grant plainly, without the secret', async () => {
    const config = configFor();
    fs.writeFileSync(path.join(work, 'secret.txt'), 'fel-hemlighet');
    const r = await sync(config);
    expect(r.exitCode).toBe(1);
    expect(r.outcomes[0]!.error).toMatch(/Inloggningen .* nekades \(invalid_client: AADSTS7000215/);
    expect(r.outcomes[0]!.error).not.toContain('fel-hemlighet');
    expect(await probe(config)).toMatchObject({ reachable: true, authorised: false });

    fs.writeFileSync(path.join(work, 'secret.txt'), SHAREPOINT_APP.clientSecret);
    emulator.grants.clear();
    clearTokenCache();
    const denied = await sync(config);
    expect(denied.exitCode).toBe(1);
    expect(denied.outcomes[0]!.error).toContain('Sites.Selected');
    expect(await probe(config)).toMatchObject({ reachable: true, authorised: false });
    emulator.grants.add(SHAREPOINT_APP.clientId);
    expect(await probe(config)).toEqual({ reachable: true, authorised: true, message: null });
  });

  it('names a library that does not exist and lists the ones that do', async () => {
    const r = await sync(configFor({ library: 'Styrdokument' }));
    expect(r.outcomes[0]!.error).toContain('Biblioteket "Styrdokument" finns inte');
    expect(r.outcomes[0]!.error).toContain('Webbplatsresurser, Dokument');
  });

  it.skipIf(!openssl).each(['PS256', 'RS256'] as const)('signs in with a certificate assertion (%s)', async (alg) => {
    const certFile = path.join(work, 'cert.pem');
    const keyFile = path.join(work, 'key.pem');
    execFileSync(openssl!, ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', keyFile, '-out', certFile, '-days', '2', '-subj', '/CN=LITA Reserv test'], { stdio: 'ignore' });
    await emulator.stop();
    emulator = new GraphEmulator({ ...SHAREPOINT_APP, clientSecret: undefined, certificatePem: fs.readFileSync(certFile, 'utf8') });
    await emulator.start();
    emulator.drive.putFile('Publicerat/Policy.txt', 'policy');
    const config = configFor({ clientSecretFile: undefined, certificateFile: 'cert.pem', privateKeyFile: 'key.pem', assertionAlgorithm: alg });
    const r = await sync(config);
    expect(r.outcomes[0]!.error).toBeNull();
    expect(mirrorOf(config).get('Publicerat/Policy.txt')).toBe(sha256('policy'));
    expect(emulator.requests('login').map((q) => q.status)).toEqual([200]);
  });
});
