// Parses a WebDAV 207 Multi-Status answer to PROPFIND into plain entries. Namespace-aware
// (Apache mixes D:, lp1: and g0: prefixes; Nextcloud uses d:, oc:, nc:), values read only
// from 2xx propstats, hrefs resolved against the request URL and percent-decoded segment
// by segment so that servers that escape differently still compare equal.
import { DOMParser, type Element } from '@xmldom/xmldom';

const DAV = 'DAV:';
const OC = 'http://owncloud.org/ns';

export const PROPFIND_BODY = `<?xml version="1.0" encoding="utf-8"?>
<d:propfind xmlns:d="DAV:" xmlns:oc="http://owncloud.org/ns">
  <d:prop>
    <d:resourcetype/><d:getetag/><d:getlastmodified/><d:getcontentlength/><d:getcontenttype/>
    <oc:fileid/><oc:checksums/>
  </d:prop>
</d:propfind>
`;

export interface DavEntry {
  /** The href resolved to an absolute URL, as the server spelled it (for requests). */
  url: string;
  /** Decoded path segments of the URL (no empty segments). */
  segments: string[];
  /** A segment that did not decode (malformed %), kept raw. */
  undecodable: boolean;
  isCollection: boolean;
  /** Status of a member the server could not describe (403…), when it gave no propstat. */
  status: number | null;
  etag: string | null;
  size: number | null;
  lastModified: string | null;
  contentType: string | null;
  /** Nextcloud/ownCloud: an id that survives renames and moves. */
  fileId: string | null;
  /** Nextcloud/ownCloud: "SHA1:… MD5:…" when a client stored checksums. */
  checksums: string | null;
}

export class MultistatusError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MultistatusError';
  }
}

export function parseMultistatus(xml: string, requestUrl: string): DavEntry[] {
  let root: Element | null;
  try {
    const doc = new DOMParser({
      onError: (level, message) => {
        if (level !== 'warning') throw new MultistatusError(message);
      },
    }).parseFromString(xml, 'text/xml');
    root = doc.documentElement;
  } catch (err) {
    throw new MultistatusError(`svaret är inte giltig XML (${(err as Error).message.split('\n')[0]})`);
  }
  if (!root || root.namespaceURI !== DAV || root.localName !== 'multistatus') {
    throw new MultistatusError('svaret är inget WebDAV multistatus-svar');
  }
  return children(root, DAV, 'response').map((response) => toEntry(response, requestUrl));
}

/** A URL's path as decoded names; a segment that is not valid percent-encoding stays as sent. */
export function pathSegments(url: URL): { segments: string[]; undecodable: boolean } {
  let undecodable = false;
  const segments = url.pathname
    .split('/')
    .filter((s) => s !== '')
    .map((s) => {
      try {
        return decodeURIComponent(s);
      } catch {
        undecodable = true;
        return s;
      }
    });
  return { segments, undecodable };
}

function toEntry(response: Element, requestUrl: string): DavEntry {
  const rawHref = text(children(response, DAV, 'href')[0]);
  if (!rawHref) throw new MultistatusError('ett svar saknar href');
  const url = new URL(rawHref, requestUrl);
  const { segments, undecodable } = pathSegments(url);
  const props = new Map<string, Element>();
  for (const propstat of children(response, DAV, 'propstat')) {
    if (!isSuccess(text(children(propstat, DAV, 'status')[0]))) continue;
    for (const prop of children(propstat, DAV, 'prop')) {
      for (const el of elementChildren(prop)) props.set(`${el.namespaceURI ?? ''} ${el.localName}`, el);
    }
  }
  const bareStatus = text(children(response, DAV, 'status')[0]);
  const value = (ns: string, name: string) => text(props.get(`${ns} ${name}`)) || null;
  const resourcetype = props.get(`${DAV} resourcetype`);
  const size = value(DAV, 'getcontentlength');
  const modified = value(DAV, 'getlastmodified');
  const modifiedDate = modified ? new Date(modified) : null;
  const contentType = value(DAV, 'getcontenttype');
  return {
    url: url.toString(),
    segments,
    undecodable,
    isCollection: resourcetype ? children(resourcetype, DAV, 'collection').length > 0 : rawHref.endsWith('/'),
    status: bareStatus && !isSuccess(bareStatus) ? statusCode(bareStatus) : null,
    etag: value(DAV, 'getetag'),
    size: size !== null && /^\d+$/.test(size) ? Number(size) : null,
    lastModified: modifiedDate && !Number.isNaN(modifiedDate.getTime()) ? modifiedDate.toISOString() : null,
    contentType: contentType && contentType !== 'httpd/unix-directory' ? contentType : null,
    fileId: value(OC, 'fileid'),
    checksums: value(OC, 'checksums'),
  };
}

/** An ETag without its weak marker: Apache reports W/"…" for a file changed within the last second. */
export function normalizeEtag(etag: string | null): string | null {
  if (!etag) return null;
  return etag.trim().replace(/^W\//, '');
}

export interface Checksums {
  sha256?: string;
  sha1?: string;
  md5?: string;
}

/** "SHA1:ab… MD5:cd… ADLER32:…" (Nextcloud), case-insensitive; only hex digests are kept. */
export function parseChecksums(value: string | null): Checksums {
  const out: Checksums = {};
  for (const part of (value ?? '').split(/\s+/)) {
    const m = /^(sha256|sha1|md5):([0-9a-f]+)$/i.exec(part);
    if (!m) continue;
    const algorithm = m[1]!.toLowerCase() as keyof Checksums;
    const expectedLength = { sha256: 64, sha1: 40, md5: 32 }[algorithm];
    if (m[2]!.length === expectedLength) out[algorithm] = m[2]!.toLowerCase();
  }
  return out;
}

function isSuccess(status: string): boolean {
  return /^HTTP\/\S+\s+2\d\d/.test(status);
}

function statusCode(status: string): number | null {
  const m = /^HTTP\/\S+\s+(\d{3})/.exec(status);
  return m ? Number(m[1]) : null;
}

function elementChildren(parent: Element): Element[] {
  const out: Element[] = [];
  for (let node = parent.firstChild; node; node = node.nextSibling) if (node.nodeType === 1) out.push(node as Element);
  return out;
}

function children(parent: Element, ns: string, name: string): Element[] {
  return elementChildren(parent).filter((el) => el.namespaceURI === ns && el.localName === name);
}

function text(el: Element | undefined): string {
  return (el?.textContent ?? '').trim();
}
