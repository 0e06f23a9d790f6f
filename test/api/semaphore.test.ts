import { describe, expect, it } from 'vitest';
import { MAX_CONCURRENT_HASHES } from '../../src/modules/users/index.js';
import { Semaphore } from '../../src/platform/runtime/index.js';

function gate(): { promise: Promise<void>; resolve: () => void } {
  let resolve = () => {};
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

describe('Semaphore (bounds scrypt runs in a process)', () => {
  it('runs at most `permits` tasks at once, the rest in arrival order, and frees permits on failure', async () => {
    const semaphore = new Semaphore(2);
    let running = 0;
    let peak = 0;
    const started: number[] = [];
    const gates = Array.from({ length: 5 }, gate);
    const tasks = gates.map((g, i) =>
      semaphore.run(async () => {
        started.push(i);
        running += 1;
        peak = Math.max(peak, running);
        await g.promise;
        running -= 1;
        if (i === 1) throw new Error('task 1 fails');
        return i;
      }),
    );
    await expect.poll(() => started).toEqual([0, 1]);
    gates[1]!.resolve();
    await expect(tasks[1]).rejects.toThrow('task 1 fails');
    await expect.poll(() => started).toEqual([0, 1, 2]);
    for (const g of gates) g.resolve();
    expect(await Promise.all([tasks[0], tasks[2], tasks[3], tasks[4]])).toEqual([0, 2, 3, 4]);
    expect(started).toEqual([0, 1, 2, 3, 4]);
    expect(peak).toBe(2);
  });

  it('bounds password hashing to a few at a time (128 MiB each at production cost)', () => {
    expect(MAX_CONCURRENT_HASHES).toBeGreaterThanOrEqual(1);
    expect(MAX_CONCURRENT_HASHES).toBeLessThanOrEqual(4);
  });
});
