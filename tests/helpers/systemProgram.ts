// Suites that need a system program (nginx, apache2, chromium) skip with a loud one-line
// reason when it is missing, except under CI=true where a missing program is a failure.
import fs from 'node:fs';
import { execFileSync } from 'node:child_process';

export function findProgram(name: string, candidates: string[] = []): string | null {
  for (const c of candidates) if (fs.existsSync(c)) return c;
  try {
    return execFileSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' }).trim() || null;
  } catch {
    return null;
  }
}

/** The program's path, or null (after saying why) when the suite should skip. */
export function requireProgram(name: string, why: string, candidates: string[] = []): string | null {
  const found = findProgram(name, candidates);
  if (found) return found;
  const message = `${name} is not installed: ${why} (install it, e.g. apt-get install ${name}; .ci/run does)`;
  if (process.env.CI === 'true') throw new Error(`CI: ${message}`);
  console.warn(`\n*** SKIPPING: ${message} ***\n`);
  return null;
}
