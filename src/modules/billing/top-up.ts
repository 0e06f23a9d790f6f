/** One charge expected on a wallet: a scheduled SMS campaign's send, at its time. */
export interface ExpectedCharge {
  /** Epoch milliseconds of the send. */
  readonly at: number;
  /** Its estimated cost in 厘 (integer). */
  readonly costMinor: number;
}

/** Whether a wallet covers what is coming, and if not, how much to add by when. */
export interface TopUpNeed {
  /** Sum of the expected charges, in 厘. */
  readonly neededMinor: number;
  /** How much is missing (0 when the balance covers it all), in 厘. */
  readonly shortMinor: number;
  /** The first send the balance would not cover: top up before it. Null when nothing is short. */
  readonly byAt: number | null;
}

/**
 * The top-up arithmetic, in integer 厘 only: charges are taken from the balance in time order;
 * the first one that no longer fits sets the date to top up by, and the amount short is the total
 * needed minus the balance. A negative or fractional amount is a programming error.
 */
export function topUpNeeded(balanceMinor: number, charges: readonly ExpectedCharge[]): TopUpNeed {
  for (const value of [balanceMinor, ...charges.map((c) => c.costMinor)]) {
    if (!Number.isSafeInteger(value)) throw new RangeError(`amounts are whole 厘; got ${value}`);
  }
  let left = balanceMinor;
  let byAt: number | null = null;
  let neededMinor = 0;
  for (const charge of [...charges].sort((a, b) => a.at - b.at)) {
    neededMinor += charge.costMinor;
    left -= charge.costMinor;
    if (left < 0 && byAt === null) byAt = charge.at;
  }
  return { neededMinor, shortMinor: Math.max(0, neededMinor - balanceMinor), byAt };
}
