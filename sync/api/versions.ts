// App versions compared as people mean them, shared by the fleet analysis and the fleet
// table in the UI. Pure.

/** Dotted versions compared numerically ("0.10.0" after "0.9.3"; "1.2" equals "1.2.0"). */
export function compareVersions(a: string, b: string): number {
  const pa = a.split(/[.+-]/).map((x) => Number.parseInt(x, 10) || 0);
  const pb = b.split(/[.+-]/).map((x) => Number.parseInt(x, 10) || 0);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return Math.sign(d);
  }
  return 0;
}
