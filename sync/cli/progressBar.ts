// A one-line progress bar on stderr, only when a person is watching a terminal: nothing
// when stdout is piped or --json is given, so scripts get clean output.
export interface ProgressBar {
  update(done: number, total: number, label?: string): void;
  done(): void;
}

const noop: ProgressBar = { update() {}, done() {} };

export function createProgressBar(enabled: boolean, stream: NodeJS.WriteStream = process.stderr): ProgressBar {
  if (!enabled) return noop;
  let last = 0;
  let shown = false;
  return {
    update(done, total, label = '') {
      const now = Date.now();
      if (now - last < 100 && done < total) return;
      last = now;
      const width = 30;
      const ratio = total > 0 ? Math.min(1, done / total) : 0;
      const filled = Math.round(ratio * width);
      const columns = stream.columns || 80;
      const head = `[${'█'.repeat(filled)}${'░'.repeat(width - filled)}] ${String(Math.round(ratio * 100)).padStart(3)}% ${done}/${total} `;
      const text = (head + label).slice(0, columns - 1);
      stream.write(`\r${text}\x1b[K`);
      shown = true;
    },
    done() {
      if (shown) stream.write('\r\x1b[K');
      shown = false;
    },
  };
}

export function progressWanted(json: boolean): boolean {
  return !json && Boolean(process.stdout.isTTY) && Boolean(process.stderr.isTTY);
}
