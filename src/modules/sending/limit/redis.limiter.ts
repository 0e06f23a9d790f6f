import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { SendLimits } from '../ports.js';
import { LeaseHeartbeat, newLeaseId, type HeldLease, type LeaseObserver } from './lease-heartbeat.js';
import { pacingOf, windowsOf, type RateLimiter } from './rate-limiter.js';

// Sliding-window logs plus GCRA pacing in one atomic script, timed by the Redis clock so workers
// on machines with skewed clocks still agree. KEYS[1] = slow-down key, KEYS[2] = GCRA key,
// KEYS[3..] = one sorted set per window. ARGV = interval, tolerance (0 0: no pacing), ms1, limit1,
// ms2, limit2, …, member ('' to only look). Returns 0 (slot taken) or ms to wait.
const ACQUIRE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local blocked = redis.call('PTTL', KEYS[1])
if blocked > 0 then return blocked end
local interval = tonumber(ARGV[1])
local tolerance = tonumber(ARGV[2])
local n = #KEYS - 2
local wait = 0
local tat = now
if interval > 0 then
  tat = math.max(tonumber(redis.call('GET', KEYS[2]) or now), now)
  if tat - now > tolerance then wait = math.ceil(tat - now - tolerance) end
end
for i = 1, n do
  local ms = tonumber(ARGV[i * 2 + 1])
  local limit = tonumber(ARGV[i * 2 + 2])
  local key = KEYS[i + 2]
  redis.call('ZREMRANGEBYSCORE', key, '-inf', now - ms)
  local count = redis.call('ZCARD', key)
  if count >= limit then
    local entry = redis.call('ZRANGE', key, count - limit, count - limit, 'WITHSCORES')
    local w = tonumber(entry[2]) + ms - now
    if w < 1 then w = 1 end
    if w > wait then wait = w end
  end
end
local member = ARGV[n * 2 + 3]
if wait > 0 or member == '' then return wait end
for i = 1, n do
  local ms = tonumber(ARGV[i * 2 + 1])
  redis.call('ZADD', KEYS[i + 2], now, member)
  redis.call('PEXPIRE', KEYS[i + 2], ms)
end
if interval > 0 then
  redis.call('SET', KEYS[2], tostring(tat + interval), 'PX', math.ceil(tat + interval - now + tolerance + 1000))
end
return 0
`;

// Leases are sorted-set members scored by when they lapse. Lapsed ones (their holder stopped
// renewing: killed, or frozen for the whole TTL) are dropped first and returned, so the caller can
// report the reclaim. KEYS[1] = lease set; ARGV = max, ttl, lease id, how long the set itself is
// kept. Returns { 1 taken | 0 full, lapsed ids… }. The set's own expiry is only garbage
// collection: it is kept well past any member's TTL (and never shortened), so a dead holder's
// members are still there — and reported — when the next worker comes for a slot.
const LEASE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local out = { 0 }
local lapsed = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', now)
if #lapsed > 0 then
  redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
  for i = 1, #lapsed do out[i + 1] = lapsed[i] end
end
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[1]) then return out end
redis.call('ZADD', KEYS[1], now + tonumber(ARGV[2]), ARGV[3])
if redis.call('PTTL', KEYS[1]) < tonumber(ARGV[4]) then redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[4])) end
out[1] = 1
return out
`;

// The heartbeat: pushes the expiry of leases still present out by their TTL. KEYS[i] = the set
// of lease i; ARGV = how long a set is kept, then (lease id, ttl) per key. Returns 1 (renewed) or
// 0 (gone: it lapsed and another worker reclaimed the slot) per lease.
const RENEW = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local keep = tonumber(ARGV[1])
local out = {}
for i = 1, #KEYS do
  local lease = ARGV[i * 2]
  if redis.call('ZSCORE', KEYS[i], lease) then
    redis.call('ZADD', KEYS[i], now + tonumber(ARGV[i * 2 + 1]), lease)
    if redis.call('PTTL', KEYS[i]) < keep then redis.call('PEXPIRE', KEYS[i], keep) end
    out[i] = 1
  else
    out[i] = 0
  end
end
return out
`;

/** How long a lease set outlives its members' TTL: long enough that the next acquire sees (and reports) a dead holder's lapsed leases. */
const keepSetMs = (ttlMs: number) => Math.max(ttlMs * 6, 60_000);

/** Options for {@link RedisRateLimiter}. */
export interface RedisRateLimiterOptions {
  readonly redis: Redis;
  /** Key prefix, e.g. "tidings:limit". */
  readonly prefix: string;
  /** Told when lapsed leases are reclaimed, a held one was lost, or a heartbeat failed. */
  readonly observer?: LeaseObserver;
}

/** {@link RateLimiter} shared by every worker process that talks to the same Redis. */
export class RedisRateLimiter implements RateLimiter {
  private readonly redis: Redis;
  private readonly prefix: string;
  private readonly observer: LeaseObserver;
  private readonly heartbeat: LeaseHeartbeat;

  constructor(options: RedisRateLimiterOptions) {
    this.redis = options.redis;
    this.prefix = options.prefix;
    this.observer = options.observer ?? {};
    this.heartbeat = new LeaseHeartbeat((held) => this.renewLeases(held), this.observer);
  }

  acquire(key: string, limits: SendLimits): Promise<number> {
    return this.run(key, limits, randomUUID());
  }

  peek(key: string, limits: SendLimits): Promise<number> {
    return this.run(key, limits, '');
  }

  private async run(key: string, limits: SendLimits, member: string): Promise<number> {
    const windows = windowsOf(limits);
    const pacing = pacingOf(limits);
    const keys = [`${this.prefix}:${key}:slow`, `${this.prefix}:${key}:gcra`, ...windows.map((w) => `${this.prefix}:${key}:${w.ms}`)];
    const args = [pacing?.intervalMs ?? 0, pacing?.toleranceMs ?? 0, ...windows.flatMap((w) => [w.ms, w.limit]), member];
    const result = await this.redis.eval(ACQUIRE, keys.length, ...keys, ...args);
    return Number(result);
  }

  async slowDown(key: string, ms: number): Promise<void> {
    const slowKey = `${this.prefix}:${key}:slow`;
    // Never shorten a longer slow-down another worker set.
    const left = await this.redis.pttl(slowKey);
    if (left < ms) await this.redis.set(slowKey, '1', 'PX', Math.max(1, Math.round(ms)));
  }

  async acquireLease(key: string, max: number, ttlMs: number): Promise<string | undefined> {
    const id = newLeaseId();
    const [taken, ...lapsed] = (await this.redis.eval(LEASE, 1, this.leaseKey(key), max, ttlMs, id, keepSetMs(ttlMs))) as [number, ...string[]];
    if (lapsed.length > 0) this.observer.reclaimed?.(key, lapsed);
    if (Number(taken) !== 1) return undefined;
    this.heartbeat.hold(key, id, ttlMs);
    return id;
  }

  async releaseLease(key: string, lease: string): Promise<void> {
    // Stop renewing first: should the removal fail, the lease lapses on its own within its TTL.
    this.heartbeat.release(lease);
    await this.redis.zrem(this.leaseKey(key), lease);
  }

  /** Leases this limiter renews now (tests). */
  get heldLeases(): number {
    return this.heartbeat.size;
  }

  private leaseKey(key: string): string {
    return `${this.prefix}:lease:${key}`;
  }

  /** The heartbeat's renewal, every held lease in one script; returns the leases already gone. */
  private async renewLeases(held: readonly HeldLease[]): Promise<HeldLease[]> {
    const keep = Math.max(...held.map((h) => keepSetMs(h.ttlMs)));
    const keys = held.map((h) => this.leaseKey(h.key));
    const args = held.flatMap((h) => [h.lease, h.ttlMs]);
    const renewed = (await this.redis.eval(RENEW, keys.length, ...keys, keep, ...args)) as number[];
    return held.filter((_, i) => Number(renewed[i]) !== 1);
  }
}
