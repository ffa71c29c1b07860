// The document list that the mirror's index.html embeds. Every document row carries its own
// entry of that list (documents.page_entry), written by SQLite in the statement that writes
// the row, so the list is one concatenation: at 50 000 documents, reading every row into
// JavaScript and serialising it cost ~0.4 s of a sync that changed one document, building
// the entries with SQLite's JSON functions on every sync ~0.2 s, joining stored ones ~0.05 s.
import type { Db } from './openDatabase.js';

/** SQL expressions (column names or named parameters) that an entry is built from. */
export interface EntrySources {
  title: string;
  mirrorPath: string;
  version: string;
  metadataJson: string;
}

// A metadata value the page shows as text: a string as it is, a number in its usual
// decimal form, anything else (true, an object, a list) as nothing.
const shownText = (metadataJson: string, key: string) =>
  `CASE json_type(${metadataJson}, '$.${key}')
     WHEN 'text' THEN ${metadataJson} ->> '$.${key}'
     WHEN 'integer' THEN CAST(${metadataJson} ->> '$.${key}' AS TEXT)
     WHEN 'real' THEN CAST(${metadataJson} ->> '$.${key}' AS TEXT)
   END`;

// Inside <script type="application/json"> nothing may end the element or open a comment,
// and the page parses the text with JSON.parse: <, >, & and the two JavaScript line
// separators become \u escapes, which JSON reads back as the same characters.
const forScript = (json: string) =>
  `replace(replace(replace(replace(replace(${json}, '<', '\\u003c'), '>', '\\u003e'), '&', '\\u0026'),
     char(8232), '\\u2028'), char(8233), '\\u2029')`;

/**
 * The SQL expression of one document's entry: a JSON array [title, mirrorPath, documentType,
 * unit, version, validFrom, validTo, owner] as mirror/indexPage.ts reads it, safe inside a
 * script element. A change to it needs a migration that fills the column again.
 */
export function pageEntrySql(s: EntrySources): string {
  const m = s.metadataJson;
  return forScript(
    `json_array(${s.title}, ${s.mirrorPath}, ${shownText(m, 'documentType')}, ${shownText(m, 'unit')}, ${s.version},
       ${shownText(m, 'validFrom')}, ${shownText(m, 'validTo')}, ${shownText(m, 'owner')})`,
  );
}

const COLUMNS: EntrySources = { title: 'title', mirrorPath: 'mirror_path', version: 'version', metadataJson: 'metadata_json' };

/** Writes every row's entry from its columns (the migration that added them). */
export function fillPageEntries(db: Db): void {
  db.exec(`UPDATE documents SET page_entry = ${pageEntrySql(COLUMNS)}`);
}

// A row without an entry (none should exist) is built on the spot rather than left out.
const LIST_SQL = `SELECT CAST('[' || coalesce(group_concat(coalesce(page_entry, ${pageEntrySql(COLUMNS)}), ','), '') || ']' AS BLOB) AS list,
    count(*) AS count
  FROM documents WHERE library_id = ? AND state = 'active'`;

/** The library's active documents as the page's JSON array (UTF-8 bytes). */
export function indexPageList(db: Db, libraryId: string): { json: Buffer; count: number } {
  const row = db.prepare(LIST_SQL).get(libraryId) as { list: Buffer; count: number };
  return { json: row.list, count: row.count };
}
