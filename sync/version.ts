// The app's version, read from package.json (found upward from this file, so it works
// from the sources, from dist/ and inside the packaged app).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

function findVersion(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 5; i++) {
    const file = path.join(dir, 'package.json');
    try {
      const pkg = JSON.parse(fs.readFileSync(file, 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'lita-reserv' && pkg.version) return pkg.version;
    } catch {
      // keep looking upward
    }
    dir = path.dirname(dir);
  }
  return '0.0.0';
}

export const appVersion = findVersion();
export const userAgent = `LITA-Reserv/${appVersion}`;
