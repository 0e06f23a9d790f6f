/** Options for {@link waitFor}. */
export interface WaitForOptions {
  /** Hard upper bound: a bound for a loaded machine, never a speed claim. */
  readonly timeoutMs: number;
  /** How often the condition is asked again (default 50 ms). */
  readonly intervalMs?: number;
  /** Named in the timeout error: what was awaited. */
  readonly what?: string;
}

/**
 * Waits until `condition` holds: returns as soon as it does, throws once `timeoutMs` has passed.
 * This poll interval is the only timer-based wait the tests may use (test/architecture/time.test.ts):
 * it always has a condition, so a fast machine never waits longer than needed and a slow one
 * fails with a message instead of a wrong answer. Resolves with the condition's truthy value.
 */
export async function waitFor<T>(condition: () => T | Promise<T>, options: WaitForOptions): Promise<NonNullable<T>> {
  const deadline = performance.now() + options.timeoutMs;
  for (;;) {
    const value = await condition();
    if (value) return value as NonNullable<T>;
    if (performance.now() > deadline) throw new Error(`gave up after ${options.timeoutMs} ms waiting for ${options.what ?? 'the condition'}`);
    await new Promise((resolve) => setTimeout(resolve, options.intervalMs ?? 50));
  }
}
