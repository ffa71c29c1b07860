import { describe, expect, it } from 'vitest';
import { decideDeletions, type DeletionInput } from '../../sync/engine/safety.js';

const base: DeletionInput = {
  removals: 1,
  approved: 0,
  shownCount: 100,
  wantedCount: 99,
  hadErrors: false,
  limits: { maxDeletePercent: 10, maxDeleteCount: 50 },
};

describe('deletion guard', () => {
  it('applies a small deletion in a clean run', () => {
    expect(decideDeletions(base)).toEqual({ apply: 'all' });
    expect(decideDeletions({ ...base, removals: 10, wantedCount: 90 })).toEqual({ apply: 'all' });
  });
  it('has nothing to decide without removals', () => {
    expect(decideDeletions({ ...base, removals: 0, hadErrors: true })).toEqual({ apply: 'all' });
  });
  it('defers deletions in a run that had errors', () => {
    expect(decideDeletions({ ...base, hadErrors: true })).toEqual({ apply: 'none', hold: 'errors' });
    expect(decideDeletions({ ...base, hadErrors: true, approved: 1 })).toEqual({ apply: 'none', hold: 'errors' });
  });
  it('holds back deletions above the percentage limit', () => {
    expect(decideDeletions({ ...base, removals: 11, wantedCount: 89 })).toEqual({ apply: 'none', hold: 'limit' });
  });
  it('holds back deletions above the count limit', () => {
    expect(decideDeletions({ ...base, shownCount: 10_000, wantedCount: 9_949, removals: 51 })).toEqual({ apply: 'none', hold: 'limit' });
  });
  it('never lets an empty source empty the mirror', () => {
    const limits = { maxDeletePercent: 100, maxDeleteCount: 1_000_000 };
    expect(decideDeletions({ ...base, removals: 100, wantedCount: 0, limits })).toEqual({ apply: 'none', hold: 'empty-source' });
  });
  it('applies approved deletions, and the rest only within the limits', () => {
    expect(decideDeletions({ ...base, removals: 30, approved: 30, wantedCount: 70 })).toEqual({ apply: 'all' });
    expect(decideDeletions({ ...base, removals: 30, approved: 25, wantedCount: 70 })).toEqual({ apply: 'all' });
    expect(decideDeletions({ ...base, removals: 40, approved: 25, wantedCount: 60 })).toEqual({ apply: 'approved-only', hold: 'limit' });
    expect(decideDeletions({ ...base, removals: 100, approved: 100, wantedCount: 0 })).toEqual({ apply: 'all' });
  });
  it('treats the first sync of an empty catalog as nothing to delete', () => {
    expect(decideDeletions({ ...base, removals: 0, shownCount: 0, wantedCount: 0 })).toEqual({ apply: 'all' });
  });
});
