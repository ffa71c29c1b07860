// Small tmpfs mounts for the failures root's permissions cannot fake: a read-only volume
// (chmod does not stop root) and a full disk. Unmounted after the test file. Where
// mounting is not allowed the suite skips loudly, except under CI=true, where it fails.
import fs from 'node:fs';
import { execFileSync } from 'node:child_process';
import { afterAll } from 'vitest';

const mounted: string[] = [];

/** Mounts a tmpfs with `options` (e.g. "ro,size=1m") on `dir`; false (after saying why) when not possible. */
export function mountTmpfs(dir: string, options: string): boolean {
  fs.mkdirSync(dir, { recursive: true });
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', options, 'tmpfs', dir], { stdio: 'pipe' });
    mounted.push(dir);
    return true;
  } catch (err) {
    const message = `cannot mount a tmpfs (${options}) here: ${String((err as { stderr?: Buffer }).stderr ?? err).trim()}; the read-only and full-disk checks need root`;
    if (process.env.CI === 'true') throw new Error(`CI: ${message}`);
    console.warn(`\n*** SKIPPING: ${message} ***\n`);
    return false;
  }
}

export function unmount(dir: string): void {
  const i = mounted.indexOf(dir);
  if (i < 0) return;
  execFileSync('umount', [dir], { stdio: 'pipe' });
  mounted.splice(i, 1);
}

/** Writes until the volume is full (ENOSPC). */
export function fillVolume(dir: string): void {
  const chunk = Buffer.alloc(64 * 1024, 1);
  const fd = fs.openSync(`${dir}/filler.bin`, 'w');
  try {
    for (;;) fs.writeSync(fd, chunk);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOSPC') throw err;
  } finally {
    fs.closeSync(fd);
  }
  // Byte-sized leftovers may still fit; take them too.
  try {
    for (;;) fs.appendFileSync(`${dir}/filler.bin`, 'x');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOSPC') throw err;
  }
}

// Registered after tempDir's cleanup hook in files that import tempDir first, so it runs
// before the folders are removed: vitest runs afterAll hooks in reverse order.
afterAll(() => {
  for (const dir of mounted.splice(0).reverse()) {
    try {
      execFileSync('umount', [dir], { stdio: 'pipe' });
    } catch (err) {
      console.warn(`could not unmount ${dir}: ${String(err)}`);
    }
  }
});
