// A small library synced in-process with the real engine (publish → folder source →
// runSync), for tests of the API service and the HTTP bridge.
import path from 'node:path';
import { publish } from '../../sync/publish/publish.js';
import { loadConfig, type Config } from '../../sync/config/loadConfig.js';
import { runSync } from '../../sync/engine/runSync.js';
import { writeConfig, writeSourceTree, type SourceDoc } from './library.js';
import { tempDir } from './tempDir.js';

export const apiDocs: SourceDoc[] = [
  { rel: 'Hälso- och sjukvård/Akut/Åtgärdskort.txt', content: 'åtgärd\n', id: 'A-1', title: 'Åtgärdskort', version: '1', metadata: { documentType: 'Checklista', unit: 'Akut' } },
  { rel: 'Hälso- och sjukvård/Akutmottagning/Hjärtstopp.txt', content: 'hjärtstopp\n', id: 'A-2', title: 'Hjärtstopp – rutin', version: '7', metadata: { documentType: 'Rutin', unit: 'Akutmottagning', validTo: '2024-01-01', owner: 'Chef' } },
  { rel: 'Hälso- och sjukvård/Akutmottagning/Ärende.txt', content: 'ärende\n', id: 'A-3', title: 'Ärendehantering', version: '2', metadata: { documentType: 'PM', unit: 'Akutmottagning' } },
  { rel: 'Hälso- och sjukvård/Akutmottagning/Sepsis.txt', content: 'sepsis\n', id: 'A-4', title: 'Sepsis – rutin', version: '1', metadata: { documentType: 'Rutin', unit: 'Akutmottagning' } },
  { rel: 'Gemensamt/Zebra.txt', content: 'zebra\n', id: 'A-5', title: 'Zebrarutin', version: '1', metadata: { documentType: 'Rutin', unit: 'Gemensamt' } },
  { rel: 'Gemensamt/Öppettider.txt', content: 'öppet\n', id: 'A-6', title: 'Öppettider', version: '3', metadata: { documentType: 'PM', unit: 'Gemensamt' } },
];

export interface ApiLibrary {
  work: string;
  config: Config;
  source: string;
}

export async function syncedApiLibrary(): Promise<ApiLibrary> {
  const work = tempDir('lita-api-');
  const src = path.join(work, 'src');
  const source = path.join(work, 'pub');
  writeSourceTree(src, apiDocs, { id: 'bib', title: 'Biblioteket' });
  await publish({ sourceDir: src, outDir: source });
  const configPath = writeConfig(work, {
    dataDir: 'data',
    mirrorDir: 'Styrande dokument',
    libraries: [{ id: 'bib', title: 'Biblioteket', source: { type: 'folder', path: 'pub' } }],
  });
  const config = loadConfig(configPath, {});
  const result = await runSync(config, { trigger: 'manual' });
  if (result.exitCode !== 0) throw new Error(`sync failed: ${JSON.stringify(result.outcomes)}`);
  return { work, config, source };
}
