// Writes benchmark figures into docs/benchmarks.md: one "## <name>" section per benchmark,
// each with a table that keeps one row per configuration (a new run replaces its own row
// and leaves the others). Other sections of the file are never touched.
import fs from 'node:fs';
import os from 'node:os';
import { execFileSync } from 'node:child_process';

export interface MachineFacts {
  cores: number;
  cpu: string;
  memoryGiB: number;
  node: string;
  os: string;
  disk: string;
}

export function machineFacts(dir: string): MachineFacts {
  const cpus = os.cpus();
  return {
    cores: cpus.length,
    cpu: cpus[0]?.model.trim() ?? 'unknown',
    memoryGiB: Math.round(os.totalmem() / 1024 ** 3),
    node: process.version,
    os: `${os.type()} ${os.release()}`,
    disk: diskOf(dir),
  };
}

/** File system type of the folder the benchmark wrote to, e.g. "ext4 (virtio disk)". */
function diskOf(dir: string): string {
  try {
    const [source, fstype] = execFileSync('findmnt', ['-no', 'SOURCE,FSTYPE', '-T', dir], { encoding: 'utf8' }).trim().split(/\s+/);
    const device = (source ?? '').replace(/^\/dev\//, '').replace(/\d+$/, '');
    let kind = '';
    if (/^vd/.test(device)) kind = 'virtio disk';
    else if (device && fs.existsSync(`/sys/block/${device}/queue/rotational`)) {
      kind = fs.readFileSync(`/sys/block/${device}/queue/rotational`, 'utf8').trim() === '0' ? 'SSD' : 'rotating disk';
    } else if (fstype === 'tmpfs') kind = 'memory';
    return kind ? `${fstype} (${kind})` : (fstype ?? 'unknown');
  } catch {
    return 'unknown';
  }
}

export function describeMachine(m: MachineFacts): string {
  return `${m.cores} cores (${m.cpu}), ${m.memoryGiB} GiB RAM, Node ${m.node}, ${m.os}, ${m.disk}`;
}

export interface RecordedSection {
  /** Heading text without the "## ". */
  heading: string;
  /** Paragraphs shown above the table (regenerated on every run). */
  intro: string;
  columns: string[];
  /** How many leading columns identify a configuration. */
  keyColumns: number;
  row: string[];
}

export function recordSection(file: string, section: RecordedSection): void {
  const text = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '# Benchmarks\n\nFigures printed by the benchmark scripts and recorded with `--record`.\n';
  const lines = text.split('\n');
  const start = lines.findIndex((l) => l.trim() === `## ${section.heading}`);
  let end = lines.length;
  if (start >= 0) {
    const next = lines.findIndex((l, i) => i > start && /^## /.test(l));
    if (next >= 0) end = next;
  }
  const old = start >= 0 ? lines.slice(start, end) : [];
  const key = (cells: string[]) => cells.slice(0, section.keyColumns).join('|');
  const rows = old
    .filter((l) => l.startsWith('| ') && !l.startsWith('| ---'))
    .map(splitRow)
    .filter((cells) => cells.length === section.columns.length && cells[0] !== section.columns[0]);
  const kept = rows.filter((cells) => key(cells) !== key(section.row));
  const allRows = [...kept, section.row].sort((a, b) => key(a).localeCompare(key(b), 'en', { numeric: true }));
  const body = [
    `## ${section.heading}`,
    '',
    section.intro.trim(),
    '',
    `| ${section.columns.join(' | ')} |`,
    `| ${section.columns.map(() => '---').join(' | ')} |`,
    ...allRows.map((cells) => `| ${cells.join(' | ')} |`),
    '',
  ];
  const before = start >= 0 ? lines.slice(0, start) : [...lines.slice(0, trimEnd(lines)), ''];
  const after = start >= 0 ? lines.slice(end) : [];
  fs.writeFileSync(file, [...before, ...body, ...after].join('\n').replace(/\n{3,}/g, '\n\n').replace(/\n*$/, '\n'));
}

function splitRow(line: string): string[] {
  return line
    .replace(/^\|\s*/, '')
    .replace(/\s*\|\s*$/, '')
    .split(/\s*\|\s*/);
}

function trimEnd(lines: string[]): number {
  let n = lines.length;
  while (n > 0 && lines[n - 1]!.trim() === '') n--;
  return n;
}
