import { loadConfig } from '../../config/loadConfig.js';
import { runSelftest } from '../../engine/selftest.js';
import { UserError } from '../../errors.js';
import { configOption, flag, jsonOption, str, type Command } from '../command.js';

export const selftestCommand: Command = {
  name: 'selftest',
  summary: 'Kontrollera att den här datorn är redo: katalog, färskhet, spegling och ett stickprov av dokument',
  usage: 'selftest [--sample N] [--json] [--config PATH]',
  options: { ...configOption, ...jsonOption, sample: { type: 'string' } },
  positionals: { min: 0, max: 0 },
  async run(args, io) {
    const config = loadConfig(str(args, 'config'), io.env);
    const sample = Number(str(args, 'sample') ?? 10);
    if (!Number.isInteger(sample) || sample < 0 || sample > 1000) throw new UserError('--sample ska vara ett heltal 0–1000', 2);
    const report = await runSelftest(config, { sample });
    if (flag(args, 'json')) io.json(report);
    else {
      for (const c of report.checks) io.out(`${c.ok ? '✓' : '✗'} ${c.title}: ${c.detail}`);
      for (const s of report.sample) io.out(`    ${s.ok ? '✓' : '✗'} ${s.title}: ${s.detail}`);
      io.out(report.ok ? '\nDatorn är redo.' : '\nNågot behöver åtgärdas (se ✗ ovan).');
    }
    return report.ok ? 0 : 1;
  },
};
