// Reads a V8 .cpuprofile (node --cpu-prof) and lists the functions that spent the most
// time themselves, so a benchmark run can say where a slow phase went.
import fs from 'node:fs';
import path from 'node:path';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

export interface HotFunction {
  name: string;
  where: string;
  selfMs: number;
  percent: number;
}

export function hottestFunctions(file: string, limit = 15, root = process.cwd()): HotFunction[] {
  const profile = JSON.parse(fs.readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const selfUs = new Map<string, { name: string; where: string; us: number }>();
  let total = 0;
  profile.samples.forEach((id, i) => {
    const node = byId.get(id);
    const delta = profile.timeDeltas[i] ?? 0;
    if (!node) return;
    total += delta;
    const { functionName, url, lineNumber } = node.callFrame;
    const where = url ? `${shorten(url, root)}:${lineNumber + 1}` : '';
    const key = `${functionName}|${where}`;
    const entry = selfUs.get(key) ?? { name: functionName || '(anonymous)', where, us: 0 };
    entry.us += delta;
    selfUs.set(key, entry);
  });
  return [...selfUs.values()]
    .sort((a, b) => b.us - a.us)
    .slice(0, limit)
    .map((e) => ({ name: e.name, where: e.where, selfMs: e.us / 1000, percent: total > 0 ? (e.us * 100) / total : 0 }));
}

function shorten(url: string, root: string): string {
  const file = url.startsWith('file://') ? decodeURIComponent(new URL(url).pathname) : url;
  return file.startsWith(root) ? path.relative(root, file) : file.replace(/^.*node_modules\//, '');
}

export function formatHotFunctions(list: readonly HotFunction[]): string {
  return list
    .map((f) => `    ${f.selfMs.toFixed(0).padStart(7)} ms ${f.percent.toFixed(1).padStart(5)} %  ${f.name}  ${f.where}`)
    .join('\n');
}
