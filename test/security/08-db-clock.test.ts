// Issue #16, item 8: stale-send and mailbox-lease decisions compared one machine's clock with
// times another machine wrote. They are made on the database's clock now: a worker whose clock
// runs far ahead cannot take a live row or lease, nor one running far behind renew into the past
// or keep a dead worker's row `sending` / lease held.
import { sql, type Kysely } from 'kysely';
import { afterEach, expect, it, vi } from 'vitest';
import { acquireLease } from '../../src/modules/inbox/index.js';
import { createLogger } from '../../src/platform/logger/index.js';
import { SendingLease } from '../../src/modules/sending/dispatch/sending-lease.js';
import { claimForSending, recoverStaleSending } from '../../src/modules/sending/outbox.store.js';
import { dialectOf } from '../../src/platform/db/index.js';
import { seedAccount as seedMailbox } from '../inbox/seed.js';
import { draftEmailCampaign } from '../fixtures/send/seed.js';
import { describeStoreContract } from '../helpers/store-contract.js';

const SKEW = 6 * 3_600_000; // six hours
const STALE = 60_000;
const logger = createLogger({ level: 'silent' });

/** The database's clock in epoch ms, read directly (what the store's decisions must be made on). */
async function readDbNowMs(db: Kysely<any>): Promise<number> {
  const now = dialectOf(db) === 'postgres' ? sql`(extract(epoch from clock_timestamp()) * 1000)::bigint` : sql`cast(round((julianday('now') - 2440587.5) * 86400000) as integer)`;
  const { rows } = await sql<{ now: number | string }>`select ${now} as now`.execute(db);
  return Number(rows[0]!.now);
}

/** Runs `work` as a worker whose clock is `offsetMs` off (Date only: timers and I/O run as usual). */
async function withWorkerClock<T>(offsetMs: number, work: () => Promise<T>): Promise<T> {
  const real = Date.now();
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(real + offsetMs);
  try {
    return await work();
  } finally {
    vi.useRealTimers();
  }
}

describeStoreContract('security 08: leases and stale rows are judged by the database clock', (store) => {
  afterEach(() => {
    vi.useRealTimers();
  });

  async function sendingRows(n: number) {
    const { db } = store();
    const { campaigns, campaign } = await draftEmailCampaign(db, n, 'clk', 'clock.test');
    await campaigns.start(campaign.id);
    const ids = (await db.selectFrom('outbox').select('id').where('campaign_id', '=', campaign.id).orderBy('id').execute()).map((r) => r.id);
    for (const id of ids) expect(await claimForSending(db, id, Date.now())).toBe(true);
    return ids;
  }
  const state = async (id: number) => (await store().db.selectFrom('outbox').select('state').where('id', '=', id).executeTakeFirstOrThrow()).state;

  it('a sweeper whose clock runs ahead does not take a live sending row', async () => {
    const [live] = await sendingRows(1);
    expect(await withWorkerClock(SKEW, () => recoverStaleSending(store().db, STALE))).toBe(0);
    expect(await state(live!)).toBe('sending');
  });

  it('a worker whose clock runs behind renews its row to now, so a correct sweeper leaves it alone', async () => {
    const { db } = store();
    const [live] = await sendingRows(1);
    const lease = new SendingLease({ db, staleAfterMs: STALE, logger });
    try {
      lease.hold(live!);
      expect(await withWorkerClock(-SKEW, () => lease.renew())).toBe(1);
      expect(await recoverStaleSending(db, STALE)).toBe(0);
      expect(await state(live!)).toBe('sending');
    } finally {
      await lease.close();
    }
  });

  it('a dead worker’s row is recovered by a sweeper whose clock runs behind', async () => {
    const { db } = store();
    const [dead] = await sendingRows(1);
    const stale = (await readDbNowMs(db)) - 2 * STALE;
    await db.updateTable('outbox').set({ updated_at: stale }).where('id', '=', dead!).execute();
    expect(await withWorkerClock(-SKEW, () => recoverStaleSending(db, STALE))).toBe(1);
    expect(await state(dead!)).toBe('unknown');
  });

  it('mailbox leases: a poller ahead cannot steal a live lease, one behind keeps its own, a lapsed one is taken', async () => {
    const { db } = store();
    const mailbox = await seedMailbox(db, { name: `clk-${Math.random().toString(36).slice(2, 8)}`, email: 'clock@example.test' });
    const holder = async () => (await db.selectFrom('inbox_leases').select('holder').where('account_id', '=', mailbox).executeTakeFirstOrThrow()).holder;

    expect(await acquireLease(db, mailbox, 'A', STALE)).toBe(true);
    expect(await withWorkerClock(SKEW, () => acquireLease(db, mailbox, 'B', STALE))).toBe(false);
    expect(await holder()).toBe('A');

    // A's clock runs behind: its renewal still reaches a minute past the database's now.
    expect(await withWorkerClock(-SKEW, () => acquireLease(db, mailbox, 'A', STALE))).toBe(true);
    expect(await acquireLease(db, mailbox, 'B', STALE)).toBe(false);
    expect(await holder()).toBe('A');

    // A stops renewing; its lease lapses on the database clock; B, running behind, takes it.
    await db.updateTable('inbox_leases').set({ expires_at: (await readDbNowMs(db)) - 1 }).where('account_id', '=', mailbox).execute();
    expect(await withWorkerClock(-SKEW, () => acquireLease(db, mailbox, 'B', STALE))).toBe(true);
    expect(await holder()).toBe('B');
  });
});
