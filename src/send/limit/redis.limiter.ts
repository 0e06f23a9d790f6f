import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { SendLimits } from '../ports.js';
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

// Leases are sorted-set members scored by their expiry; expired ones are dropped first.
const LEASE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[1]) then return 0 end
redis.call('ZADD', KEYS[1], now + tonumber(ARGV[2]), ARGV[3])
redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[2]))
return 1
`;

/** Options for {@link RedisRateLimiter}. */
export interface RedisRateLimiterOptions {
  readonly redis: Redis;
  /** Key prefix, e.g. "tidings:limit". */
  readonly prefix: string;
}

/** {@link RateLimiter} shared by every worker process that talks to the same Redis. */
export class RedisRateLimiter implements RateLimiter {
  private readonly redis: Redis;
  private readonly prefix: string;

  constructor(options: RedisRateLimiterOptions) {
    this.redis = options.redis;
    this.prefix = options.prefix;
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
    const id = randomUUID();
    const ok = await this.redis.eval(LEASE, 1, `${this.prefix}:lease:${key}`, max, ttlMs, id);
    return Number(ok) === 1 ? id : undefined;
  }

  async releaseLease(key: string, lease: string): Promise<void> {
    await this.redis.zrem(`${this.prefix}:lease:${key}`, lease);
  }
}
