import path from 'node:path';
import { loadConfig } from '../../config/loadConfig.js';
import { runDaemon } from '../../daemon/daemon.js';
import { createFileLogger } from '../../log/logger.js';
import { configOption, str, type Command } from '../command.js';

export const daemonCommand: Command = {
  name: 'daemon',
  summary: 'Synka enligt schemat tills processen stoppas (tjänsteläge)',
  usage: 'daemon [--config PATH]',
  options: { ...configOption },
  positionals: { min: 0, max: 0 },
  async run(args, io) {
    const config = loadConfig(str(args, 'config'), io.env);
    const log = createFileLogger({ dir: path.join(config.dataDir, 'logs'), echo: true });
    const controller = new AbortController();
    const stop = () => controller.abort(new Error('stoppad'));
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    await runDaemon(config, { log, signal: controller.signal });
    return 0;
  },
};
