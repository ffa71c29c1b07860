import { loadConfig } from '../../config/loadConfig.js';
import { Catalog } from '../../catalog/catalog.js';
import { MirrorWriter } from '../../mirror/mirrorWriter.js';
import { describeTextStatus, textStatusKey, textStatuses, type TextStatus } from '../../search/documentText.js';
import { configOption, flag, jsonOption, str, type Command } from '../command.js';

export const listCommand: Command = {
  name: 'list',
  summary: 'Lista de speglade dokumenten',
  usage: 'list [--library ID] [--json] [--config PATH]',
  options: { ...configOption, ...jsonOption, library: { type: 'string' } },
  positionals: { min: 0, max: 0 },
  async run(args, io) {
    const config = loadConfig(str(args, 'config'), io.env);
    const catalog = Catalog.open(config.dataDir);
    const mirror = new MirrorWriter(config.mirrorDir);
    try {
      const library = str(args, 'library');
      const docs = catalog.allActiveDocuments().filter((d) => !library || d.libraryId === library);
      const text = textStatuses(catalog.db, library);
      const textOf = (libraryId: string, id: string): TextStatus | undefined => text.get(textStatusKey(libraryId, id));
      if (flag(args, 'json')) {
        io.json({
          documents: docs.map((d) => ({
            libraryId: d.libraryId,
            id: d.id,
            title: d.title,
            version: d.version,
            sha256: d.sha256,
            mirrorPath: mirror.resolve(d.mirrorPath),
            metadata: d.metadata,
            path: d.path,
            fileName: d.fileName,
            contentType: d.contentType,
            size: d.size,
            modifiedAt: d.modifiedAt,
            searchableText: textOf(d.libraryId, d.id)?.searchable ?? false,
            searchableTextReason: textOf(d.libraryId, d.id)?.reason ?? null,
          })),
        });
      } else {
        for (const d of docs) {
          const status = textOf(d.libraryId, d.id);
          const noText = status && !status.searchable ? `\t${describeTextStatus(status)}` : '';
          io.out(`${d.libraryId}\t${d.id}\t${d.version ?? '-'}\t${d.title}\t${mirror.resolve(d.mirrorPath)}${noText}`);
        }
      }
      return 0;
    } finally {
      catalog.close();
    }
  },
};
