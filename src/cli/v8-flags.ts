import { setFlagsFromString } from 'node:v8';

/**
 * V8 flags a Tidings process sets on itself at start-up. `--heap-growing-percent=100`: after each
 * full collection the old generation may at most double before the next one. A send worker's live
 * heap is small (~70–90 MB) but it allocates garbage fast, and V8's own factor (up to 4×) let a
 * campaign settle at ~390 MB RSS; with this, ~285 MB for ~5 % more CPU per message. Lower values
 * save more memory at a steep CPU cost (20: ~230 MB, ~70 % more CPU per message), see
 * bench/RESULTS.md "Memory, part 2".
 */
export const DEFAULT_V8_FLAGS = '--heap-growing-percent=100';

/**
 * Applies `TIDINGS_V8_FLAGS` (space-separated; empty = V8's defaults) or {@link DEFAULT_V8_FLAGS}.
 * A flag also given on node's command line or in NODE_OPTIONS is left to that value. Read from the
 * environment directly, not the config schema: it must run before anything allocates much.
 * Returns the flags applied.
 */
export function applyV8Flags(env: NodeJS.ProcessEnv, execArgv: readonly string[] = process.execArgv): string[] {
  const given = `${execArgv.join(' ')} ${env.NODE_OPTIONS ?? ''}`;
  const flags = (env.TIDINGS_V8_FLAGS ?? DEFAULT_V8_FLAGS).split(/\s+/).filter(Boolean);
  const applied = flags.filter((flag) => !mentions(given, flag));
  for (const flag of applied) setFlagsFromString(flag);
  return applied;
}

/** Whether `given` sets the same V8 flag as `flag` (`--a-b=1` matches `--a-b`, `--a_b=2`, `--no-a-b`). */
function mentions(given: string, flag: string): boolean {
  const name = flag.replace(/^--(no-)?/, '').replace(/=.*$/, '').replaceAll('_', '-');
  return given.replaceAll('_', '-').split(/\s+/).some((arg) => arg.replace(/^--(no-)?/, '').replace(/=.*$/, '') === name);
}
