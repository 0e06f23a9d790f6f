/**
 * The browser's clock: the one place in the UI that reads the time, so screens and their tests
 * can be given a fixed instant (the server side has its own, src/platform/clock).
 */
export interface Clock {
  /** Epoch milliseconds. */
  now(): number;
  /** The current instant as a new Date. */
  date(): Date;
}

/** The device's clock. */
export const browserClock: Clock = {
  now: () => Date.now(),
  date: () => new Date(),
};
