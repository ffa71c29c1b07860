// Decides where every document of a library lives in the mirror folder:
// <library folder>/<folders…>/<file name>, all names Windows-safe, the whole absolute
// path within the length limit, and no two names that differ only in case. Deterministic:
// the same documents give the same layout, and a document keeps the path it already has
// when a newcomer would collide with it.
import {
  caseKey,
  documentFileName,
  idName,
  sanitizeSegment,
  shortHash,
  splitExtension,
  truncateName,
} from './names.js';

export const MAX_PATH_LENGTH = 240;
/** Raise when the naming rules change: every library is then laid out again once. */
const LAYOUT_RULES = 2;
const FOLDER_CAP = 60;
const FILE_CAP = 120;
const MIN_FILE = 24;
const FALLBACK_FOLDER_CAPS = [40, 24, 12];

export interface LayoutInput {
  id: string;
  path: readonly string[];
  fileName: string;
  contentType: string | null;
  /** Where the document is mirrored today, if anywhere (relative, '/'-separated). */
  currentPath?: string | null;
}

export type LayoutResult = { ok: true; path: string } | { ok: false; reason: string };

export interface LayoutOptions {
  /** Length of the absolute mirror folder path, as Windows counts it. */
  rootLength: number;
  libraryTitle: string;
  libraryId: string;
  maxPathLength?: number;
}

export function libraryFolderName(title: string, id: string): string {
  return truncateName(sanitizeSegment(title) || idName(id), FOLDER_CAP);
}

/**
 * What a library's placements depend on besides its documents. Documents keep their paths
 * between runs while it stays the same; when the mirror folder, the library's folder or the
 * naming rules change, the whole library is laid out again.
 */
export function layoutKey(mirrorRoot: string, libraryTitle: string, libraryId: string): string {
  return `rules-${LAYOUT_RULES}|${mirrorRoot}|${libraryFolderName(libraryTitle, libraryId)}`;
}

export function layoutLibrary(docs: readonly LayoutInput[], opts: LayoutOptions): Map<string, LayoutResult> {
  return place(docs, opts, [])!;
}

/**
 * Lays out only `changed` documents; every other document keeps its path (`kept`, library
 * folder first, as stored), which takes its name and decides its folders' spelling. A sync
 * that changed a few of 50 000 documents so skips laying out the rest. Returns null when a
 * changed document needs a folder where a kept file lies: only a full layout may move that
 * file aside.
 */
export function layoutChanged(
  changed: readonly LayoutInput[],
  kept: readonly string[],
  opts: LayoutOptions,
): Map<string, LayoutResult> | null {
  return place(changed, opts, kept);
}

function place(docs: readonly LayoutInput[], opts: LayoutOptions, kept: readonly string[]): Map<string, LayoutResult> | null {
  const max = opts.maxPathLength ?? MAX_PATH_LENGTH;
  const libFolder = libraryFolderName(opts.libraryTitle, opts.libraryId);
  const folderChains = canonicalFolders(docs, kept);

  const candidates: { doc: LayoutInput; dir: string[]; file: string }[] = [];
  const results = new Map<string, LayoutResult>();
  for (const doc of docs) {
    const fitted = fitLength(opts.rootLength, max, [libFolder, ...folderChains.get(doc.id)!], doc);
    if (!fitted) {
      results.set(doc.id, {
        ok: false,
        reason: `Sökvägen blir längre än ${max} tecken även förkortad; välj en kortare mirrorDir`,
      });
    } else candidates.push({ doc, ...fitted });
  }

  // Folder paths occupy names too: a file may not take the name of a folder beside it.
  // Documents share few folders, so each distinct folder path is keyed once.
  const taken = new Set<string>();
  const folderKeys = new Set<string>();
  const seenDirs = new Set<string>();
  const addFolders = (dirText: string) => {
    if (seenDirs.has(dirText)) return;
    seenDirs.add(dirText);
    const dir = dirText.split('/');
    for (let i = 1; i <= dir.length; i++) folderKeys.add(caseKey(dir.slice(0, i).join('/')));
  };
  for (const p of kept) {
    taken.add(caseKey(p));
    addFolders(p.slice(0, p.lastIndexOf('/')));
  }
  for (const c of candidates) addFolders(c.dir.join('/'));
  if (kept.length > 0) {
    for (const c of candidates) {
      for (let i = 1; i <= c.dir.length; i++) if (taken.has(caseKey(c.dir.slice(0, i).join('/')))) return null;
    }
  }

  // Documents that keep the path they have go first; computed once, not per comparison.
  const order = candidates.map((c) => ({ c, keeps: c.doc.currentPath === [...c.dir, c.file].join('/') ? 0 : 1 }));
  order.sort((a, b) => a.keeps - b.keeps || (a.c.doc.id < b.c.doc.id ? -1 : a.c.doc.id > b.c.doc.id ? 1 : 0));
  for (const { c } of order) {
    const dirText = c.dir.join('/');
    const room = max - opts.rootLength - 1 - dirText.length - 1;
    let name = c.file;
    for (let attempt = 0; ; attempt++) {
      const key = caseKey(`${dirText}/${name}`);
      if (!taken.has(key) && !folderKeys.has(key)) {
        taken.add(key);
        results.set(c.doc.id, { ok: true, path: `${dirText}/${name}` });
        break;
      }
      name = disambiguate(c.file, c.doc.id, attempt, room);
    }
  }
  return results;
}

function disambiguate(file: string, id: string, attempt: number, room: number): string {
  const { stem, ext } = splitExtension(file);
  const tag = attempt === 0 ? idName(id) : `${shortHash(id, 8)}-${attempt}`;
  const suffix = ` (${tag})${ext}`;
  const keep = Math.max(1, room - suffix.length);
  return `${stem.slice(0, keep).trimEnd()}${suffix}`;
}

/** Sanitised folder chains, with one spelling per case-insensitive folder path so that
 *  "Rutiner" and "RUTINER" end up in one folder rather than two that Windows would merge. */
// Thousands of documents share a few hundred folders, so every step below works once per
// distinct segment or folder path rather than once per document.
function canonicalFolders(docs: readonly LayoutInput[], kept: readonly string[]): Map<string, string[]> {
  const spelling = new Map<string, string>();
  // A folder keeps the spelling it has on disk today, so a newcomer cannot rename it. The
  // last document to mention a folder decides, as when every document is visited in order.
  const current = new Map<string, string>();
  const seenCurrent = new Set<string>();
  const onDisk = [...kept, ...docs.map((d) => d.currentPath)];
  for (let d = onDisk.length - 1; d >= 0; d--) {
    const currentPath = onDisk[d];
    if (!currentPath) continue;
    const dirText = currentPath.slice(0, Math.max(0, currentPath.lastIndexOf('/')));
    if (seenCurrent.has(dirText)) continue;
    seenCurrent.add(dirText);
    const segs = currentPath.split('/').slice(1, -1);
    for (let i = 0; i < segs.length; i++) {
      const key = caseKey(segs.slice(0, i + 1).join('/'));
      if (!current.has(key)) current.set(key, segs[i]!);
    }
  }
  const safeSegments = new Map<string, string>();
  const safeSegment = (raw: unknown): string => {
    const text = String(raw);
    let safe = safeSegments.get(text);
    if (safe === undefined) {
      safe = truncateName(sanitizeSegment(text), FOLDER_CAP);
      safeSegments.set(text, safe);
    }
    return safe;
  };
  // Segments are sanitised (no '/'), so the joined text identifies a chain.
  const rawChains = new Map<string, string[]>();
  const chainOf = new Map<string, string>();
  for (const doc of docs) {
    const chain = doc.path.map(safeSegment).filter((p) => p !== '');
    const text = chain.join('/');
    chainOf.set(doc.id, text);
    if (rawChains.has(text)) continue;
    rawChains.set(text, chain);
    // The winning spelling does not depend on order: the one on disk, else the smallest.
    for (let i = 0; i < chain.length; i++) {
      const key = caseKey(chain.slice(0, i + 1).join('/'));
      const prev = spelling.get(key);
      const existing = current.get(key);
      if (existing !== undefined && caseKey(existing) === caseKey(chain[i]!)) spelling.set(key, existing);
      else if (prev === undefined || chain[i]! < prev) spelling.set(key, chain[i]!);
    }
  }
  const canonical = new Map<string, string[]>();
  for (const [text, chain] of rawChains) {
    canonical.set(
      text,
      chain.map((_, i) => spelling.get(caseKey(chain.slice(0, i + 1).join('/')))!),
    );
  }
  const chains = new Map<string, string[]>();
  for (const [id, text] of chainOf) chains.set(id, canonical.get(text)!);
  return chains;
}

function fitLength(
  rootLength: number,
  max: number,
  dir: string[],
  doc: LayoutInput,
): { dir: string[]; file: string } | null {
  const fileName = truncateName(documentFileName(doc.fileName, doc.id, doc.contentType), FILE_CAP);
  const dirLen = (d: string[]) => rootLength + 1 + d.join('/').length + 1;
  const tryFit = (d: string[], name: string) => {
    const room = max - dirLen(d);
    if (name.length <= room) return { dir: d, file: name };
    if (room >= MIN_FILE) return { dir: d, file: truncateName(name, room) };
    return null;
  };
  const direct = tryFit(dir, fileName);
  if (direct) return direct;
  for (const cap of FALLBACK_FOLDER_CAPS) {
    const shorter = [dir[0]!, ...dir.slice(1).map((s) => truncateName(s, cap))];
    const fitted = tryFit(shorter, fileName);
    if (fitted) return fitted;
  }
  return tryFit([dir[0]!], fileName);
}
