// Named points where the fault-injection tests make the process die exactly as a power cut
// or a killed service would (SIGKILL, no cleanup). Set LITA_RESERV_FAILPOINT=name or
// name:N (die the N-th time the point is reached). Inert when the variable is unset.
const spec = process.env.LITA_RESERV_FAILPOINT ?? '';
const [armedName, armedCount] = spec.split(':');
const target = Number(armedCount ?? 1) || 1;
let reached = 0;

export type FailpointName =
  | 'listed' // the source was listed, nothing planned yet
  | 'blob-stored' // a verified body is in the store, the mirror not yet written
  | 'mirror-before-rename' // the new file is written and flushed beside the old one
  | 'mirror-placed' // the mirror file is in place, the catalog not yet updated
  | 'catalog-saved' // the catalog describes the new file
  | 'before-remove'; // a deletion is about to be applied

export function failpoint(name: FailpointName): void {
  if (!armedName || name !== armedName) return;
  reached++;
  if (reached === target) process.kill(process.pid, 'SIGKILL');
}
