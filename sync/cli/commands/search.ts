// `search QUERY`: full-text search over titles, metadata and document text, best first.
// `--json` gives PRODUCT.md's { results: [{ libraryId, id, title, snippet, mirrorPath }] }
// plus documentType, unit and version; in `snippet`, each match is wrapped in «…».
import { loadConfig } from '../../config/loadConfig.js';
import { Catalog } from '../../catalog/catalog.js';
import { MirrorWriter } from '../../mirror/mirrorWriter.js';
import { searchDocuments } from '../../search/searchDocuments.js';
import { configOption, flag, jsonOption, str, type Command } from '../command.js';

export const searchCommand: Command = {
  name: 'search',
  summary: 'Sök i dokumentens titel, metadata och text (träffar markeras «så här»)',
  usage: 'search QUERY [--library ID] [--type DOKUMENTTYP] [--unit ENHET] [--limit N] [--json] [--config PATH]',
  options: {
    ...configOption,
    ...jsonOption,
    limit: { type: 'string' },
    library: { type: 'string' },
    type: { type: 'string' },
    unit: { type: 'string' },
  },
  positionals: { min: 1, max: 64 },
  async run(args, io) {
    const config = loadConfig(str(args, 'config'), io.env);
    const limit = Number(str(args, 'limit') ?? 20);
    if (!Number.isInteger(limit) || limit < 1 || limit > 200) {
      io.err('--limit ska vara ett heltal 1–200');
      return 2;
    }
    const library = str(args, 'library');
    if (library !== undefined && !config.libraries.some((l) => l.id === library)) {
      io.err(`Okänt bibliotek: ${library} (finns: ${config.libraries.map((l) => l.id).join(', ')})`);
      return 2;
    }
    const query = args.positionals.join(' ');
    const catalog = Catalog.open(config.dataDir);
    const mirror = new MirrorWriter(config.mirrorDir);
    try {
      const { hits } = searchDocuments(catalog, query, { libraryId: library, documentType: str(args, 'type'), unit: str(args, 'unit'), limit });
      const results = hits.map((h) => ({
        libraryId: h.libraryId,
        id: h.id,
        title: h.title,
        snippet: h.markedSnippet,
        mirrorPath: mirror.resolve(h.mirrorPath),
        documentType: h.documentType,
        unit: h.unit,
        version: h.version,
      }));
      if (flag(args, 'json')) io.json({ results });
      else if (results.length === 0) io.out(`Inga träffar för "${query}".`);
      else {
        for (const r of results) {
          const about = [r.documentType, r.unit].filter(Boolean).join(' · ');
          io.out(`${r.title}${about ? `  (${about})` : ''}\n    ${r.snippet}\n    ${r.mirrorPath}`);
        }
      }
      return 0;
    } finally {
      catalog.close();
    }
  },
};
