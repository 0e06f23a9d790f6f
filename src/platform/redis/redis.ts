import { createRequire } from 'node:module';
import type { Redis, RedisOptions } from 'ioredis';
import { TidingsError } from '../errors/index.js';

// ioredis (~10 MB resident) is loaded when a connection is first opened: a process without
// REDIS_URL (the embedded default) never needs it. Synchronous, so createRedis stays as it was.
const require = createRequire(import.meta.url);
let ioredis: typeof import('ioredis') | undefined;

/**
 * Opens an ioredis connection suitable for BullMQ (`maxRetriesPerRequest: null` is required by
 * BullMQ workers, which block on Redis and must not give up after a fixed number of retries).
 */
export function createRedis(url: string, options: RedisOptions = {}): Redis {
  ioredis ??= require('ioredis') as typeof import('ioredis');
  return new ioredis.Redis(url, { maxRetriesPerRequest: null, enableReadyCheck: true, lazyConnect: false, ...options });
}

/** What /health reports about Redis. */
export interface RedisStatus {
  readonly ok: boolean;
  readonly maxmemoryPolicy?: string;
  readonly error?: string;
}

/** Pings Redis and reads its eviction policy; never throws. */
export async function redisStatus(redis: Redis): Promise<RedisStatus> {
  try {
    await redis.ping();
    const reply = (await redis.config('GET', 'maxmemory-policy')) as string[];
    const policy = reply[1] ?? 'unknown';
    return policy === 'noeviction'
      ? { ok: true, maxmemoryPolicy: policy }
      : { ok: false, maxmemoryPolicy: policy, error: 'maxmemory-policy must be noeviction' };
  } catch (error) {
    return { ok: false, error: (error as Error).message };
  }
}

/**
 * Refuses to run a queue on a Redis that may evict keys: BullMQ keeps jobs as keys, and an evicted
 * job is a message silently lost.
 */
export async function assertNoEviction(redis: Redis): Promise<void> {
  const status = await redisStatus(redis);
  if (status.ok) return;
  if (status.maxmemoryPolicy) {
    throw new TidingsError(
      'QUEUE_REDIS_POLICY',
      `Redis maxmemory-policy is ${status.maxmemoryPolicy}; it must be noeviction (run: redis-cli CONFIG SET maxmemory-policy noeviction, and set it in redis.conf).`,
    );
  }
  throw new TidingsError('QUEUE_UNAVAILABLE', `Redis at REDIS_URL does not answer: ${status.error ?? 'no reply'}`);
}
