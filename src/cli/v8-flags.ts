import { PerformanceObserver } from 'node:perf_hooks';
import { getHeapSpaceStatistics, setFlagsFromString } from 'node:v8';

/**
 * V8 flags a Tidings process sets on itself at start-up. `--heap-growing-percent=100`: after each
 * full collection the old generation may at most double before the next one. A send worker's live
 * heap is small (~40–50 MB) but it allocates garbage fast, and V8's own factor (up to 4×) let a
 * campaign settle at ~390 MB RSS. `--max-semi-space-size=4`: young generation 2 × 4 MB instead of
 * V8's 2 × 16 MB (applied at run time by {@link capYoungGeneration}); with it a 50,000-recipient
 * campaign peaks at ~196 MB instead of ~230 MB for ~0–10 % more CPU per message. Lower values save
 * more memory at a steep CPU cost (heap-growing 20: ~70 % more CPU per message; semi-space 1:
 * ~20 %), see bench/RESULTS.md "Memory, part 2" and "part 3".
 */
export const DEFAULT_V8_FLAGS = '--heap-growing-percent=100 --max-semi-space-size=4';

/**
 * Applies `TIDINGS_V8_FLAGS` (space-separated; empty = V8's defaults) or {@link DEFAULT_V8_FLAGS}.
 * `--max-semi-space-size=N` is made effective at run time with {@link capYoungGeneration}.
 * A flag also given on node's command line or in NODE_OPTIONS is left to that value. Read from the
 * environment directly, not the config schema: it must run before anything allocates much.
 * Returns the flags applied.
 */
export function applyV8Flags(env: NodeJS.ProcessEnv, execArgv: readonly string[] = process.execArgv): string[] {
  const given = `${execArgv.join(' ')} ${env.NODE_OPTIONS ?? ''}`;
  const flags = (env.TIDINGS_V8_FLAGS ?? DEFAULT_V8_FLAGS).split(/\s+/).filter(Boolean);
  const applied = flags.filter((flag) => !mentions(given, flag));
  for (const flag of applied) {
    setFlagsFromString(flag);
    const semiSpace = /^--max-semi-space-size=(\d+)$/.exec(flag);
    if (semiSpace) capYoungGeneration(Number(semiSpace[1]));
  }
  return applied;
}

let stopCapping: (() => void) | undefined;

/**
 * Keeps each semi-space of the young generation at most `semiSpaceMb` MB from now on: what
 * `--max-semi-space-size` does when given to node itself, which V8 reads only when it creates the
 * heap (set later, the flag alone changes nothing). V8 starts the semi-spaces at 1 MB and, when
 * enough survives a scavenge, multiplies them by `--semi-space-growth-factor`, a flag it does read
 * each time: after every collection this sets that factor so the next growth lands on the cap,
 * and to 1 once there. Two growths between two looks overshoot: loading the modules is one long
 * synchronous stretch in which nearly everything survives, so a cap that takes two doublings from
 * V8's initial 1 MB (2 MB) ends at 4 MB; 4 MB is reached in one growth and held (new space 8 MB
 * in every measured run). (V8 raises a factor below 2 back to 2 whenever an isolate is created, e.g.
 * a worker thread; the next collection sets it again.) Returns a function that stops it.
 */
export function capYoungGeneration(semiSpaceMb: number): () => void {
  stopCapping?.();
  const cap = semiSpaceMb * 1024 * 1024;
  let factor = 0;
  const adjust = () => {
    const newSpace = getHeapSpaceStatistics().find((space) => space.space_name === 'new_space');
    if (!newSpace) return;
    // One semi-space's usable capacity (space_size is not it: V8 commits the other half lazily).
    // Page headers make it a little less than the nominal size, hence the 10 % and the rounding.
    const semi = Math.max(newSpace.space_used_size + newSpace.space_available_size, 1);
    const next = semi >= cap * 0.9 ? 1 : Math.max(2, Math.round(cap / semi));
    if (next === factor) return;
    setFlagsFromString(`--semi-space-growth-factor=${next}`);
    factor = next;
  };
  const observer = new PerformanceObserver(adjust);
  observer.observe({ entryTypes: ['gc'] });
  // No growth until the first collection was observed: loading the modules is one long
  // synchronous stretch in which V8 could grow the space several times before we could look.
  setFlagsFromString('--semi-space-growth-factor=1');
  factor = 1;
  const stop = () => {
    observer.disconnect();
    if (stopCapping === stop) stopCapping = undefined;
  };
  stopCapping = stop;
  return stop;
}

/** Whether `given` sets the same V8 flag as `flag` (`--a-b=1` matches `--a-b`, `--a_b=2`, `--no-a-b`). */
function mentions(given: string, flag: string): boolean {
  const name = flag.replace(/^--(no-)?/, '').replace(/=.*$/, '').replaceAll('_', '-');
  return given.replaceAll('_', '-').split(/\s+/).some((arg) => arg.replace(/^--(no-)?/, '').replace(/=.*$/, '') === name);
}
