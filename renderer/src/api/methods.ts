// The contract's method names, listed for code that must not bundle zod. The type check
// fails if this list and the contract ever differ.
import type { ApiMethod } from '../../../sync/api/contract.js';

const names = {
  libraryTree: true,
  listDocuments: true,
  getDocument: true,
  documentContent: true,
  search: true,
  status: true,
  syncNow: true,
  heldDeletions: true,
  approveDeletions: true,
  openInSystemApp: true,
  fleet: true,
  fleetCsv: true,
  drillStatus: true,
  recordDrill: true,
} satisfies Record<ApiMethod, true>;

export const apiMethodNames = Object.keys(names) as ApiMethod[];
