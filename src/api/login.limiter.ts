import { TidingsError } from '../errors/index.js';
import type { Store } from '../store/index.js';

/** Options for {@link LoginLimiter}. */
export interface LoginLimiterOptions {
  /** Length of the sliding window. Default 15 minutes. */
  readonly windowMs?: number;
  /** Failures per user name within the window before sign-in is refused. Default 5. */
  readonly maxPerUser?: number;
  /**
   * Failures per client address within the window. Default 20: higher than per user because an
   * office behind one NAT address shares it, yet low enough to stop guessing across many names.
   */
  readonly maxPerIp?: number;
}

/**
 * Counts failed sign-ins in the store, not in process memory or Redis: several API processes
 * behind a load balancer must share the count (memory would give each its own allowance), and
 * the one-machine deployment has no Redis while every deployment has the store. A failure is a
 * rare event, so one small insert per failure costs nothing.
 */
export class LoginLimiter {
  private readonly windowMs: number;
  private readonly maxPerUser: number;
  private readonly maxPerIp: number;

  constructor(
    private readonly store: Store,
    options: LoginLimiterOptions = {},
  ) {
    this.windowMs = options.windowMs ?? 15 * 60_000;
    this.maxPerUser = options.maxPerUser ?? 5;
    this.maxPerIp = options.maxPerIp ?? 20;
  }

  /** Throws AUTH_RATE_LIMITED (context.retryAfterSeconds) when either key is over its limit. */
  async check(username: string, ip: string, now = Date.now()): Promise<void> {
    for (const [key, max] of [
      [userKey(username), this.maxPerUser],
      [ipKey(ip), this.maxPerIp],
    ] as const) {
      const rows = await this.store.db
        .selectFrom('login_failures')
        .select('at')
        .where('key', '=', key)
        .where('at', '>', now - this.windowMs)
        .orderBy('at', 'desc')
        .limit(max)
        .execute();
      if (rows.length >= max) {
        // Allowed again when the oldest of the last `max` failures leaves the window.
        const oldest = rows[rows.length - 1]?.at ?? now;
        const retryAfterSeconds = Math.max(1, Math.ceil((oldest + this.windowMs - now) / 1000));
        throw new TidingsError(
          'AUTH_RATE_LIMITED',
          `Too many failed sign-ins; try again in ${retryAfterSeconds} seconds.`,
          { context: { retryAfterSeconds } },
        );
      }
    }
  }

  /** Records one failure for both keys and drops rows that left the window. */
  async fail(username: string, ip: string, now = Date.now()): Promise<void> {
    await this.store.db
      .insertInto('login_failures')
      .values([
        { key: userKey(username), at: now },
        { key: ipKey(ip), at: now },
      ])
      .execute();
    await this.store.db.deleteFrom('login_failures').where('at', '<=', now - this.windowMs).execute();
  }

  /** Clears the user name's failures after a successful sign-in (the address keeps its count). */
  async succeed(username: string): Promise<void> {
    await this.store.db.deleteFrom('login_failures').where('key', '=', userKey(username)).execute();
  }
}

const userKey = (username: string) => `user:${username.trim().toLowerCase().slice(0, 200)}`;
const ipKey = (ip: string) => `ip:${ip}`;
