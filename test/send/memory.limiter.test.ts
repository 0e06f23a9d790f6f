import { expect, it, vi } from 'vitest';
import { MemoryRateLimiter } from '../../src/modules/sending/index.js';

it('allows at most the per-minute limit in any sliding minute and says how long to wait', async () => {
  let now = 1_000_000;
  const limiter = new MemoryRateLimiter(() => now);
  for (let i = 0; i < 3; i++) {
    expect(await limiter.acquire('a', { perMinute: 3 })).toBe(0);
    now += 10_000;
  }
  expect(await limiter.acquire('a', { perMinute: 3 })).toBe(30_000);
  expect(await limiter.peek('a', { perMinute: 3 })).toBe(30_000);
  now += 30_000;
  expect(await limiter.acquire('a', { perMinute: 3 })).toBe(0);
  expect(await limiter.acquire('b', { perMinute: 3 })).toBe(0); // keys are separate
});

it('paces a per-second limit instead of letting it burst', async () => {
  const now = 5_000;
  const limiter = new MemoryRateLimiter(() => now);
  let granted = 0;
  while ((await limiter.acquire('a', { perSecond: 50 })) === 0) granted++;
  // 100 ms of tolerance at 20 ms per message: a handful at once, not 50.
  expect(granted).toBeLessThanOrEqual(6);
});

it('holds an account back after a slow-down and caps concurrent leases', async () => {
  let now = 0;
  const limiter = new MemoryRateLimiter(() => now);
  await limiter.slowDown('a', 5_000);
  expect(await limiter.acquire('a', {})).toBe(5_000);
  now += 5_000;
  expect(await limiter.acquire('a', {})).toBe(0);
  const l1 = await limiter.acquireLease('d', 1, 1_000);
  expect(l1).toBeDefined();
  expect(await limiter.acquireLease('d', 1, 1_000)).toBeUndefined();
  await limiter.releaseLease('d', l1!);
  expect(await limiter.acquireLease('d', 1, 1_000)).toBeDefined();
});

it('renews held leases on a heartbeat and reclaims (and reports) only lapsed ones', async () => {
  vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
  try {
    let now = 0;
    const reclaimed: string[][] = [];
    const limiter = new MemoryRateLimiter(() => now, { reclaimed: (_key, leases) => reclaimed.push([...leases]) });
    const held = await limiter.acquireLease('d', 1, 3_000);
    expect(held).toBeDefined();
    // A live holder: its heartbeat (every third of the TTL) keeps the lease however long it is held.
    for (let i = 0; i < 5; i++) {
      now += 1_000;
      await vi.advanceTimersByTimeAsync(1_000);
    }
    expect(await limiter.acquireLease('d', 1, 3_000)).toBeUndefined();
    expect(reclaimed).toEqual([]);
    // The holder stops beating (a frozen process: the timer does not run): the lease lapses and the
    // next acquire reclaims it and reports it.
    now += 3_000;
    const next = await limiter.acquireLease('d', 1, 3_000);
    expect(next).toBeDefined();
    expect(reclaimed).toEqual([[held]]);
    await limiter.releaseLease('d', next!);
    expect(limiter.heldLeases).toBe(1); // the first holder's lease is still in its heartbeat until released
    await limiter.releaseLease('d', held!);
    expect(limiter.heldLeases).toBe(0);
    expect(vi.getTimerCount()).toBe(0); // no heartbeat while nothing is held
  } finally {
    vi.useRealTimers();
  }
});
