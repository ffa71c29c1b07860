// Search over titles and metadata, case- and diacritic-insensitive ("hjartstopp" finds
// "Hjärtstopp"), substring so a fragment inside a compound word matches.
import type { Catalog } from '../catalog/catalog.js';
import type { DocumentRecord } from '../model.js';

export interface SearchHit {
  libraryId: string;
  id: string;
  title: string;
  snippet: string;
  mirrorPath: string;
}

export function fold(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLocaleLowerCase('sv-SE');
}

function haystack(d: DocumentRecord): string {
  const meta = Object.values(d.metadata)
    .flat()
    .filter((v) => typeof v === 'string')
    .join(' ');
  return fold(`${d.title} ${d.path.join(' ')} ${meta}`);
}

export function searchTitles(catalog: Catalog, query: string, limit = 50): { doc: DocumentRecord; snippet: string }[] {
  const terms = fold(query).split(/\s+/).filter(Boolean);
  if (terms.length === 0) return [];
  const scored: { doc: DocumentRecord; score: number }[] = [];
  for (const doc of catalog.allActiveDocuments()) {
    const text = haystack(doc);
    if (!terms.every((t) => text.includes(t))) continue;
    const title = fold(doc.title);
    const score = terms.reduce((s, t) => s + (title.startsWith(t) ? 3 : title.includes(t) ? 2 : 0), 0);
    scored.push({ doc, score });
  }
  scored.sort((a, b) => b.score - a.score || a.doc.title.localeCompare(b.doc.title, 'sv'));
  return scored.slice(0, limit).map(({ doc }) => ({ doc, snippet: doc.title }));
}
