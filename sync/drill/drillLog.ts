// When this PC last ran a drill ("Övningsläge"): kept in <dataDir>/drills.json, shown on
// the status page and sent in the status report so handläggare see untrained PCs.
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { writeFileAtomicSync } from '../store/durableFile.js';

const drillSchema = z.object({
  at: z.string(),
  completed: z.boolean(),
  /** Which steps were done: "find", "open", "print". */
  steps: z.array(z.string().max(40)).max(20),
  /** What the exercise asked people to find. */
  target: z.string().max(500).optional(),
  seconds: z.number().min(0).optional(),
});
const fileSchema = z.object({ drills: z.array(drillSchema) });

export type DrillRecord = z.infer<typeof drillSchema>;
const KEEP = 100;

function drillFile(dataDir: string): string {
  return path.join(dataDir, 'drills.json');
}

export function readDrills(dataDir: string): DrillRecord[] {
  try {
    const parsed = fileSchema.safeParse(JSON.parse(fs.readFileSync(drillFile(dataDir), 'utf8')));
    return parsed.success ? parsed.data.drills : [];
  } catch {
    return [];
  }
}

/** The last completed drill, or null when there has been none. */
export function lastDrillAt(dataDir: string): string | null {
  return readDrills(dataDir).filter((d) => d.completed).map((d) => d.at).sort().at(-1) ?? null;
}

export function recordDrill(dataDir: string, drill: DrillRecord): void {
  const drills = [...readDrills(dataDir), drillSchema.parse(drill)].slice(-KEEP);
  writeFileAtomicSync(drillFile(dataDir), `${JSON.stringify({ drills }, null, 1)}\n`);
}
