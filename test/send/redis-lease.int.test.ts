// Domain slots in Redis are short leases renewed by their holder's heartbeat: a live holder keeps
// its slot however long its send takes (several TTLs here), and nobody reclaims it meanwhile.
import { randomBytes } from 'node:crypto';
import { afterAll, expect, it } from 'vitest';
import { createRedis } from '../../src/platform/redis/index.js';
import { RedisRateLimiter } from '../../src/modules/sending/limit/redis.limiter.js';
import { waitUntil } from '../fixtures/send/harness.js';
import { describeWithServices, REDIS_URL } from '../helpers/services.js';

const TTL = 1_000;

await describeWithServices(['redis'], 'send: Redis domain leases with a heartbeat', () => {
  const redis = createRedis(REDIS_URL);
  afterAll(() => redis.disconnect());

  it('keeps a held lease through several TTLs by renewing it, reclaims nothing live, frees it on release', async () => {
    const prefix = `tl-${randomBytes(4).toString('hex')}`;
    const reclaimed: string[] = [];
    const holder = new RedisRateLimiter({ redis, prefix });
    const other = new RedisRateLimiter({ redis, prefix, observer: { reclaimed: (_key, leases) => reclaimed.push(...leases) } });
    const lease = await holder.acquireLease('domain:d.test', 1, TTL);
    expect(lease).toBeDefined();
    const key = `${prefix}:lease:domain:d.test`;
    const expiry = async () => Number(await redis.zscore(key, lease!));

    // Three heartbeats, each pushing the lease's expiry out, while another worker keeps asking.
    let last = await expiry();
    for (let beat = 0; beat < 3; beat++) {
      await waitUntil(async () => {
        expect(await other.acquireLease('domain:d.test', 1, TTL)).toBeUndefined();
        const now = await expiry();
        if (now <= last) return false;
        last = now;
        return true;
      }, 20_000, 50);
    }
    expect(reclaimed).toEqual([]);
    expect(holder.heldLeases).toBe(1);

    await holder.releaseLease('domain:d.test', lease!);
    expect(holder.heldLeases).toBe(0);
    const next = await other.acquireLease('domain:d.test', 1, TTL);
    expect(next).toBeDefined();
    await other.releaseLease('domain:d.test', next!);
    expect(reclaimed).toEqual([]);
  });
});
