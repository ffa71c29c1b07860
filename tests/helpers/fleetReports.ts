// A fleet of status reports in a folder target, as a few hundred PCs would leave it:
// most fine, some with a stale copy, some silent, some on an old version, some with
// failures or held deletions, one that never synced, and one damaged file. Times are
// relative to `now`, so the analysis sees them as a handläggare would today.
import fs from 'node:fs';
import path from 'node:path';
import { report } from '../fleet/reportFixture.js';

export interface FleetPlan {
  names: string[];
  /** The PCs the analysis must flag as problems (stale, silent or never synced). */
  problems: Set<string>;
  /** The PCs with only warnings (old version, failures, held deletions). */
  warnings: Set<string>;
}

export function writeFleetReports(dir: string, count: number, now = new Date()): FleetPlan {
  fs.mkdirSync(dir, { recursive: true });
  const ago = (hours: number) => new Date(now.getTime() - hours * 3_600_000).toISOString();
  const plan: FleetPlan = { names: [], problems: new Set(), warnings: new Set() };
  for (let i = 1; i <= count; i++) {
    const name = `AVD-${String(i).padStart(4, '0')}`;
    const over: Record<string, unknown> = {
      reportedAt: ago((i % 7) * 0.25),
      updatedAt: ago(1 + (i % 5)),
      nextSyncAt: ago(-0.5),
      lastDrillAt: i % 3 === 0 ? ago(24 * (i % 60)) : null,
      freeDisk: { mirrorBytes: (5 + (i % 90)) * 1e9, dataBytes: 40e9 },
    };
    const lib: Record<string, unknown> = { documents: 250 + (i % 50), lastSuccessAt: over.updatedAt };
    let problem = false;
    let warning = false;
    if (i % 25 === 0) {
      over.updatedAt = ago(72);
      lib.lastSuccessAt = over.updatedAt;
      problem = true;
    }
    if (i % 40 === 0) {
      over.reportedAt = ago(120);
      problem = true;
    }
    if (i === 7) {
      over.updatedAt = null;
      lib.lastSuccessAt = null;
      lib.documents = 0;
      problem = true;
    }
    if (i % 15 === 0) {
      over.appVersion = '1.1.0';
      warning = true;
    }
    if (i % 20 === 0) {
      lib.failedDocuments = 3;
      warning = true;
    }
    if (i % 30 === 0) {
      lib.heldDeletions = 12;
      warning = true;
    }
    fs.writeFileSync(path.join(dir, `${name}.json`), JSON.stringify(report(name, over, lib), null, 1));
    plan.names.push(name);
    if (problem) plan.problems.add(name);
    else if (warning) plan.warnings.add(name);
  }
  fs.writeFileSync(path.join(dir, 'trasig.json'), '{ "format": "lita-status/1", ');
  return plan;
}
