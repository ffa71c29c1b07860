// The deletion guard. Deletions are the one thing a sync can do that loses a readable
// document, so they are applied only when the run was clean and the amount is plausible;
// everything else is held back for a person to approve.
import type { HeldReason } from '../catalog/catalog.js';

export interface DeletionLimits {
  maxDeletePercent: number;
  maxDeleteCount: number;
}

export interface DeletionInput {
  /** Documents the run would remove. */
  removals: number;
  /** Of those, how many a person has already approved (they were held and shown). */
  approved: number;
  /** Documents shown before the run. */
  shownCount: number;
  /** Documents the source lists now. */
  wantedCount: number;
  hadErrors: boolean;
  limits: DeletionLimits;
}

export type DeletionDecision = { apply: 'all' } | { apply: 'approved-only'; hold: HeldReason } | { apply: 'none'; hold: HeldReason };

export function decideDeletions(input: DeletionInput): DeletionDecision {
  const { removals, approved, shownCount, wantedCount, hadErrors, limits } = input;
  if (removals === 0) return { apply: 'all' };
  // A run with errors may have seen only part of the library; deletions wait for a clean run.
  if (hadErrors) return { apply: 'none', hold: 'errors' };
  const unapproved = removals - approved;
  const partly = (hold: HeldReason): DeletionDecision =>
    approved > 0 ? { apply: 'approved-only', hold } : { apply: 'none', hold };
  if (unapproved === 0) return { apply: 'all' };
  // An empty source is far more often a disconnected share or a publishing mistake.
  if (wantedCount === 0) return partly('empty-source');
  const percent = shownCount === 0 ? 100 : (unapproved * 100) / shownCount;
  if (unapproved > limits.maxDeleteCount || percent > limits.maxDeletePercent) return partly('limit');
  return { apply: 'all' };
}
