import { loadConfig } from '../../config/loadConfig.js';
import { Catalog } from '../../catalog/catalog.js';
import { MirrorWriter } from '../../mirror/mirrorWriter.js';
import { searchTitles } from '../../search/titleSearch.js';
import { configOption, flag, jsonOption, str, type Command } from '../command.js';

export const searchCommand: Command = {
  name: 'search',
  summary: 'Sök bland dokumenten',
  usage: 'search QUERY [--limit N] [--json] [--config PATH]',
  options: { ...configOption, ...jsonOption, limit: { type: 'string' } },
  positionals: { min: 1, max: 64 },
  async run(args, io) {
    const config = loadConfig(str(args, 'config'), io.env);
    const limit = Number(str(args, 'limit') ?? 20);
    if (!Number.isInteger(limit) || limit < 1 || limit > 1000) {
      io.err('--limit ska vara ett heltal 1–1000');
      return 2;
    }
    const catalog = Catalog.open(config.dataDir);
    const mirror = new MirrorWriter(config.mirrorDir);
    try {
      const hits = searchTitles(catalog, args.positionals.join(' '), limit);
      const results = hits.map(({ doc, snippet }) => ({
        libraryId: doc.libraryId,
        id: doc.id,
        title: doc.title,
        snippet,
        mirrorPath: mirror.resolve(doc.mirrorPath),
      }));
      if (flag(args, 'json')) io.json({ results });
      else if (results.length === 0) io.out('Inga träffar.');
      else for (const r of results) io.out(`${r.title}\n    ${r.mirrorPath}`);
      return 0;
    } finally {
      catalog.close();
    }
  },
};
