// Where status reports live: a folder (a UNC share every PC can write to) or a WebDAV
// collection (PUT to write, PROPFIND + GET to read). Each PC writes one file, <name>.json,
// replaced whole; readers never see half a report.
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import type { StatusReportConfig } from '../config/schema.js';
import { writeFileAtomic } from '../store/durableFile.js';
import { classifyHttpError, displayUrl, HttpClient, readBody } from '../net/http.js';
import { withRetry, defaultRetryPolicy } from '../net/retry.js';
import { parseMultistatus } from '../sources/webdavMultistatus.js';
import { readSecret } from '../sources/secrets.js';
import { forEachLimited } from '../engine/pool.js';

const MAX_REPORT_BYTES = 1024 * 1024;

export interface StoredReport {
  name: string;
  text: string;
}

export interface ReportTarget {
  readonly location: string;
  write(name: string, json: string): Promise<void>;
  readAll(): Promise<StoredReport[]>;
}

/** A PC name as a file name: letters, digits, dot, dash, underscore. */
export function reportFileName(name: string): string {
  return `${name.normalize('NFC').replace(/[^\p{L}\p{N}._-]+/gu, '_').slice(0, 64) || 'pc'}.json`;
}

export function createReportTarget(cfg: StatusReportConfig, opts: { timeoutMs: number; userAgent: string }): ReportTarget {
  return /^https?:\/\//i.test(cfg.target) ? new DavReportTarget(cfg, opts) : new FolderReportTarget(cfg.target);
}

class FolderReportTarget implements ReportTarget {
  constructor(readonly location: string) {}

  async write(name: string, json: string): Promise<void> {
    await writeFileAtomic(path.join(this.location, reportFileName(name)), json);
  }

  async readAll(): Promise<StoredReport[]> {
    const names = (await fsp.readdir(this.location)).filter((n) => n.endsWith('.json') && !n.startsWith('.'));
    const out: StoredReport[] = [];
    for (const n of names.sort()) {
      const file = path.join(this.location, n);
      const st = await fsp.stat(file).catch(() => null);
      if (!st?.isFile() || st.size > MAX_REPORT_BYTES) continue;
      out.push({ name: n, text: fs.readFileSync(file, 'utf8') });
    }
    return out;
  }
}

class DavReportTarget implements ReportTarget {
  readonly location: string;
  private readonly base: string;
  private client: Promise<HttpClient> | undefined;

  constructor(
    private readonly cfg: StatusReportConfig,
    private readonly opts: { timeoutMs: number; userAgent: string },
  ) {
    this.base = cfg.target.endsWith('/') ? cfg.target : `${cfg.target}/`;
    this.location = displayUrl(this.base);
  }

  /** The password is read when first needed, so a missing one fails only the report. */
  private get http(): Promise<HttpClient> {
    this.client ??= (async () => {
      const headers: Record<string, string> = {};
      const { cfg } = this;
      if (cfg.username !== undefined) {
        const password = await readSecret({ file: cfg.passwordFile, env: cfg.passwordEnv, keys: ['statusReport.passwordFile', 'statusReport.passwordEnv'], what: 'lösenordet för statusrapporterna' });
        headers.authorization = `Basic ${Buffer.from(`${cfg.username}:${password}`).toString('base64')}`;
      }
      return new HttpClient({ timeoutMs: this.opts.timeoutMs, userAgent: this.opts.userAgent, headers });
    })();
    return this.client;
  }

  private retrying<T>(fn: () => Promise<T>): Promise<T> {
    return withRetry(fn, classifyHttpError, { ...defaultRetryPolicy, retries: 2 });
  }

  async write(name: string, json: string): Promise<void> {
    const url = new URL(encodeURIComponent(reportFileName(name)), this.base).toString();
    await this.retrying(async () => {
      const res = await (await this.http).request(url, { method: 'PUT', headers: { 'content-type': 'application/json; charset=utf-8' }, body: json }, [200, 201, 204]);
      res.cancel();
    });
  }

  async readAll(): Promise<StoredReport[]> {
    const xml = await this.retrying(async () => {
      const res = await (await this.http).request(this.base, { method: 'PROPFIND', headers: { depth: '1', 'content-type': 'application/xml' }, body: '<?xml version="1.0"?><d:propfind xmlns:d="DAV:"><d:prop><d:resourcetype/><d:getcontentlength/></d:prop></d:propfind>' }, [207]);
      return (await readBody(res, 32 * 1024 * 1024, 'Listan över statusrapporter')).toString('utf8');
    });
    const entries = parseMultistatus(xml, this.base).filter((e) => !e.isCollection && e.segments.at(-1)?.endsWith('.json') && (e.size ?? 0) <= MAX_REPORT_BYTES);
    const out: StoredReport[] = [];
    await forEachLimited(entries, 4, async (e) => {
      const text = await this.retrying(async () => (await readBody(await (await this.http).request(e.url), MAX_REPORT_BYTES, 'Statusrapporten')).toString('utf8'));
      out.push({ name: e.segments.at(-1)!, text });
    });
    return out.sort((a, b) => a.name.localeCompare(b.name));
  }
}
