// `serve [--port N]`: the reader UI in a browser on this computer, for testing and for
// PCs where the desktop app cannot run. Binds 127.0.0.1 only and prints the address with
// its one-time key in the fragment; stops on Ctrl+C (SIGINT) or SIGTERM.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfig } from '../../config/loadConfig.js';
import { createFileLogger } from '../../log/logger.js';
import { UserError, errorMessage } from '../../errors.js';
import { createApiService } from '../../api/service.js';
import { startHttpBridge } from '../../api/httpBridge.js';
import { configOption, str, type Command } from '../command.js';

/** dist/renderer, beside the compiled dist/sync this file runs from. */
export const rendererDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'renderer');

export const serveCommand: Command = {
  name: 'serve',
  summary: 'Visa läsaren i en webbläsare på den här datorn (endast 127.0.0.1)',
  usage: 'serve [--port N] [--config PATH]',
  options: { ...configOption, port: { type: 'string' } },
  positionals: { min: 0, max: 0 },
  async run(args, io) {
    const portText = str(args, 'port') ?? '4780';
    const port = Number(portText);
    if (!/^\d+$/.test(portText) || port > 65535) {
      io.err('--port ska vara ett heltal 0–65535 (0 väljer en ledig port)');
      return 2;
    }
    const config = loadConfig(str(args, 'config'), io.env);
    if (!fs.existsSync(path.join(rendererDir, 'index.html'))) {
      throw new UserError(`Gränssnittet är inte byggt (${rendererDir} saknas). Kör "npm run build" i projektmappen.`, 1);
    }
    const log = createFileLogger({ dir: path.join(config.dataDir, 'logs'), fileName: 'serve.log' });
    const service = createApiService(config);
    let bridge;
    try {
      bridge = await startHttpBridge({
        service,
        staticDir: rendererDir,
        port,
        onInternalError: (what, err) => log.error('serve: unexpected error', { what, error: errorMessage(err) }),
      });
    } catch (err) {
      service.close();
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'EADDRINUSE') throw new UserError(`Port ${port} används redan. Välj en annan med --port N.`, 1);
      throw err;
    }
    io.out(`LITA Reserv visas på ${bridge.url}#token=${bridge.token}`);
    io.out('Öppna adressen i en webbläsare på den här datorn. Stoppa med Ctrl+C.');
    await new Promise<void>((resolve) => {
      process.once('SIGINT', resolve);
      process.once('SIGTERM', resolve);
    });
    await bridge.close();
    service.close();
    return 0;
  },
};
