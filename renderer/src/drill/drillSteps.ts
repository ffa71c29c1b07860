// The drill's rules, pure: which of its steps (find the routine, open it, print it) are
// done, judged only from what the person actually did in the app. The target must be
// shown to them in search results or in a folder they chose ("find"), opened ("open"),
// and printed with the Skriv ut button ("print"); other documents count for nothing, and
// a later step implies the earlier ones (an opened document was found).
import type { DrillStep } from '../../../sync/api/contract.js';

// The order of the steps; typed against the contract so the two cannot drift (and the
// renderer does not bundle the contract's zod schemas just for this list).
const ORDER = { find: 0, open: 1, print: 2 } satisfies Record<DrillStep, number>;
export const DRILL_STEPS = (Object.keys(ORDER) as DrillStep[]).sort((a, b) => ORDER[a] - ORDER[b]);

export interface DocKey {
  libraryId: string;
  id: string;
}

export interface DrillTarget extends DocKey {
  title: string;
}

export type DrillEvent =
  | { type: 'shown'; docs: readonly DocKey[] }
  | { type: 'opened'; doc: DocKey }
  | { type: 'printed'; doc: DocKey };

export interface DrillProgress {
  target: DrillTarget;
  startedAtMs: number;
  /** Done steps, in the exercise's order. */
  done: readonly DrillStep[];
}

export function startDrill(target: DrillTarget, startedAtMs: number): DrillProgress {
  return { target: { libraryId: target.libraryId, id: target.id, title: target.title }, startedAtMs, done: [] };
}

const isTarget = (p: DrillProgress, doc: DocKey) => doc.libraryId === p.target.libraryId && doc.id === p.target.id;

/** The steps an event completes when it concerns the target. */
function stepsFor(event: DrillEvent, p: DrillProgress): readonly DrillStep[] {
  switch (event.type) {
    case 'shown':
      return event.docs.some((d) => isTarget(p, d)) ? ['find'] : [];
    case 'opened':
      return isTarget(p, event.doc) ? ['find', 'open'] : [];
    case 'printed':
      return isTarget(p, event.doc) ? DRILL_STEPS : [];
  }
}

/** The progress after `event`; the same object when nothing changed (so React can skip). */
export function applyDrillEvent(p: DrillProgress, event: DrillEvent): DrillProgress {
  const add = stepsFor(event, p).filter((s) => !p.done.includes(s));
  if (add.length === 0) return p;
  const done = DRILL_STEPS.filter((s) => p.done.includes(s) || add.includes(s));
  return { ...p, done };
}

export function isDrillComplete(p: DrillProgress): boolean {
  return DRILL_STEPS.every((s) => p.done.includes(s));
}

/** The step the person is on now, or null when all are done. */
export function currentStep(p: DrillProgress): DrillStep | null {
  return DRILL_STEPS.find((s) => !p.done.includes(s)) ?? null;
}

export function elapsedSeconds(p: DrillProgress, nowMs: number): number {
  return Math.max(0, Math.round((nowMs - p.startedAtMs) / 1000));
}

/** What recordDrill gets at the end (completed) or on cancelling. */
export function drillRecord(p: DrillProgress, endedAtMs: number): { completed: boolean; steps: DrillStep[]; target: string; seconds: number } {
  return { completed: isDrillComplete(p), steps: [...p.done], target: p.target.title.slice(0, 500), seconds: Math.min(86_400, elapsedSeconds(p, endedAtMs)) };
}
