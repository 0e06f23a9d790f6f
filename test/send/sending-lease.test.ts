import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createLogger } from '../../src/platform/logger/index.js';
import type { SendJobResult } from '../../src/modules/sending/dispatch/dispatcher.js';
import { InProcessDispatcher } from '../../src/modules/sending/dispatch/inprocess.dispatcher.js';
import { SendingLease } from '../../src/modules/sending/dispatch/sending-lease.js';
import { claimForSending, markUnknown, recoverStaleSending, releaseClaim } from '../../src/modules/sending/outbox.store.js';
import { readDbNowMs, type Store } from '../../src/platform/db/index.js';
import { waitUntil } from '../fixtures/send/harness.js';
import { draftEmailCampaign } from '../fixtures/send/seed.js';
import { makeSqliteStore } from '../helpers/store-contract.js';

const logger = createLogger({ level: 'silent' });
const STALE = 3_000;
const LONG_AGO = 1_000;

describe('sending lease (SQLite)', () => {
  let store: Store;
  beforeEach(async () => {
    store = await makeSqliteStore();
  });
  afterEach(async () => {
    vi.useRealTimers();
    await store.close();
  });

  /** Three rows of a running campaign: two claimed (`sending`) and one still queued, all last touched long ago. */
  async function rows() {
    const { db } = store;
    const { campaigns, campaign } = await draftEmailCampaign(db, 3, 'l', 'lease.test');
    await campaigns.start(campaign.id);
    const [a, b, c] = (await db.selectFrom('outbox').select('id').where('campaign_id', '=', campaign.id).orderBy('id').execute()).map((r) => r.id);
    expect(await claimForSending(db, a!, Date.now())).toBe(true);
    expect(await claimForSending(db, b!, Date.now())).toBe(true);
    await db.updateTable('outbox').set({ updated_at: LONG_AGO }).where('campaign_id', '=', campaign.id).execute();
    return { a: a!, b: b!, c: c! };
  }
  const row = (id: number) => store.db.selectFrom('outbox').select(['state', 'updated_at', 'attempts', 'error_code']).where('id', '=', id).executeTakeFirstOrThrow();
  const age = async (id: number) => Number((await row(id)).updated_at);

  it('renews only the held rows that are sending, so the sweeper recovers just the row nobody holds', async () => {
    const { a, b, c } = await rows();
    const lease = new SendingLease({ db: store.db, staleAfterMs: STALE, logger, batchSize: 1 });
    lease.hold(a);
    lease.hold(c); // its job has not claimed it yet
    // Renewals are stamped with the database's clock (the one every worker shares), not this process's.
    const before = await readDbNowMs(store.db);
    expect(await lease.renew()).toBe(1);
    expect(await age(a)).toBeGreaterThanOrEqual(before);
    expect(await age(b)).toBe(LONG_AGO);
    expect(await age(c)).toBe(LONG_AGO);
    expect((await row(c)).state).toBe('queued');

    expect(await recoverStaleSending(store.db, STALE)).toBe(1);
    expect((await row(a)).state).toBe('sending');
    expect((await row(b)).state).toBe('unknown');
    await lease.close();
  });

  it('renews on its timer while a row is held, not after release, and stops on close', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    const { a } = await rows();
    const lease = new SendingLease({ db: store.db, staleAfterMs: STALE, logger });
    lease.hold(a);
    lease.hold(a); // a second job for the same row (a stalled BullMQ job run again)
    vi.advanceTimersByTime(STALE / 3);
    await waitUntil(async () => (await age(a)) > LONG_AGO, 10_000, 10); // the tick's renewal landed

    lease.release(a);
    await store.db.updateTable('outbox').set({ updated_at: LONG_AGO }).where('id', '=', a).execute();
    vi.advanceTimersByTime(STALE / 3);
    await waitUntil(async () => (await age(a)) > LONG_AGO, 10_000, 10); // still held once

    lease.release(a);
    expect(lease.size).toBe(0);
    await store.db.updateTable('outbox').set({ updated_at: LONG_AGO }).where('id', '=', a).execute();
    vi.advanceTimersByTime(STALE); // the ticks find nothing held and start no renewal
    expect(await lease.renew()).toBe(0);
    expect(await age(a)).toBe(LONG_AGO);

    lease.hold(a);
    expect(vi.getTimerCount()).toBe(1);
    await lease.close();
    expect(vi.getTimerCount()).toBe(0);
    lease.hold(a); // ignored once closed
    vi.advanceTimersByTime(STALE);
    expect(await lease.renew()).toBe(0);
    expect(await age(a)).toBe(LONG_AGO);
  });

  it('releases a claim the sweeper wrongly gave up on, but not an unknown the worker recorded itself', async () => {
    const { a, b } = await rows();
    expect(await recoverStaleSending(store.db, STALE)).toBe(2);
    expect((await row(a)).error_code).toBe('SEND_WORKER_LOST');
    // The worker of `a` was alive after all, and nothing went out (the balance was short).
    expect(await releaseClaim(store.db, a, 'BILLING_INSUFFICIENT_BALANCE', 'balance too low')).toBe(true);
    expect(await row(a)).toMatchObject({ state: 'queued', attempts: 0, error_code: 'BILLING_INSUFFICIENT_BALANCE' });

    expect(await claimForSending(store.db, b, Date.now())).toBe(false); // unknown rows are never claimed
    await store.db.updateTable('outbox').set({ state: 'sending' }).where('id', '=', b).execute();
    expect(await markUnknown(store.db, b, 'SEND_SMTP_AMBIGUOUS', 'connection dropped after the final dot')).toBe(true);
    expect(await releaseClaim(store.db, b, 'SEND_SMTP_AUTH', 'login refused')).toBe(false);
    expect((await row(b)).state).toBe('unknown');
  });
});

describe('in-process dispatcher and the lease', () => {
  it('holds a row exactly while its job runs, whether the job finishes or throws', async () => {
    const held = new Set<number>();
    const seen: boolean[] = [];
    const dispatcher = new InProcessDispatcher({
      concurrency: 2,
      logger,
      inFlight: { hold: (id) => held.add(id), release: (id) => held.delete(id) },
      process: async (id): Promise<SendJobResult> => {
        seen.push(held.has(id));
        if (id === 2) throw new Error('store down');
        return { kind: 'done', outcome: 'sent' };
      },
    });
    await dispatcher.start();
    await dispatcher.enqueue([1, 2, 3]);
    await dispatcher.onIdle();
    expect(seen).toEqual([true, true, true]);
    expect(held.size).toBe(0);
    await dispatcher.close();
  });
});
