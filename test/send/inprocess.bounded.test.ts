import { describe, expect, it } from 'vitest';
import { InProcessDispatcher } from '../../src/modules/sending/dispatch/inprocess.dispatcher.js';
import type { SendJobResult } from '../../src/modules/sending/dispatch/dispatcher.js';
import { createLogger } from '../../src/platform/logger/index.js';
import { waitFor } from '../helpers/wait.js';

const logger = createLogger({ level: 'silent' });

/** A stand-in outbox: row id → state, with the dispatcher's `due` query over it. */
function fakeOutbox(count: number) {
  const state = new Map<number, 'queued' | 'sent' | 'deferred'>();
  const retryAt = new Map<number, number>();
  for (let id = 1; id <= count; id++) state.set(id, 'queued');
  const due = async (afterId: number, limit: number) => {
    const ids: number[] = [];
    for (const [id, s] of state) {
      if (id <= afterId) continue;
      if (s === 'queued' || (s === 'deferred' && (retryAt.get(id) ?? 0) <= Date.now())) ids.push(id);
      if (ids.length >= limit) break;
    }
    return ids;
  };
  return { state, retryAt, due };
}

describe('in-process dispatcher pulling from the store', () => {
  it('holds at most highWater ids while 5,000 queued rows are offered at once, and runs each row once', async () => {
    const outbox = fakeOutbox(5_000);
    const runs = new Map<number, number>();
    let maxHeld = 0;
    let dispatcher!: InProcessDispatcher;
    dispatcher = new InProcessDispatcher({
      concurrency: 8,
      logger,
      highWater: 64,
      lowWater: 16,
      due: outbox.due,
      process: async (id): Promise<SendJobResult> => {
        maxHeld = Math.max(maxHeld, await dispatcher.backlog());
        runs.set(id, (runs.get(id) ?? 0) + 1);
        await new Promise((r) => setImmediate(r));
        if (outbox.state.get(id) !== 'queued') return { kind: 'done', outcome: 'already' };
        outbox.state.set(id, 'sent');
        return { kind: 'done', outcome: 'sent' };
      },
    });
    await dispatcher.start();
    // What the campaign service does: offer every row as it is written.
    for (let from = 1; from <= 5_000; from += 500) await dispatcher.enqueue(Array.from({ length: 500 }, (_, k) => from + k));
    expect(await dispatcher.backlog()).toBeLessThanOrEqual(64);
    await dispatcher.onIdle();
    expect([...outbox.state.values()].every((s) => s === 'sent')).toBe(true);
    expect(maxHeld).toBeLessThanOrEqual(64);
    // Pulled twice at most by a pass racing a finishing job; sent once whatever happens.
    expect(runs.size).toBe(5_000);
    await dispatcher.close();
  });

  it('leaves a deferred row to the store and pulls it again once its retry time has come', async () => {
    const outbox = fakeOutbox(3);
    const attempts: number[] = [];
    const dispatcher = new InProcessDispatcher({
      concurrency: 2,
      logger,
      highWater: 4,
      due: outbox.due,
      process: async (id): Promise<SendJobResult> => {
        attempts.push(id);
        if (id === 2 && outbox.state.get(2) === 'queued') {
          outbox.state.set(2, 'deferred');
          outbox.retryAt.set(2, Date.now() + 150);
          return { kind: 'later', delayMs: 150, reason: 'deferred' };
        }
        if (outbox.state.get(id) === 'sent') return { kind: 'done', outcome: 'already' };
        outbox.state.set(id, 'sent');
        return { kind: 'done', outcome: 'sent' };
      },
    });
    await dispatcher.start();
    await dispatcher.onIdle();
    // Nothing held for the deferred row: no per-row timer, only the store's record.
    expect(outbox.state.get(2)).toBe('deferred');
    expect(await dispatcher.backlog()).toBe(0);
    await waitFor(() => outbox.state.get(2) === 'sent', { timeoutMs: 15_000, intervalMs: 20, what: 'the deferred row to be sent' }).catch(() => undefined);
    expect(outbox.state.get(2)).toBe('sent');
    expect(attempts.filter((id) => id === 2)).toHaveLength(2);
    await dispatcher.close();
  });

  it('closes while a rate-limit hold has paused the queue and jobs still end with "wait": close resolves', async () => {
    // Jobs in flight when close() starts are told to wait for the rate limit: they must not be
    // queued again behind a paused queue whose resume timer close() cleared (that hung close).
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let started = 0;
    let allStarted!: () => void;
    const running = new Promise<void>((resolve) => (allStarted = resolve));
    const dispatcher = new InProcessDispatcher({
      concurrency: 4,
      logger,
      process: async (): Promise<SendJobResult> => {
        if (++started === 4) allStarted();
        await gate;
        return { kind: 'later', delayMs: 60_000, reason: 'rate-limit' };
      },
    });
    await dispatcher.start();
    await dispatcher.enqueue([1, 2, 3, 4, 5, 6, 7, 8]);
    await running;
    const closed = dispatcher.close();
    release();
    await expect(closed).resolves.toBeUndefined();
    expect(started).toBe(4);
  });
});
