import { systemClock, type TimerClock } from '../clock/index.js';
import type { Logger } from '../logger/index.js';
import { errorCode, type LoopRegistry } from './loop-health.js';

/** Time as the supervisor sees it (the platform clock and its timers); tests pass a fake one and need no sleeps. */
export type SupervisorClock = TimerClock;

/** Real time: timers that do not keep the process alive on their own. */
export const systemSupervisorClock: SupervisorClock = systemClock;

/** Retry delays after failures: exponential from `baseMs`, capped at `maxMs`, ± `jitter`. */
export interface Backoff {
  readonly baseMs: number;
  readonly maxMs: number;
  /** Fraction of the delay drawn at random either way (0.2: ±20 %), so retries do not align. */
  readonly jitter: number;
}

export const DEFAULT_BACKOFF: Backoff = { baseMs: 1_000, maxMs: 5 * 60_000, jitter: 0.2 };

/** The delay before retry number `failures` (1-based); `random` in [0, 1). */
export function backoffDelay(backoff: Backoff, failures: number, random: () => number = Math.random): number {
  const base = Math.min(backoff.maxMs, backoff.baseMs * 2 ** Math.min(Math.max(0, failures - 1), 30));
  const jittered = base * (1 - backoff.jitter + 2 * backoff.jitter * random());
  return Math.round(Math.min(backoff.maxMs, Math.max(0, jittered)));
}

/** What a run asks for next: wait this many ms before the next run, or stop the loop. */
export type NextRun = number | 'stop';

/** Options for {@link superviseLoop}. */
export interface SupervisedLoop {
  /** The loop family shown in /health (`sweeper`, `scheduler`, `inbox`...). */
  readonly name: string;
  /** This instance among the family's (a mailbox id); defaults to the name. */
  readonly instance?: string;
  /** Logged with every failure: which account, campaign, mailbox. */
  readonly context?: Readonly<Record<string, unknown>>;
  /** A critical loop failing persistently turns /health degraded (see LoopRegistry). */
  readonly critical?: boolean;
  readonly registry: LoopRegistry;
  readonly logger: Logger;
  readonly signal: AbortSignal;
  readonly clock?: SupervisorClock;
  readonly backoff?: Backoff;
  readonly random?: () => number;
  /**
   * One run of the loop's work. A run that goes on for long (a poller holding its mailbox) calls
   * `succeeded` after each piece of work, so /health shows it well again without waiting for the end.
   */
  run(signal: AbortSignal, succeeded: () => void): Promise<NextRun>;
  /**
   * Looks at a failure before it is retried: `stop` ends the loop quietly (what it works on is
   * gone, e.g. a deleted mailbox), `retry` backs off and tries again.
   */
  classify?(error: unknown): Promise<'retry' | 'stop'> | 'retry' | 'stop';
}

/**
 * Runs `loop.run` until the signal aborts or a run asks to stop. A failed run never escapes: it is
 * logged with the loop's context, shown in /health, and retried with capped exponential backoff
 * with jitter; the first success clears it. Resolves (never rejects) when the loop ends.
 */
export async function superviseLoop(loop: SupervisedLoop): Promise<void> {
  const clock = loop.clock ?? systemSupervisorClock;
  const backoff = loop.backoff ?? DEFAULT_BACKOFF;
  const instance = loop.instance ?? loop.name;
  const state = loop.registry.register(loop.name, instance, loop.critical ?? false);
  const succeeded = () => Object.assign(state, { ok: true, failures: 0, retryAt: undefined });
  try {
    while (!loop.signal.aborted) {
      let next: NextRun;
      try {
        next = await loop.run(loop.signal, succeeded);
        succeeded();
      } catch (error) {
        if (loop.signal.aborted) break;
        let verdict: 'retry' | 'stop' = 'retry';
        try {
          verdict = (await loop.classify?.(error)) ?? 'retry';
        } catch {
          // Could not tell (the store is down, say): retrying is the safe answer.
        }
        if (verdict === 'stop') {
          loop.logger.info({ loop: loop.name, ...loop.context, code: errorCode(error) }, 'background loop stopped: what it worked on is gone');
          return;
        }
        const failures = state.failures + 1;
        const wait = backoffDelay(backoff, failures, loop.random);
        const now = clock.now();
        Object.assign(state, { ok: false, failures, lastError: errorCode(error), lastErrorAt: now, retryAt: now + wait });
        loop.logger.warn(
          { loop: loop.name, ...loop.context, code: errorCode(error), err: error instanceof Error ? error.message : String(error), failures, retryInMs: wait },
          'background loop failed; retrying',
        );
        next = wait;
      }
      if (next === 'stop') return;
      await clock.sleep(next, loop.signal);
    }
  } finally {
    loop.registry.unregister(loop.name, instance);
  }
}
