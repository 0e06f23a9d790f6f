import { expect, it } from 'vitest';
import { findSuppression } from '../../src/modules/customers/index.js';
import { confirmEffect, ingestMessage } from '../../src/modules/inbox/index.js';
import { campaignComplaintReport, DEFAULT_COMPLAINT_LIMIT } from '../../src/modules/sending/index.js';
import { describeStoreContract } from '../helpers/store-contract.js';
import { arfReport } from './arf.js';
import { seedAccount, seedCampaign, seedCustomer } from './seed.js';
import type { Kysely } from 'kysely';
import type { DatabaseSchema } from '../../src/platform/db/index.js';

const OPTS = { softBounceLimit: 3 };
let n = 0;
const src = (raw: string) => ({ accountId: null, folder: 'fbl', uidKey: `c${++n}-${Math.random()}`, raw: Buffer.from(raw) });
const run = () => Math.random().toString(36).slice(2, 8);

async function addPhone(db: Kysely<DatabaseSchema>, customerId: number, e164: string) {
  await db.insertInto('customer_phones').values({ customer_id: customerId, e164, is_primary: 1 } as never).execute();
}

describeStoreContract('inbox: spam complaints', (store) => {
  it('a proven complaint is counted against the campaign and its mailbox, and withdraws marketing on email and SMS', async () => {
    const db = store().db;
    const r = run();
    const account = await seedAccount(db, { name: `news-${r}`, email: 'news@example.test' });
    const address = `wang-${r}@example.test`;
    const customer = await seedCustomer(db, 'Wang', [address, `wang-work-${r}@example.test`]);
    const phone = `+861380013${String(Math.floor(Math.random() * 10_000)).padStart(4, '0')}`;
    await addPhone(db, customer, phone);
    const { campaignId, outbox } = await seedCampaign(db, [{ customerId: customer, address }], account);
    const row = outbox[0]!;

    const raw = arfReport({ to: 'news@example.test', recipient: address, trace: row.token, feedbackType: 'abuse' });
    const result = await ingestMessage(db, src(raw), OPTS);
    expect(result.classification.kind).toBe('complaint');
    expect(result.verification).toBe('verified');
    expect(result.filing).toMatchObject({ customerId: customer, outboxId: row.id, campaignId, filedBy: 'trace' });
    expect([...result.suppressed].sort()).toEqual([address, phone].sort());
    expect(await findSuppression(db, 'email', address)).toMatchObject({ reason: 'complaint' });
    expect(await findSuppression(db, 'sms', phone)).toMatchObject({ reason: 'complaint' });
    // The complaint names one mailbox: the customer's other address is left alone.
    expect(await findSuppression(db, 'email', `wang-work-${r}@example.test`)).toBeUndefined();

    const recorded = await db.selectFrom('send_complaints').selectAll().where('outbox_id', '=', row.id).execute();
    expect(recorded).toHaveLength(1);
    expect(recorded[0]).toMatchObject({ campaign_id: campaignId, mail_account_id: account, feedback_type: 'abuse', user_agent: 'ProviderFBL/1.0', inbox_message_id: result.id });
    expect(recorded[0]?.arrived_at).toBe(Date.UTC(2026, 10, 3, 8, 1, 12));
    const report = await campaignComplaintReport(db, campaignId, DEFAULT_COMPLAINT_LIMIT);
    expect(report.campaign).toMatchObject({ complaints: 1, delivered: 1 });
    expect(report.account).toMatchObject({ mailAccountId: account, complaints: 1 });

    // A second report about the same message (another copy of it) counts once.
    const again = await ingestMessage(db, src(arfReport({ to: 'news@example.test', recipient: address, trace: row.token })), OPTS);
    expect(again.stored).toBe(true);
    expect((await campaignComplaintReport(db, campaignId, DEFAULT_COMPLAINT_LIMIT)).campaign.complaints).toBe(1);
  });

  it('a redacted recipient still proves itself by our trace; a report naming another address or quoting no trace waits for a person', async () => {
    const db = store().db;
    const r = run();
    const a = `li-${r}@example.test`;
    const b = `zhao-${r}@example.test`;
    const c = `sun-${r}@example.test`;
    const ids = [await seedCustomer(db, 'Li', [a]), await seedCustomer(db, 'Zhao', [b]), await seedCustomer(db, 'Sun', [c])];
    const { campaignId, outbox } = await seedCampaign(db, [
      { customerId: ids[0]!, address: a },
      { customerId: ids[1]!, address: b },
      { customerId: ids[2]!, address: c },
    ]);

    const redacted = await ingestMessage(db, src(arfReport({ to: 'news@example.test', recipient: 'xxxxxxxx@example.test', trace: outbox[0]!.token })), OPTS);
    expect(redacted.verification).toBe('verified');
    expect(await findSuppression(db, 'email', a)).toMatchObject({ reason: 'complaint' });

    const other = await ingestMessage(db, src(arfReport({ to: 'news@example.test', recipient: `someone-else-${r}@example.test`, trace: outbox[1]!.token })), OPTS);
    expect(other.verification).toBe('unverified');
    expect(other.suppressed).toEqual([]);
    expect(await findSuppression(db, 'email', b)).toBeUndefined();

    // No trace: filed by the named recipient, but anyone could have written it.
    const untraced = await ingestMessage(db, src(arfReport({ to: 'news@example.test', recipient: c, trace: null })), OPTS);
    expect(untraced.filing).toMatchObject({ customerId: ids[2], outboxId: outbox[2]!.id, filedBy: 'from' });
    expect(untraced.verification).toBe('unverified');
    expect(await findSuppression(db, 'email', c)).toBeUndefined();
    expect((await campaignComplaintReport(db, campaignId, DEFAULT_COMPLAINT_LIMIT)).campaign.complaints).toBe(1);

    // A "not-spam" report is the opposite of a complaint: stored, nothing counted or suppressed.
    const rescued = await ingestMessage(db, src(arfReport({ to: 'news@example.test', recipient: b, trace: outbox[1]!.token, feedbackType: 'not-spam' })), OPTS);
    expect(rescued.classification.kind).toBe('complaint');
    expect(rescued.verification).toBeNull();
    expect(rescued.suppressed).toEqual([]);

    // A person confirms it: counted and suppressed now, once.
    const confirmed = await confirmEffect(db, untraced.id as number, { ...OPTS, userId: null });
    expect(confirmed.suppressed).toEqual([c]);
    expect(await findSuppression(db, 'email', c)).toMatchObject({ reason: 'complaint' });
    const recorded = await db.selectFrom('send_complaints').selectAll().where('outbox_id', '=', outbox[2]!.id).executeTakeFirstOrThrow();
    expect(recorded).toMatchObject({ feedback_type: 'abuse', inbox_message_id: untraced.id });
    expect((await campaignComplaintReport(db, campaignId, DEFAULT_COMPLAINT_LIMIT)).campaign.complaints).toBe(2);
  });
});
