/**
 * Where the application reads the time. Code takes a `Clock` (through its context, options or an
 * optional parameter defaulting to {@link systemClock}) instead of calling `Date.now()`, so tests
 * set the time they need instead of waiting for it, and nothing depends on how fast a machine is.
 */
export interface Clock {
  /** The current instant in epoch milliseconds (UTC), the store's one time representation. */
  now(): number;
  /** The current instant as a new `Date`. */
  date(): Date;
}

/** A clock that can also wait: loops that back off or pause between runs. */
export interface TimerClock extends Clock {
  /** Resolves after `ms` of this clock's time, or at once when `signal` aborts. */
  sleep(ms: number, signal: AbortSignal): Promise<void>;
}

/**
 * The machine's clock. This file is the only place in src that reads the wall clock
 * (test/architecture/time.test.ts enforces it); its timers do not keep the process alive.
 */
export const systemClock: TimerClock = {
  now: () => Date.now(),
  date: () => new Date(),
  sleep: (ms, signal) =>
    new Promise((resolve) => {
      if (signal.aborted) return resolve();
      const done = () => {
        clearTimeout(timer);
        signal.removeEventListener('abort', done);
        resolve();
      };
      const timer = setTimeout(done, Math.max(0, ms));
      timer.unref();
      signal.addEventListener('abort', done, { once: true });
    }),
};
