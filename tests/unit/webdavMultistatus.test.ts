// PROPFIND answers as other servers than Apache write them: Nextcloud's d:/oc:/nc:
// prefixes with oc:fileid and oc:checksums, absolute-URL hrefs, escapes in either case,
// members the server could not describe, and answers that are not XML at all.
import { describe, expect, it } from 'vitest';
import { normalizeEtag, parseChecksums, parseMultistatus } from '../../sync/sources/webdavMultistatus.js';

const NEXTCLOUD = `<?xml version="1.0"?>
<d:multistatus xmlns:d="DAV:" xmlns:s="http://sabredav.org/ns" xmlns:oc="http://owncloud.org/ns" xmlns:nc="http://nextcloud.org/ns">
 <d:response>
  <d:href>/remote.php/dav/files/anna/Styrande/</d:href>
  <d:propstat><d:prop><d:resourcetype><d:collection/></d:resourcetype><d:getetag>"6564a1b2c3d4e"</d:getetag><oc:fileid>101</oc:fileid></d:prop><d:status>HTTP/1.1 200 OK</d:status></d:propstat>
  <d:propstat><d:prop><d:getcontentlength/><oc:checksums/></d:prop><d:status>HTTP/1.1 404 Not Found</d:status></d:propstat>
 </d:response>
 <d:response>
  <d:href>https://moln.example.org/remote.php/dav/files/anna/Styrande/R%C3%A8glement%20100%25.pdf</d:href>
  <d:propstat><d:prop>
   <d:resourcetype/><d:getetag>W/"abc123"</d:getetag><d:getcontentlength>48213</d:getcontentlength>
   <d:getlastmodified>Fri, 01 Mar 2024 12:00:00 GMT</d:getlastmodified><d:getcontenttype>application/pdf</d:getcontenttype>
   <oc:fileid>202</oc:fileid><oc:checksums><oc:checksum>SHA1:a94a8fe5ccb19ba61c4c0873d391e987982fbbd3 MD5:098f6bcd4621d373cade4e832627b4f6 ADLER32:045d01c1</oc:checksum></oc:checksums>
  </d:prop><d:status>HTTP/1.1 200 OK</d:status></d:propstat>
 </d:response>
 <d:response>
  <d:href>/remote.php/dav/files/anna/Styrande/L%c3%a5st/</d:href>
  <d:status>HTTP/1.1 403 Forbidden</d:status>
 </d:response>
</d:multistatus>`;

describe('parseMultistatus', () => {
  const entries = parseMultistatus(NEXTCLOUD, 'https://moln.example.org/remote.php/dav/files/anna/Styrande/');

  it('reads Nextcloud properties by namespace, not by prefix', () => {
    expect(entries[0]).toMatchObject({ isCollection: true, fileId: '101', size: null, checksums: null, status: null });
    expect(entries[1]).toMatchObject({
      url: 'https://moln.example.org/remote.php/dav/files/anna/Styrande/R%C3%A8glement%20100%25.pdf',
      segments: ['remote.php', 'dav', 'files', 'anna', 'Styrande', 'Règlement 100%.pdf'],
      isCollection: false,
      etag: 'W/"abc123"',
      size: 48213,
      lastModified: '2024-03-01T12:00:00.000Z',
      contentType: 'application/pdf',
      fileId: '202',
    });
  });

  it('decodes escapes of either case to the same name, and keeps members it cannot describe', () => {
    expect(entries[2]).toMatchObject({ segments: ['remote.php', 'dav', 'files', 'anna', 'Styrande', 'Låst'], status: 403, isCollection: true });
  });

  it('refuses what is not a multistatus answer', () => {
    expect(() => parseMultistatus('<html><body>403 Forbidden</body></html>', 'https://x/')).toThrow(/inget WebDAV multistatus-svar/);
    expect(() => parseMultistatus('<d:multistatus xmlns:d="DAV:"><d:response>', 'https://x/')).toThrow(/inte giltig XML|multistatus/);
  });
});

describe('WebDAV validators and checksums', () => {
  it('compares ETags without the weak marker Apache adds to files changed within a second', () => {
    expect(normalizeEtag('W/"b-612981d875000"')).toBe(normalizeEtag('"b-612981d875000"'));
    expect(normalizeEtag(null)).toBeNull();
  });

  it('reads hex digests from oc:checksums case-insensitively and ignores the rest', () => {
    expect(parseChecksums('SHA1:A94A8FE5CCB19BA61C4C0873D391E987982FBBD3 md5:098f6bcd4621d373cade4e832627b4f6 ADLER32:045d01c1')).toEqual({
      sha1: 'a94a8fe5ccb19ba61c4c0873d391e987982fbbd3',
      md5: '098f6bcd4621d373cade4e832627b4f6',
    });
    expect(parseChecksums('SHA256:kort')).toEqual({});
    expect(parseChecksums(null)).toEqual({});
  });
});
