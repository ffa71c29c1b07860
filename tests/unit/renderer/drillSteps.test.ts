// The drill's rules: only what the person does with the target counts, a later step
// implies the earlier ones, and the record sent at the end says what was done and how long.
import { describe, expect, it } from 'vitest';
import { applyDrillEvent, currentStep, DRILL_STEPS, drillRecord, elapsedSeconds, isDrillComplete, startDrill } from '../../../renderer/src/drill/drillSteps.js';
import { recordDrillSchema, DRILL_STEPS as CONTRACT_STEPS } from '../../../sync/api/contract.js';

const target = { libraryId: 'ls', id: 'DOC-2001', title: 'Reservrutin vid IT-avbrott' };
const other = { libraryId: 'ls', id: 'DOC-1042' };
const elsewhere = { libraryId: 'annat', id: 'DOC-2001' };
const t0 = 1_000_000;

describe('drill steps', () => {
  it('follows the contract\'s steps in order', () => {
    expect(DRILL_STEPS).toEqual([...CONTRACT_STEPS]);
    expect(DRILL_STEPS).toEqual(['find', 'open', 'print']);
  });

  it('starts at "find"', () => {
    const p = startDrill(target, t0);
    expect(p.done).toEqual([]);
    expect(currentStep(p)).toBe('find');
    expect(isDrillComplete(p)).toBe(false);
  });

  it('counts "find" once the target is shown, and nothing for other documents', () => {
    let p = startDrill(target, t0);
    p = applyDrillEvent(p, { type: 'shown', docs: [other, elsewhere] });
    expect(p.done).toEqual([]);
    p = applyDrillEvent(p, { type: 'opened', doc: other });
    p = applyDrillEvent(p, { type: 'printed', doc: other });
    expect(p.done).toEqual([]);
    p = applyDrillEvent(p, { type: 'shown', docs: [other, target] });
    expect(p.done).toEqual(['find']);
    expect(currentStep(p)).toBe('open');
  });

  it('returns the same progress when nothing changes, so React can skip a render', () => {
    const p = applyDrillEvent(startDrill(target, t0), { type: 'shown', docs: [target] });
    expect(applyDrillEvent(p, { type: 'shown', docs: [target] })).toBe(p);
    expect(applyDrillEvent(p, { type: 'opened', doc: other })).toBe(p);
  });

  it('treats a later step as proof of the earlier ones, in the exercise\'s order', () => {
    const opened = applyDrillEvent(startDrill(target, t0), { type: 'opened', doc: target });
    expect(opened.done).toEqual(['find', 'open']);
    const printed = applyDrillEvent(startDrill(target, t0), { type: 'printed', doc: target });
    expect(printed.done).toEqual(['find', 'open', 'print']);
    expect(isDrillComplete(printed)).toBe(true);
    expect(currentStep(printed)).toBeNull();
  });

  it('records what was done and how long it took, within the contract\'s limits', () => {
    let p = startDrill(target, t0);
    p = applyDrillEvent(p, { type: 'shown', docs: [target] });
    const cancelled = drillRecord(p, t0 + 12_400);
    expect(cancelled).toEqual({ completed: false, steps: ['find'], target: target.title, seconds: 12 });
    expect(recordDrillSchema.safeParse(cancelled).success).toBe(true);
    p = applyDrillEvent(p, { type: 'printed', doc: target });
    const done = drillRecord(p, t0 + 3 * 86_400_000);
    expect(done).toMatchObject({ completed: true, steps: ['find', 'open', 'print'], seconds: 86_400 });
    expect(recordDrillSchema.safeParse(done).success).toBe(true);
    expect(elapsedSeconds(p, t0 - 5000)).toBe(0);
    const long = drillRecord(startDrill({ ...target, title: 'x'.repeat(900) }, t0), t0);
    expect(recordDrillSchema.safeParse(long).success).toBe(true);
  });
});
