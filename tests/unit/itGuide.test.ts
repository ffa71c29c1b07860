// docs/it-guide.md stays in step with what it documents: every config key with its
// default, every installer switch, the service's names and the CLI's commands.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../helpers/cli.js';
import { configSchema } from '../../sync/config/schema.js';
import { commands } from '../../sync/cli/main.js';
import { SYSTEMD_UNIT, WINDOWS_TASK_NAME } from '../../sync/doctor/serviceChecks.js';

const guide = fs.readFileSync(path.join(repoRoot, 'docs', 'it-guide.md'), 'utf8');
const nsh = fs.readFileSync(path.join(repoRoot, 'build', 'installer.nsh'), 'utf8');

describe('docs/it-guide.md', () => {
  it('lists every top-level config key, and the defaults the app applies', () => {
    for (const key of Object.keys(configSchema.shape)) expect(guide, key).toMatch(new RegExp(`\`${key}[\`.]`));
    const defaults = configSchema.parse({ libraries: [{ id: 'a', title: 'A', source: { type: 'folder', path: 'x' } }] });
    const nested: [string, unknown][] = [
      ['dataDir', JSON.stringify(defaults.dataDir)],
      ['mirrorDir', JSON.stringify(defaults.mirrorDir)],
      ['schedule.intervalMinutes', defaults.schedule.intervalMinutes],
      ['safety.maxDeletePercent', defaults.safety.maxDeletePercent],
      ['safety.maxDeleteCount', defaults.safety.maxDeleteCount],
      ['staleAfterHours', defaults.staleAfterHours],
      ['network.timeoutSeconds', defaults.network.timeoutSeconds],
      ['network.retries', defaults.network.retries],
      ['network.concurrency', defaults.network.concurrency],
      ['language', JSON.stringify(defaults.language)],
    ];
    for (const [key, value] of nested) expect(guide, key).toContain(`| \`${key}\` | \`${String(value)}\` |`);
  });

  it('documents every installer and uninstaller switch the NSIS include handles', () => {
    const switches = [...new Set([...nsh.matchAll(/\$\{GetOptions\} \$R0 "(\/[A-Z]+)=?"/g)].map((m) => m[1]!))];
    expect(switches.sort()).toEqual(['/CONFIG', '/NOSERVICE', '/REMOVEDATA']);
    for (const s of switches) expect(guide, s).toContain(s);
  });

  it('names the service as it is registered, and mentions doctor and protect-secret', () => {
    expect(guide).toContain(WINDOWS_TASK_NAME);
    expect(guide).toContain(SYSTEMD_UNIT);
    for (const name of ['doctor', 'protect-secret', 'daemon']) expect(commands.map((c) => c.name)).toContain(name);
    expect(guide).toContain('lita-reserv doctor');
    expect(guide).toContain('protect-secret --out');
    for (const v of ['HTTPS_PROXY', 'HTTP_PROXY', 'NO_PROXY', 'LITA_RESERV_RETRY_BASE_SECONDS', 'LITA_RESERV_INTERVAL_SECONDS']) expect(guide).toContain(v);
  });
});
