// `daemon`: the headless service mode (Windows scheduled task, systemd unit). Logs go to
// <dataDir>/logs and, for the service manager's journal, to stderr.
import path from 'node:path';
import { loadConfig } from '../../config/loadConfig.js';
import { runDaemon } from '../../daemon/daemon.js';
import { createFileLogger } from '../../log/logger.js';
import { ConfigError } from '../../errors.js';
import { configOption, flag, str, type Command } from '../command.js';

/**
 * Undocumented in --help on purpose: for tests and troubleshooting only (see the IT guide).
 * LITA_RESERV_RETRY_BASE_SECONDS: first pause after a failed sync (default 60 s).
 * LITA_RESERV_INTERVAL_SECONDS: overrides schedule.intervalMinutes.
 */
export function daemonTimingFromEnv(env: NodeJS.ProcessEnv): { retryBaseMs?: number; intervalMs?: number } {
  const seconds = (name: string): number | undefined => {
    const raw = env[name];
    if (raw === undefined || raw === '') return undefined;
    const n = Number(raw);
    if (!Number.isFinite(n) || n <= 0 || n > 86_400) throw new ConfigError(`${name}: ska vara ett antal sekunder (0–86400), inte "${raw}"`);
    return Math.round(n * 1000);
  };
  const retryBaseMs = seconds('LITA_RESERV_RETRY_BASE_SECONDS');
  const intervalMs = seconds('LITA_RESERV_INTERVAL_SECONDS');
  return { ...(retryBaseMs !== undefined ? { retryBaseMs } : {}), ...(intervalMs !== undefined ? { intervalMs } : {}) };
}

export const daemonCommand: Command = {
  name: 'daemon',
  summary: 'Synka enligt schemat tills processen stoppas (tjänsteläge)',
  usage: 'daemon [--wait] [--config PATH]',
  options: { ...configOption, wait: { type: 'boolean' } },
  positionals: { min: 0, max: 0 },
  async run(args, io) {
    const config = loadConfig(str(args, 'config'), io.env);
    const timing = daemonTimingFromEnv(io.env);
    const log = createFileLogger({ dir: path.join(config.dataDir, 'logs'), echo: true });
    const controller = new AbortController();
    const stop = () => controller.abort(new Error('stoppad'));
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    try {
      await runDaemon(config, { log, signal: controller.signal, waitForOtherDaemon: flag(args, 'wait'), ...timing });
    } finally {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
    }
    return 0;
  },
};
