import { describe, expect, it } from 'vitest';
import { TickBatcher } from '../../src/platform/db/tick-batcher.js';

describe('TickBatcher', () => {
  it('answers every lookup of one turn with one load of the distinct keys', async () => {
    const loads: number[][] = [];
    const batcher = new TickBatcher<number, string>(async (keys) => {
      loads.push([...keys]);
      return new Map(keys.filter((k) => k !== 3).map((k) => [k, `v${k}`]));
    });
    const answers = await Promise.all([1, 2, 2, 3].map((k) => batcher.get(k)));
    expect(answers).toEqual(['v1', 'v2', 'v2', undefined]);
    expect(loads).toEqual([[1, 2, 3]]);
    // A later turn loads again: nothing is cached.
    expect(await batcher.get(1)).toBe('v1');
    expect(loads).toEqual([[1, 2, 3], [1]]);
  });

  it('splits a large turn into batches and fails only the callers of a failed batch', async () => {
    const batcher = new TickBatcher<number, number>(async (keys) => {
      if (keys.includes(5)) throw new Error('boom');
      return new Map(keys.map((k) => [k, k * 10]));
    }, 4);
    const settled = await Promise.allSettled([1, 2, 3, 4, 5, 6].map((k) => batcher.get(k)));
    expect(settled.map((s) => (s.status === 'fulfilled' ? s.value : (s.reason as Error).message))).toEqual([10, 20, 30, 40, 'boom', 'boom']);
  });
});
