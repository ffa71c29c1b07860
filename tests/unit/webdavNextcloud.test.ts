// The webdav adapter on Nextcloud-shaped answers: canned PROPFIND XML from a Node server
// on loopback (Nextcloud itself does not run here; Apache covers the real-server tests).
// oc:fileid is the identity, oc:checksums is verified, and a root ETag that did not change
// (Nextcloud propagates folder ETags) confirms an untouched library with one request.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebdavSource } from '../../sync/sources/webdavSource.js';
import { defaultRetryPolicy } from '../../sync/net/retry.js';
import { silentLogger } from '../../sync/log/logger.js';

const BASE = '/remote.php/dav/files/anna/Styrande/';
let rootEtag = '"root-1"';
const requests: string[] = [];
const authorizations: (string | undefined)[] = [];

const response = (href: string, props: string) =>
  `<d:response><d:href>${href}</d:href><d:propstat><d:prop>${props}</d:prop><d:status>HTTP/1.1 200 OK</d:status></d:propstat></d:response>`;
const multistatus = (body: string) =>
  `<?xml version="1.0"?><d:multistatus xmlns:d="DAV:" xmlns:oc="http://owncloud.org/ns" xmlns:nc="http://nextcloud.org/ns">${body}</d:multistatus>`;

const server = http.createServer((req, res) => {
  requests.push(`${req.method} ${decodeURIComponent(req.url ?? '')} ${req.headers.depth}`);
  authorizations.push(req.headers.authorization);
  const root = response(BASE, `<d:resourcetype><d:collection/></d:resourcetype><d:getetag>${rootEtag}</d:getetag><oc:fileid>100</oc:fileid>`);
  let body = root;
  if (req.headers.depth === '1' && req.url === BASE) {
    body += response(`${BASE}Rutin%20A.pdf`, '<d:resourcetype/><d:getetag>"a1"</d:getetag><d:getcontentlength>5</d:getcontentlength><oc:fileid>201</oc:fileid><oc:checksums><oc:checksum>SHA1:a94a8fe5ccb19ba61c4c0873d391e987982fbbd3 MD5:098f6bcd4621d373cade4e832627b4f6</oc:checksum></oc:checksums>');
  }
  res.writeHead(207, { 'content-type': 'application/xml; charset=utf-8' });
  res.end(multistatus(body));
});

describe('webdav source on Nextcloud-shaped answers', () => {
  let source: WebdavSource;
  let url: string;
  const ctx = { libraryId: 'nc', log: silentLogger, timeoutMs: 5000, retry: { ...defaultRetryPolicy, retries: 0 }, userAgent: 'test', state: { get: () => undefined, set: () => undefined } };
  beforeAll(async () => {
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}${BASE}`;
    source = new WebdavSource({ type: 'webdav', url }, ctx);
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it('uses oc:fileid as the id and the stored SHA1 as the source hash', async () => {
    const listing = await source.list(null);
    if (listing.kind !== 'full') throw new Error('expected a full listing');
    expect(listing.documents).toEqual([
      expect.objectContaining({ id: 'fileid:201', fileName: 'Rutin A.pdf', path: [], sourceHash: { algorithm: 'sha1', value: 'a94a8fe5ccb19ba61c4c0873d391e987982fbbd3' } }),
    ]);
    expect(JSON.parse(listing.cursor!)).toEqual({ format: 'webdav/1', root: '"root-1"', propagates: true });

    requests.length = 0;
    expect(await source.list(listing.cursor)).toEqual({ kind: 'unchanged' });
    expect(requests).toEqual([`PROPFIND ${BASE} 0`]);

    rootEtag = '"root-2"';
    requests.length = 0;
    expect((await source.list(listing.cursor)).kind).toBe('full');
    expect(requests).toEqual([`PROPFIND ${BASE} 0`, `PROPFIND ${BASE} 1`]);
  });

  it('sends a bearer token from the environment, and nothing when none is configured', async () => {
    authorizations.length = 0;
    await new WebdavSource({ type: 'webdav', url, bearerTokenEnv: 'NC_TOKEN' }, ctx, { NC_TOKEN: 'abc.def\n' }).probe();
    await source.probe();
    expect(authorizations).toEqual(['Bearer abc.def', undefined]);
  });
});
