import { loadConfig } from '../../config/loadConfig.js';
import { openEngineState } from '../../engine/runSync.js';
import { verifyMirror } from '../../engine/verify.js';
import { acquireLock } from '../../engine/syncLock.js';
import { configOption, flag, jsonOption, str, type Command } from '../command.js';
import { createProgressBar, progressWanted } from '../progressBar.js';

const PROBLEM_TEXT: Record<string, string> = {
  'mirror-missing': 'saknas i speglingen',
  'mirror-modified': 'har ändrats i speglingen',
  'store-missing': 'saknas i lagret',
  'store-corrupt': 'är skadad i lagret',
};

export const verifyCommand: Command = {
  name: 'verify',
  summary: 'Kontrollera speglingen mot katalogen (och laga med --repair)',
  usage: 'verify [--repair] [--json] [--config PATH]',
  options: { ...configOption, ...jsonOption, repair: { type: 'boolean' } },
  positionals: { min: 0, max: 0 },
  async run(args, io) {
    const config = loadConfig(str(args, 'config'), io.env);
    const repair = flag(args, 'repair');
    const json = flag(args, 'json');
    // Repairs write the mirror, so they wait their turn like a sync.
    const release = repair ? acquireLock(config.dataDir, 'verify --repair') : () => undefined;
    const state = openEngineState(config);
    const bar = createProgressBar(progressWanted(json));
    try {
      const report = await verifyMirror(state, { repair, onProgress: (d, t) => bar.update(d, t, 'kontrollerar') });
      bar.done();
      const unrepaired = report.problems.filter((p) => !p.repaired).length + report.catalogProblems.length;
      const exitCode = unrepaired === 0 ? 0 : report.repaired > 0 ? 3 : 1;
      if (json) io.json({ ok: unrepaired === 0, exitCode, ...report });
      else {
        io.out(`${report.checked} dokument kontrollerade, ${report.problems.length} problem, ${report.repaired} lagade.`);
        for (const p of report.catalogProblems) io.out(`  ✗ katalogen: ${p} (flytta undan catalog.sqlite och kör sync för att bygga om den)`);
        for (const p of report.problems) {
          io.out(`  ${p.repaired ? '✓ lagad' : '✗'} ${p.title}: ${PROBLEM_TEXT[p.problem]}${p.note ? ` (${p.note})` : ''}`);
        }
      }
      return exitCode;
    } finally {
      bar.done();
      state.close();
      release();
    }
  },
};
