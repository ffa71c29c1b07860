// Each fault-injection test records what it tried, what a person saw and what was lost;
// `npm run reliability:report` turns the records of a run into docs/reliability.md.
import fs from 'node:fs';
import path from 'node:path';
import { repoRoot } from './cli.js';

export interface ReliabilityRecord {
  area: string;
  fault: string;
  userSaw: string;
  lost: string;
}

export const reliabilityLogFile = path.join(repoRoot, 'test-results', 'reliability.jsonl');

export function recordReliability(r: ReliabilityRecord): void {
  fs.mkdirSync(path.dirname(reliabilityLogFile), { recursive: true });
  fs.appendFileSync(reliabilityLogFile, `${JSON.stringify({ ...r, at: new Date().toISOString() })}\n`);
}
