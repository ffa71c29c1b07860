// Serves the built renderer (dist/renderer) in browser mode. Request paths are untrusted:
// decoded, normalised and checked to stay inside the folder before anything is read.
import fsp from 'node:fs/promises';
import path from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.pfb': 'application/octet-stream',
  '.bcmap': 'application/octet-stream',
  '.map': 'application/json; charset=utf-8',
};

/** The file a URL path names inside `root`, or null for anything that would leave it. */
export function resolveStaticPath(root: string, urlPath: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (decoded.includes('\0') || decoded.includes('\\') || !decoded.startsWith('/')) return null;
  const rel = decoded === '/' ? 'index.html' : decoded.slice(1);
  if (rel.split('/').some((s) => s === '..' || s === '.')) return null;
  const full = path.resolve(root, rel);
  return full.startsWith(path.resolve(root) + path.sep) ? full : null;
}

export async function readStaticFile(root: string, urlPath: string): Promise<{ body: Buffer; type: string } | null> {
  const file = resolveStaticPath(root, urlPath);
  if (!file) return null;
  try {
    const [real, realRoot] = await Promise.all([fsp.realpath(file), fsp.realpath(root)]);
    if (!real.startsWith(realRoot + path.sep)) return null;
    const stat = await fsp.stat(real);
    if (!stat.isFile()) return null;
    return { body: await fsp.readFile(real), type: TYPES[path.extname(real).toLowerCase()] ?? 'application/octet-stream' };
  } catch {
    return null; // missing: answered as 404
  }
}
