// A catalog of tens of thousands of documents, written straight into a real SQLite catalog
// (no files behind them), to show the browser stays quick at the size of a whole region.
import fs from 'node:fs';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { Catalog } from '../../sync/catalog/catalog.js';
import { writeConfig } from './library.js';

export const LARGE_LIBRARY = { id: 'region', title: 'Region Exempel' };

export function largeTitle(i: number): string {
  return `Rutin ${String(i).padStart(5, '0')} – vårdhygien och läkemedel`;
}

/** Writes `count` documents into <work>/data/catalog.sqlite; returns the config path. */
export function writeLargeCatalog(work: string, count: number): string {
  const empty = path.join(work, 'källa');
  fs.mkdirSync(empty, { recursive: true });
  const configPath = writeConfig(work, {
    dataDir: 'data',
    mirrorDir: 'Styrande dokument',
    libraries: [{ ...LARGE_LIBRARY, source: { type: 'folder', path: 'källa' } }],
  });
  const catalog = Catalog.open(path.join(work, 'data'));
  try {
    catalog.ensureLibrary({ ...LARGE_LIBRARY, sourceType: 'folder', sourceKey: `folder:${empty}` });
    const at = new Date().toISOString();
    catalog.transaction(() => {
      for (let i = 1; i <= count; i++) {
        const folder = ['Hälso- och sjukvård', `Förvaltning ${i % 10}`, `Enhet ${i % 200}`];
        const title = largeTitle(i);
        catalog.saveDocument({
          libraryId: LARGE_LIBRARY.id,
          id: `DOC-${i}`,
          title,
          path: folder,
          fileName: `${title}.pdf`,
          version: String(1 + (i % 9)),
          modifiedAt: at,
          contentType: 'application/pdf',
          size: 1000,
          sha256: createHash('sha256').update(String(i)).digest('hex'),
          revision: String(i),
          sourceRef: `${i}.pdf`,
          metadata: { documentType: i % 3 === 0 ? 'Riktlinje' : 'Rutin', unit: `Enhet ${i % 200}` },
          mirrorPath: `${LARGE_LIBRARY.title}/${folder.join('/')}/${title}.pdf`,
          syncedAt: at,
        });
      }
    });
  } finally {
    catalog.close();
  }
  return configPath;
}
