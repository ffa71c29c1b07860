// How this process trades processor time for memory. V8 lets a heap grow to several times
// what it keeps alive before it collects: a first sync of 50 000 documents keeps ~90 MB
// alive but let its heap reach ~250 MB (and the process ~465 MB) before the first full
// collection. That suits a browser tab, not a sync that runs in the background of a shared
// emergency PC. With each step of growth held to 20 % of what is alive, the same sync
// peaked at ~340 MB and took no longer (the smaller heap is quicker to walk).
import v8 from 'node:v8';

/** How much the heap may grow past its live size before the next full collection. */
export const HEAP_GROWING_PERCENT = 20;

let applied = false;

/**
 * Applies the policy to this process (all its threads share the heap settings). Called
 * first thing by the command line and the desktop app's main process; a second call does
 * nothing. V8 reads the setting whenever it sizes the heap, so it holds from here on.
 */
export function applyMemoryPolicy(): void {
  if (applied) return;
  applied = true;
  v8.setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
}
