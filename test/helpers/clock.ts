import type { TimerClock } from '../../src/platform/clock/index.js';

/**
 * A clock that only moves when the test moves it. `sleep` calls wait until the time is advanced
 * past their end (or their signal aborts), so a loop's backoff or pause is driven by the test,
 * never by real time.
 */
export class FakeClock implements TimerClock {
  /** Every sleep asked for, in ms, in order: the test reads the delays a loop chose. */
  readonly sleeps: number[] = [];
  private time: number;
  private waiting: Array<{ until: number; resolve: () => void }> = [];
  private onSleep: Array<() => void> = [];

  constructor(start: number | Date = Date.UTC(2027, 0, 1)) {
    this.time = typeof start === 'number' ? start : start.getTime();
  }

  now(): number {
    return this.time;
  }

  date(): Date {
    return new Date(this.time);
  }

  sleep(ms: number, signal: AbortSignal): Promise<void> {
    this.sleeps.push(ms);
    return new Promise((resolve) => {
      if (signal.aborted) return resolve();
      const entry = { until: this.time + Math.max(0, ms), resolve };
      signal.addEventListener('abort', () => {
        this.waiting = this.waiting.filter((w) => w !== entry);
        resolve();
      }, { once: true });
      this.waiting.push(entry);
      const listeners = this.onSleep;
      this.onSleep = [];
      for (const listener of listeners) listener();
    });
  }

  /** Sets the time (it may go backwards, as a wall clock can); releases the sleeps now due. */
  set(to: number | Date): void {
    this.time = typeof to === 'number' ? to : to.getTime();
    this.release();
  }

  /** Moves the time on by `ms` and releases the sleeps now due. */
  advance(ms: number): void {
    this.set(this.time + ms);
  }

  /** Resolves once something is asleep on this clock (a loop has finished a run). */
  asleep(): Promise<void> {
    if (this.waiting.length > 0) return Promise.resolve();
    return new Promise((resolve) => this.onSleep.push(resolve));
  }

  /** Moves the time to the end of the earliest sleep and releases it; throws when nothing sleeps. */
  wake(): void {
    const next = this.waiting.reduce<number | undefined>((min, w) => (min === undefined || w.until < min ? w.until : min), undefined);
    if (next === undefined) throw new Error('nothing is asleep on the fake clock');
    this.set(Math.max(this.time, next));
  }

  private release(): void {
    const due = this.waiting.filter((w) => w.until <= this.time);
    this.waiting = this.waiting.filter((w) => w.until > this.time);
    for (const w of due) w.resolve();
  }
}
