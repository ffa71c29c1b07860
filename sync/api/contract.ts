// The one API between the UI and the engine: every method's input schema (zod, parsed at
// each bridge's edge), its output type, the sync events, and the result envelope. Pure:
// no Node imports, so the renderer type-checks against it and the Electron IPC bridge
// and the browser-mode HTTP bridge share exactly the same surface.
import { z } from 'zod';

// ── inputs ───────────────────────────────────────────────────────────────────

/** Ids come from sources; they are looked up, never used as paths. Bounded so no input is huge. */
const libraryId = z.string().min(1).max(64);
const documentId = z.string().min(1).max(512);
const folderSegment = z.string().min(1).max(255);

export const documentRefSchema = z.strictObject({ libraryId, id: documentId });

export const listDocumentsSchema = z.strictObject({
  libraryId: libraryId.optional(),
  /** Folder segments below the library; documents in it and its subfolders. */
  folder: z.array(folderSegment).max(32).default([]),
  offset: z.number().int().min(0).max(10_000_000).default(0),
  limit: z.number().int().min(1).max(500).default(100),
});

export const searchSchema = z.strictObject({
  query: z.string().max(200),
  libraryId: libraryId.optional(),
  documentType: z.string().min(1).max(120).optional(),
  unit: z.string().min(1).max(200).optional(),
  limit: z.number().int().min(1).max(200).default(50),
});

export const approveDeletionsSchema = z.strictObject({ libraryId });

/** The steps of a drill ("Övningsläge"), in the order the exercise asks for them. */
export const DRILL_STEPS = ['find', 'open', 'print'] as const;
export type DrillStep = (typeof DRILL_STEPS)[number];

export const recordDrillSchema = z.strictObject({
  completed: z.boolean(),
  steps: z
    .array(z.enum(DRILL_STEPS))
    .max(DRILL_STEPS.length)
    .refine((steps) => new Set(steps).size === steps.length, 'samma steg får bara finnas en gång'),
  /** What the exercise asked people to find (a document title). */
  target: z.string().min(1).max(500),
  /** How long the drill took; a day at most. */
  seconds: z.number().min(0).max(86_400),
});

const noInput = z.undefined();

/** Every method and the schema of its one argument. The bridges accept nothing else. */
export const apiInputSchemas = {
  libraryTree: noInput,
  listDocuments: listDocumentsSchema,
  getDocument: documentRefSchema,
  documentContent: documentRefSchema,
  search: searchSchema,
  status: noInput,
  syncNow: noInput,
  heldDeletions: noInput,
  approveDeletions: approveDeletionsSchema,
  openInSystemApp: documentRefSchema,
  fleet: noInput,
  fleetCsv: noInput,
  drillStatus: noInput,
  recordDrill: recordDrillSchema,
} as const;

export type ApiMethod = keyof typeof apiInputSchemas;
export const apiMethods = Object.keys(apiInputSchemas) as ApiMethod[];

export type ApiInput<M extends ApiMethod> = z.input<(typeof apiInputSchemas)[M]>;
export type ApiParsedInput<M extends ApiMethod> = z.output<(typeof apiInputSchemas)[M]>;

export function isApiMethod(name: unknown): name is ApiMethod {
  return typeof name === 'string' && Object.hasOwn(apiInputSchemas, name);
}

// ── outputs ──────────────────────────────────────────────────────────────────

export interface FolderNode {
  name: string;
  /** Segments from the library down to this folder. */
  path: string[];
  /** Documents in this folder and everything below it. */
  documents: number;
  folders: FolderNode[];
}

export interface LibraryNode {
  id: string;
  title: string;
  documents: number;
  folders: FolderNode[];
}

/** How the app can show a document's content. */
export type DocumentKind = 'pdf' | 'docx' | 'other';

export interface DocumentSummary {
  libraryId: string;
  id: string;
  title: string;
  documentType: string | null;
  unit: string | null;
  version: string | null;
  validTo: string | null;
  kind: DocumentKind;
}

export interface DocumentPage {
  total: number;
  offset: number;
  items: DocumentSummary[];
}

export type MetadataValue = string | number | boolean | null | string[];

export interface DocumentDetails extends DocumentSummary {
  libraryTitle: string;
  path: string[];
  fileName: string;
  contentType: string | null;
  size: number;
  sha256: string;
  validFrom: string | null;
  owner: string | null;
  approvedBy: string | null;
  modifiedAt: string | null;
  syncedAt: string;
  /** Absolute path of the file in the mirror folder (for "open with the system app"). */
  mirrorFile: string;
  metadata: Record<string, MetadataValue>;
}

export interface SearchResult {
  libraryId: string;
  id: string;
  title: string;
  documentType: string | null;
  unit: string | null;
  version: string | null;
  snippet: string;
  /** Where the query matched in `snippet`: [start, end) in UTF-16 code units. */
  matches: [number, number][];
  kind: DocumentKind;
}

export interface FacetValue {
  value: string;
  count: number;
}

export interface SearchResponse {
  /** The folded words searched for: what the viewer highlights inside the document. */
  terms: string[];
  results: SearchResult[];
  facets: { documentType: FacetValue[]; unit: FacetValue[]; libraryId: FacetValue[] };
}

export type LastResult = 'ok' | 'partial' | 'failed' | 'never';

export interface LibraryStatusView {
  id: string;
  title: string;
  documents: number;
  lastSuccessAt: string | null;
  lastAttemptAt: string | null;
  lastResult: LastResult;
  lastError: string | null;
  stale: boolean;
  failures: { id: string; title: string; reason: string; attempts: number; lastFailedAt: string }[];
  held: HeldDeletionView[];
}

export interface HeldDeletionView {
  libraryId: string;
  id: string;
  title: string;
  mirrorPath: string;
  reason: 'limit' | 'empty-source' | 'errors' | string;
  heldAt: string;
}

export interface RunView {
  id: number;
  libraryId: string;
  trigger: string;
  startedAt: string;
  finishedAt: string | null;
  result: 'running' | 'ok' | 'partial' | 'failed';
  error: string | null;
  added: number;
  updated: number;
  removed: number;
  failed: number;
  held: number;
}

export interface SyncProgressView {
  libraryId: string;
  libraryTitle: string;
  phase: 'listing' | 'transferring' | 'removing' | 'finishing' | 'done';
  done: number;
  total: number;
  bytesDone: number;
  current?: string | undefined;
}

/**
 * Who keeps this PC's copy current: the app itself, or the service (`lita-reserv daemon`)
 * that holds the data folder's daemon lock; then the app never syncs on its own.
 */
export type SyncOwnerView = { kind: 'app' } | { kind: 'service'; since: string; nextSyncAt: string | null };

export interface StatusView {
  libraries: LibraryStatusView[];
  mirrorDir: string;
  dataDir: string;
  /** The one freshness time every view shows (the oldest last success). */
  updatedAt: string | null;
  staleAfterHours: number;
  stale: boolean;
  /** Whether the last attempt reached every source. */
  connection: 'online' | 'offline' | 'unknown';
  language: 'sv' | 'en';
  recentRuns: RunView[];
  sync: { running: boolean; progress: SyncProgressView | null };
  /** Whether this host can open files with the system's programs (the desktop app can). */
  canOpenFiles: boolean;
  syncOwner: SyncOwnerView;
}

export interface SyncStarted {
  started: true;
}

export interface OpenResult {
  opened: boolean;
  /** Where the file is, for a person to find it when the app cannot open it. */
  path: string;
}

export type FleetState = 'ok' | 'warning' | 'problem';
export type FleetFlagView = 'stale' | 'not-reporting' | 'old-version' | 'held-deletions' | 'failures' | 'never-synced';

/** One PC as the handläggare's overview shows it (from its latest status report). */
export interface FleetRowView {
  pcName: string;
  hostname: string;
  appVersion: string;
  reportedAt: string;
  reportAgeHours: number;
  /** The PC's freshness: the oldest last success among its libraries. */
  updatedAt: string | null;
  libraries: number;
  documents: number;
  failedDocuments: number;
  heldDeletions: number;
  freeDiskBytes: number | null;
  nextSyncAt: string | null;
  lastDrillAt: string | null;
  state: FleetState;
  flags: FleetFlagView[];
  /** The flags in Swedish words. */
  problems: string[];
}

export interface FleetViewData {
  generatedAt: string;
  newestVersion: string | null;
  rows: FleetRowView[];
  /** Files in the target that are not readable reports, and why. */
  invalid: { name: string; reason: string }[];
}

/** The overview, or why there is none: no statusReport.target in the config (named by path). */
export type FleetResult =
  | { configured: false; configPath: string }
  | { configured: true; location: string; view: FleetViewData };

export interface FleetCsvFile {
  /** "lita-reserv-datorer-YYYY-MM-DD.csv", the local date. */
  fileName: string;
  /** Semicolon-separated, UTF-8 with BOM, CRLF: as Swedish Excel opens it. */
  text: string;
}

export interface DrillRecordView {
  at: string;
  completed: boolean;
  steps: string[];
  target: string | null;
  seconds: number | null;
}

/** The document a drill asks people to find: preferably a routine for IT outages. */
export interface DrillTargetView {
  libraryId: string;
  id: string;
  title: string;
  libraryTitle: string;
  path: string[];
  kind: DocumentKind;
}

export interface DrillStatusView {
  /** The last completed drill on this PC (what its status report carries). */
  lastDrillAt: string | null;
  /** Newest first, at most 20. */
  history: DrillRecordView[];
  /** null when the catalog holds no document yet. */
  suggestion: DrillTargetView | null;
}

export interface ApiOutputs {
  libraryTree: LibraryNode[];
  listDocuments: DocumentPage;
  getDocument: DocumentDetails;
  documentContent: Uint8Array;
  search: SearchResponse;
  status: StatusView;
  syncNow: SyncStarted;
  heldDeletions: HeldDeletionView[];
  approveDeletions: SyncStarted;
  openInSystemApp: OpenResult;
  fleet: FleetResult;
  fleetCsv: FleetCsvFile;
  drillStatus: DrillStatusView;
  recordDrill: DrillStatusView;
}

// ── events ───────────────────────────────────────────────────────────────────

export interface LibraryOutcomeView {
  id: string;
  title: string;
  result: 'ok' | 'partial' | 'failed';
  error: string | null;
  added: number;
  updated: number;
  removed: number;
  failed: number;
  held: number;
}

export type SyncEvent =
  | { type: 'started'; trigger: string; at: string }
  | { type: 'progress'; progress: SyncProgressView }
  | { type: 'finished'; at: string; exitCode: number; libraries: LibraryOutcomeView[] }
  | { type: 'failed'; at: string; message: string };

// ── the envelope every call returns ──────────────────────────────────────────

export type ApiErrorCode = 'bad-input' | 'not-found' | 'busy' | 'unavailable' | 'internal';

export interface ApiError {
  code: ApiErrorCode;
  /** Swedish, actionable, never a stack trace. */
  message: string;
}

export type ApiResult<T> = { ok: true; value: T } | { ok: false; error: ApiError };

/** What the UI holds: one function per method, returning the envelope, plus the event feed. */
export type RendererApi = {
  [M in ApiMethod]: undefined extends ApiInput<M>
    ? (input?: ApiInput<M>) => Promise<ApiResult<ApiOutputs[M]>>
    : (input: ApiInput<M>) => Promise<ApiResult<ApiOutputs[M]>>;
} & {
  /** Calls `listener` for every sync event; returns a function that stops it. */
  onSyncEvent(listener: (event: SyncEvent) => void): () => void;
};

/** Parses one call's input; a failure names the field, in Swedish. */
export function parseApiInput<M extends ApiMethod>(
  method: M,
  input: unknown,
): { ok: true; input: ApiParsedInput<M> } | { ok: false; error: ApiError } {
  const result = apiInputSchemas[method].safeParse(input);
  if (result.success) return { ok: true, input: result.data as ApiParsedInput<M> };
  const issue = result.error.issues[0];
  const where = issue && issue.path.length > 0 ? issue.path.map(String).join('.') : 'indata';
  return { ok: false, error: { code: 'bad-input', message: `Ogiltig begäran till ${method}: ${where}: ${issue?.message ?? 'ogiltigt värde'}` } };
}
