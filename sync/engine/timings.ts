// Wall-clock time per phase of a sync, reported in `sync --json` and the log so that a
// slow run can be explained (benchmarks read it too). Milliseconds, rounded to 0.1.
import { performance } from 'node:perf_hooks';

export type PhaseTimings = Record<string, number> & { totalMs: number };

export class PhaseClock {
  readonly timings: PhaseTimings = { totalMs: 0 };
  private readonly start = performance.now();
  private last = this.start;

  /** Adds the time since the previous lap to `<phase>Ms` and brings totalMs up to date. */
  lap(phase: string): void {
    const now = performance.now();
    const key = `${phase}Ms`;
    this.timings[key] = round((this.timings[key] ?? 0) + now - this.last);
    this.timings.totalMs = round(now - this.start);
    this.last = now;
  }
}

function round(ms: number): number {
  return Math.round(ms * 10) / 10;
}
