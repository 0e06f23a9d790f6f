import { sql } from 'kysely';
import { isIPv4, isIPv6 } from 'node:net';
import { TidingsError } from '../../platform/errors/index.js';
import type { Store } from '../../platform/db/index.js';
import { systemClock, type Clock } from '../../platform/clock/index.js';

/** Options for {@link LoginLimiter}. */
export interface LoginLimiterOptions {
  /** Length of each key's window, from its first attempt. Default 15 minutes. */
  readonly windowMs?: number;
  /** Attempts per user name within the window (a success clears them). Default 5. */
  readonly maxPerUser?: number;
  /**
   * Distinct user names tried from one client address within the window. Default 20: an office
   * behind one NAT address has many people, yet 20 names are few for someone spraying guesses.
   */
  readonly maxPerIp?: number;
  /** Sign-ins for one user name being checked at once in this process. Default 2 (a double click). */
  readonly maxInFlightPerUser?: number;
  /** Sign-ins from one client address being checked at once in this process. Default 8. */
  readonly maxInFlightPerIp?: number;
}

/** A sign-in attempt that holds its slots; the caller reports how it ended. */
export interface LoginAttempt {
  /** The password was right: clears the user name's count and gives back the address's slot for it. */
  succeeded(): Promise<void>;
  /** The password was wrong: the slots stay used; expired counters are pruned. */
  failed(): Promise<void>;
  /** Frees the in-process permits. Always call it (in `finally`); calling twice is harmless. */
  end(): void;
}

interface Counter {
  readonly attempts: number;
  readonly windowStart: number;
}

/**
 * Limits password guessing, counted in the store before any hashing happens.
 *
 * **Atomic.** {@link begin} reserves an attempt slot with one conditional upsert per key
 * (`insert … on conflict do update … where attempts < max returning`), which SQLite runs under
 * its single write lock and PostgreSQL re-checks on the locked row. So 20 concurrent wrong
 * passwords for one user get at most `maxPerUser` password checks; the rest are refused with
 * AUTH_RATE_LIMITED (429 + Retry-After) without a hash being computed. A wrong password leaves its
 * slot used; a right one clears the user's counter. The count lives in the store, not in process
 * memory or Redis, so every API process behind a load balancer shares it and the one-machine
 * deployment (no Redis) has it too.
 *
 * **The address rule.** The per-address limit counts *distinct user names* tried from the
 * address in the window (a `pair:` row marks that a name has been counted), not attempts. A burst
 * against one user therefore costs the address one unit, and locks out only that user: every other
 * person behind the same address can still sign in. Only spraying guesses over many names (more
 * than `maxPerIp`) locks the address. A name that then signs in successfully gives its unit back,
 * so an office whose people mistype now and then is never locked. IPv6 clients are keyed by their
 * /64, since one host usually owns a whole /64.
 *
 * **In flight.** Besides the counts, at most `maxInFlightPerUser` / `maxInFlightPerIp` sign-ins per
 * key are checked at once in this process (each hash takes 128 MiB and most of a core); one beyond
 * that is refused with Retry-After: 1 and its slot stays used, so concurrency buys no extra guesses.
 * This bound is per process on purpose: it protects this process's CPU and memory, and a process
 * that dies takes its count with it instead of leaving a stale one behind.
 */
export class LoginLimiter {
  private readonly windowMs: number;
  private readonly maxPerUser: number;
  private readonly maxPerIp: number;
  private readonly maxInFlightPerUser: number;
  private readonly maxInFlightPerIp: number;
  private readonly inFlight = new Map<string, number>();

  constructor(
    private readonly store: Store,
    options: LoginLimiterOptions = {},
    private readonly clock: Clock = systemClock,
  ) {
    this.windowMs = options.windowMs ?? 15 * 60_000;
    this.maxPerUser = options.maxPerUser ?? 5;
    this.maxPerIp = options.maxPerIp ?? 20;
    this.maxInFlightPerUser = options.maxInFlightPerUser ?? 2;
    this.maxInFlightPerIp = options.maxInFlightPerIp ?? 8;
  }

  /**
   * Reserves one attempt for `username` from `ip`, or throws AUTH_RATE_LIMITED
   * (context.retryAfterSeconds) when the address or the user name is over its limit, or too many
   * of their sign-ins are being checked right now.
   */
  async begin(username: string, ip: string, now = this.clock.now()): Promise<LoginAttempt> {
    const user = userKey(username);
    const address = ipKey(ip);
    const pair = `pair:${address.slice(3)} ${user.slice(5)}`;

    // 1. The address: a name not yet counted in this window takes one unit; any attempt is refused once it is full.
    const pairCounter = await this.bump(pair, undefined, now);
    const newName = pairCounter?.attempts === 1;
    if (newName) {
      if (!(await this.bump(address, this.maxPerIp, now))) {
        await this.forgetPair(pair);
        throw await this.limited(address, now);
      }
    } else {
      const counter = await this.read(address);
      if (counter && counter.windowStart > now - this.windowMs && counter.attempts >= this.maxPerIp) throw await this.limited(address, now);
    }

    // 2. The user name: one slot per attempt, taken before the password is checked.
    if (!(await this.bump(user, this.maxPerUser, now))) {
      // Trying a locked name is no guess: give the address its unit back.
      if (newName) {
        await this.forgetPair(pair);
        await this.giveBack(address, now);
      }
      throw await this.limited(user, now);
    }

    // 3. In flight in this process. Refused here, the slot stays used: concurrency buys no guesses.
    const keys = this.acquire([
      [user, this.maxInFlightPerUser],
      [address, this.maxInFlightPerIp],
    ]);
    if (!keys) {
      throw new TidingsError('AUTH_RATE_LIMITED', 'Another sign-in for this user name or address is in progress; try again in a second.', {
        context: { retryAfterSeconds: 1 },
      });
    }

    let ended = false;
    return {
      succeeded: async () => {
        await this.store.db.deleteFrom('login_limits').where('key', '=', user).execute();
        const forgotten = await this.forgetPair(pair);
        if (forgotten !== undefined && forgotten > now - this.windowMs) await this.giveBack(address, forgotten);
      },
      failed: async () => {
        await this.store.db.deleteFrom('login_limits').where('window_start', '<=', this.clock.now() - this.windowMs).execute();
      },
      end: () => {
        if (ended) return;
        ended = true;
        this.release(keys);
      },
    };
  }

  /**
   * Adds one attempt to `key` in one statement: starts a new window when the old one has passed,
   * and when `max` is given, changes nothing (and returns undefined) if the window is already full.
   */
  private async bump(key: string, max: number | undefined, now: number): Promise<Counter | undefined> {
    const cutoff = now - this.windowMs;
    const expired = sql<boolean>`login_limits.window_start <= ${cutoff}`;
    const row = await this.store.db
      .insertInto('login_limits')
      .values({ key, window_start: now, attempts: 1 })
      .onConflict((conflict) => {
        const update = conflict.column('key').doUpdateSet({
          attempts: sql<number>`case when ${expired} then 1 else login_limits.attempts + 1 end`,
          window_start: sql<number>`case when ${expired} then cast(${now} as bigint) else login_limits.window_start end`,
        });
        return max === undefined ? update : update.where(sql<boolean>`${expired} or login_limits.attempts < ${max}`);
      })
      .returning(['attempts', 'window_start'])
      .executeTakeFirst();
    return row && { attempts: Number(row.attempts), windowStart: Number(row.window_start) };
  }

  private async read(key: string): Promise<Counter | undefined> {
    const row = await this.store.db.selectFrom('login_limits').select(['attempts', 'window_start']).where('key', '=', key).executeTakeFirst();
    return row && { attempts: Number(row.attempts), windowStart: Number(row.window_start) };
  }

  /** Deletes a name's mark at an address; returns the window it was counted in, if it existed. */
  private async forgetPair(pair: string): Promise<number | undefined> {
    const row = await this.store.db.deleteFrom('login_limits').where('key', '=', pair).returning('window_start').executeTakeFirst();
    return row && Number(row.window_start);
  }

  /** Gives one unit back to the address, unless its window started after `countedAt` (the unit was never in it). */
  private async giveBack(address: string, countedAt: number): Promise<void> {
    await this.store.db
      .updateTable('login_limits')
      .set({ attempts: sql<number>`attempts - 1` })
      .where('key', '=', address)
      .where('attempts', '>', 0)
      .where('window_start', '<=', countedAt)
      .execute();
  }

  private async limited(key: string, now: number): Promise<TidingsError> {
    const counter = await this.read(key);
    // Allowed again when the window that filled up ends.
    const until = (counter?.windowStart ?? now) + this.windowMs;
    const retryAfterSeconds = Math.max(1, Math.ceil((until - now) / 1000));
    return new TidingsError('AUTH_RATE_LIMITED', `Too many failed sign-ins; try again in ${retryAfterSeconds} seconds.`, {
      context: { retryAfterSeconds },
    });
  }

  private acquire(limits: readonly (readonly [string, number])[]): string[] | undefined {
    if (limits.some(([key, max]) => (this.inFlight.get(key) ?? 0) >= max)) return undefined;
    const keys = limits.map(([key]) => key);
    for (const key of keys) this.inFlight.set(key, (this.inFlight.get(key) ?? 0) + 1);
    return keys;
  }

  private release(keys: readonly string[]): void {
    for (const key of keys) {
      const left = (this.inFlight.get(key) ?? 1) - 1;
      if (left > 0) this.inFlight.set(key, left);
      else this.inFlight.delete(key);
    }
  }
}

const userKey = (username: string) => `user:${username.trim().toLowerCase().slice(0, 200)}`;

/** `ip:<address>`; IPv6 by its /64 (one host usually has all of it), IPv4-mapped IPv6 as IPv4. */
export function ipKey(ip: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip)?.[1];
  if (mapped && isIPv4(mapped)) return `ip:${mapped}`;
  if (!isIPv6(ip)) return `ip:${ip}`;
  // A trailing dotted quad is two groups; spell it so, for the group count below.
  const hex = ip.replace(/%.*$/, '').replace(/(\d+)\.(\d+)\.(\d+)\.(\d+)$/, (_m, a: string, b: string, c: string, d: string) => {
    const [w, x, y, z] = [a, b, c, d].map(Number) as [number, number, number, number];
    return `${((w << 8) | x).toString(16)}:${((y << 8) | z).toString(16)}`;
  });
  const [head = '', tail = ''] = hex.split('::');
  const left = head ? head.split(':') : [];
  const right = hex.includes('::') && tail ? tail.split(':') : [];
  const groups = hex.includes('::') ? [...left, ...Array<string>(8 - left.length - right.length).fill('0'), ...right] : left;
  return `ip:${groups
    .slice(0, 4)
    .map((g) => Number.parseInt(g, 16).toString(16))
    .join(':')}::/64`;
}
