// The webdav and sharepoint parts of the config contract: validated, unknown keys named,
// secrets only by file or environment variable, relative files resolved against the
// config file's folder.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseConfigText } from '../../sync/config/loadConfig.js';
import { ConfigError } from '../../sync/errors.js';

const configPath = path.resolve('/srv/lita/config.json');
function parse(source: Record<string, unknown>) {
  return parseConfigText(JSON.stringify({ libraries: [{ id: 'lib', title: 'Bibliotek', source }] }), configPath);
}
function problems(source: Record<string, unknown>): string {
  try {
    parse(source);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as Error).message;
  }
  throw new Error('expected a config error');
}

const sharepoint = {
  type: 'sharepoint',
  tenantId: 'contoso.onmicrosoft.com',
  clientId: '11111111-2222-3333-4444-555555555555',
  clientSecretFile: 'secrets/sp.txt',
  site: 'contoso.sharepoint.com:/sites/Ledningssystem',
  library: 'Dokument',
};

describe('webdav source config', () => {
  it('accepts Basic auth with a password file and resolves it against the config folder', () => {
    const lib = parse({ type: 'webdav', url: 'https://dav.example.org/Styrande/', username: 'läsare', passwordFile: 'dav-password.txt' }).libraries[0]!;
    expect(lib.source).toEqual({
      type: 'webdav',
      url: 'https://dav.example.org/Styrande/',
      username: 'läsare',
      passwordFile: path.resolve('/srv/lita/dav-password.txt'),
    });
  });

  it('accepts a password or a bearer token from the environment', () => {
    expect(parse({ type: 'webdav', url: 'https://dav.example.org/', username: 'u', passwordEnv: 'DAV_PASSWORD' }).libraries[0]!.source).toMatchObject({ passwordEnv: 'DAV_PASSWORD' });
    expect(parse({ type: 'webdav', url: 'https://dav.example.org/', bearerTokenEnv: 'DAV_TOKEN' }).libraries[0]!.source).toMatchObject({ bearerTokenEnv: 'DAV_TOKEN' });
  });

  it('names the key when a secret is given in the config itself or twice', () => {
    expect(problems({ type: 'webdav', url: 'https://dav.example.org/', username: 'u', password: 'hemligt' })).toContain('libraries[0].source.password: okänd nyckel');
    expect(problems({ type: 'webdav', url: 'https://dav.example.org/', username: 'u', passwordFile: 'a', passwordEnv: 'B' })).toContain('libraries[0].source.passwordEnv: ange bara ett av passwordFile och passwordEnv');
    expect(problems({ type: 'webdav', url: 'https://dav.example.org/', username: 'u' })).toContain('libraries[0].source.passwordFile: saknas');
    expect(problems({ type: 'webdav', url: 'https://dav.example.org/', passwordEnv: 'X' })).toContain('libraries[0].source.username: saknas');
    expect(problems({ type: 'webdav', url: 'https://dav.example.org/', username: 'u', passwordEnv: 'X', bearerTokenEnv: 'Y' })).toContain('libraries[0].source.bearerTokenFile:');
    expect(problems({ type: 'webdav', url: 'https://dav.example.org/', username: 'u', passwordEnv: 'not a name' })).toContain('libraries[0].source.passwordEnv: måste vara namnet på en miljövariabel');
  });

  it('refuses credentials over plain http except towards this machine', () => {
    expect(problems({ type: 'webdav', url: 'http://dav.example.org/', username: 'u', passwordEnv: 'X' })).toContain('libraries[0].source.url: måste vara en https://-adress');
    expect(parse({ type: 'webdav', url: 'http://127.0.0.1:8088/dav/', username: 'u', passwordEnv: 'X' }).libraries).toHaveLength(1);
    expect(parse({ type: 'webdav', url: 'http://dav.example.org/public/' }).libraries).toHaveLength(1);
  });
});

describe('sharepoint source config', () => {
  it('accepts a client secret file and fills in the global cloud', () => {
    const source = parse(sharepoint).libraries[0]!.source;
    expect(source).toMatchObject({
      clientSecretFile: path.resolve('/srv/lita/secrets/sp.txt'),
      authorityHost: 'https://login.microsoftonline.com',
      graphBaseUrl: 'https://graph.microsoft.com/v1.0',
      assertionAlgorithm: 'PS256',
    });
  });

  it('accepts a certificate, a folder, metadata columns and a national cloud', () => {
    const { clientSecretFile: _drop, ...rest } = sharepoint;
    const source = parse({
      ...rest,
      certificateFile: 'cert.pem',
      privateKeyFile: '/etc/lita/key.pem',
      folder: '/Publicerat',
      metadataColumns: { documentType: 'Dokumenttyp', validFrom: 'Giltig från' },
      authorityHost: 'https://login.microsoftonline.us',
      graphBaseUrl: 'https://graph.microsoft.us/v1.0',
    }).libraries[0]!.source;
    expect(source).toMatchObject({ certificateFile: path.resolve('/srv/lita/cert.pem'), privateKeyFile: path.resolve('/etc/lita/key.pem'), folder: '/Publicerat' });
  });

  it('names the key for every mistake', () => {
    const { clientSecretFile: _drop, ...noSecret } = sharepoint;
    expect(problems(noSecret)).toContain('libraries[0].source.clientSecretFile: saknas');
    expect(problems({ ...noSecret, certificateFile: 'c.pem' })).toContain('libraries[0].source.privateKeyFile: saknas');
    expect(problems({ ...sharepoint, certificateFile: 'c.pem', privateKeyFile: 'k.pem' })).toContain('libraries[0].source.certificateFile: använd antingen');
    expect(problems({ ...sharepoint, clientSecret: 'x' })).toContain('libraries[0].source.clientSecret: okänd nyckel');
    expect(problems({ ...sharepoint, site: 'https://contoso.sharepoint.com/sites/X' })).toContain('libraries[0].source.site: måste ha formen värdnamn:/sökväg');
    expect(problems({ ...sharepoint, folder: 'Publicerat' })).toContain('libraries[0].source.folder: måste börja med /');
    expect(problems({ ...sharepoint, graphBaseUrl: 'http://graph.example.org/v1.0' })).toContain('libraries[0].source.graphBaseUrl: måste vara en https://-adress');
    expect(problems({ ...sharepoint, metadataColumns: { 'bad key': 'X' } })).toContain('libraries[0].source.metadataColumns');
    expect(problems({ ...sharepoint, type: 'onedrive' })).toContain('okänd källtyp (giltiga: manifest, folder, webdav, sharepoint)');
  });
});
