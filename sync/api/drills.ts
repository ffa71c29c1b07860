// Drills ("Övningsläge") through the API: this PC's drill history from <dataDir>/drills.json
// (sync/drill), recording a finished or cancelled drill, and the document an exercise asks
// people to find: a real one from the catalog, preferably a routine for IT outages.
import type { Config } from '../config/loadConfig.js';
import type { Catalog } from '../catalog/catalog.js';
import { lastDrillAt, readDrills, recordDrill } from '../drill/drillLog.js';
import type { ApiParsedInput, DrillStatusView, DrillTargetView } from './contract.js';
import { documentKind } from './documentViews.js';

const HISTORY = 20;
/** Titles a drill prefers: the routines people need when the IT systems are down. */
export const DRILL_TITLE = /IT-avbrott|reserv/i;

interface Candidate {
  libraryId: string;
  id: string;
  title: string;
  pathJson: string;
  fileName: string;
  contentType: string | null;
}

const collator = new Intl.Collator('sv', { sensitivity: 'base', numeric: true });

/**
 * The drill's document, best first: a printable one (PDF or Word: the exercise ends with
 * "Skriv ut") whose title names an IT outage or the reserve routines; any printable one;
 * one so named; any at all. Among equals the first in Swedish order, so the same catalog
 * always gives the same exercise.
 */
export function chooseDrillTarget(catalog: Catalog, libraries: readonly { id: string; title: string }[]): DrillTargetView | null {
  const known = new Map(libraries.map((l) => [l.id, l.title]));
  const select = `SELECT library_id AS libraryId, id, title, path_json AS pathJson, file_name AS fileName, content_type AS contentType FROM documents WHERE state = 'active'`;
  // LIKE narrows in SQL (ASCII, case-insensitive); the regex decides.
  const named = catalog.db.prepare(`${select} AND (title LIKE '%IT-avbrott%' OR title LIKE '%reserv%')`).all() as Candidate[];
  const printable = catalog.db
    .prepare(`${select} AND (lower(file_name) LIKE '%.pdf' OR lower(file_name) LIKE '%.docx' OR content_type LIKE 'application/pdf%') ORDER BY title LIMIT 200`)
    .all() as Candidate[];
  const anyAtAll = catalog.db.prepare(`${select} ORDER BY title LIMIT 200`).all() as Candidate[];
  const rank = (c: Candidate) => (documentKind(c.contentType, c.fileName) === 'other' ? 2 : 0) + (DRILL_TITLE.test(c.title) ? 0 : 1);
  const best = [...named, ...printable, ...anyAtAll]
    .filter((c) => known.has(c.libraryId))
    .sort((a, b) => rank(a) - rank(b) || collator.compare(a.title, b.title) || a.id.localeCompare(b.id))[0];
  if (!best) return null;
  return {
    libraryId: best.libraryId,
    id: best.id,
    title: best.title,
    libraryTitle: known.get(best.libraryId)!,
    path: JSON.parse(best.pathJson) as string[],
    kind: documentKind(best.contentType, best.fileName),
  };
}

export function drillStatus(config: Config, catalog: Catalog): DrillStatusView {
  const history = readDrills(config.dataDir)
    .slice()
    .sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0))
    .slice(0, HISTORY)
    .map((d) => ({ at: d.at, completed: d.completed, steps: d.steps, target: d.target ?? null, seconds: d.seconds ?? null }));
  return { lastDrillAt: lastDrillAt(config.dataDir), history, suggestion: chooseDrillTarget(catalog, config.libraries) };
}

export function saveDrill(config: Config, catalog: Catalog, drill: ApiParsedInput<'recordDrill'>, now: Date): DrillStatusView {
  recordDrill(config.dataDir, { at: now.toISOString(), completed: drill.completed, steps: [...drill.steps], target: drill.target, seconds: Math.round(drill.seconds) });
  return drillStatus(config, catalog);
}
