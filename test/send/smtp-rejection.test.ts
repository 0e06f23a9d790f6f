import { afterAll, beforeAll, expect, it } from 'vitest';
import { findSuppression } from '../../src/modules/customers/index.js';
import { createSendRuntime, smtpRejectionOf, type SendRuntime } from '../../src/modules/sending/index.js';
import { describeStoreContract } from '../helpers/store-contract.js';
import { testContext, waitUntil } from '../fixtures/send/harness.js';
import { seedAccount, seedCustomers, seedTemplateVersion } from '../fixtures/send/seed.js';
import { startSink, type Sink, type SinkBehaviour } from '../fixtures/send/smtp-sink.js';

it('reads a 5xx refusal with the same reasons as a mailed bounce; 4xx is no rejection', () => {
  expect(smtpRejectionOf({ responseCode: 550, message: '550 5.1.1 <x@y.test>: Recipient address rejected: User unknown in local recipient table' })).toEqual({
    code: 550,
    status: '5.1.1',
    reason: 'user-unknown',
    hard: true,
  });
  expect(smtpRejectionOf({ responseCode: 552, message: '552 5.2.2 Mailbox full' })).toMatchObject({ status: '5.2.2', reason: 'mailbox-full', hard: false });
  expect(smtpRejectionOf({ responseCode: 554, message: '554 5.7.1 Message rejected as spam' })).toMatchObject({ reason: 'spam', hard: false });
  expect(smtpRejectionOf({ responseCode: 550, message: 'Requested action not taken: mailbox unavailable' })).toMatchObject({ status: null, hard: true });
  expect(smtpRejectionOf({ responseCode: 450, message: '450 4.2.1 Mailbox busy' })).toBeUndefined();
  expect(smtpRejectionOf({ message: 'connection refused' })).toBeUndefined();
});

// An in-process SMTP server answers the refusals real servers give during the session.
describeStoreContract('send: SMTP-time rejections are bounces', (store) => {
  let sink: Sink;
  let runtime: SendRuntime;
  const behaviour = (rcpt: string, attempt: number): SinkBehaviour => {
    if (rcpt.startsWith('gone')) return { kind: 'reject', code: 550, text: '5.1.1 <gone@rej.test>: Recipient address rejected: User unknown', at: 'rcpt' };
    if (rcpt.startsWith('full')) return { kind: 'reject', code: 552, text: '5.2.2 Mailbox full, quota exceeded', at: 'data' };
    if (rcpt.startsWith('busy') && attempt === 1) return { kind: 'reject', code: 450, text: '4.2.1 Mailbox busy, try later', at: 'rcpt' };
    return { kind: 'accept' };
  };

  beforeAll(async () => {
    sink = await startSink({ behaviour });
    runtime = await createSendRuntime(testContext(store(), { SEND_RETRY_BASE_MS: '100', SEND_SWEEP_INTERVAL_MS: '200' }), { work: true });
    await runtime.start();
  });
  afterAll(async () => {
    await runtime?.close();
    await sink?.close();
  });

  it('records code, status, reason and text on the row; a hard one suppresses the address, 4xx is retried', async () => {
    const { db } = store();
    const account = await seedAccount(db, { port: sink.port });
    const version = await seedTemplateVersion(db);
    const run = Math.random().toString(36).slice(2, 8);
    const local = ['gone', 'full', 'busy', 'ok'];
    const customers = await seedCustomers(db, local.length, (i) => `${local[i]}-${run}@rej.test`);
    const campaign = await runtime.campaigns.create({ name: 'rejections', mailAccountId: account, templateVersionId: version, audience: { customerIds: customers } });
    await runtime.campaigns.start(campaign.id);
    await waitUntil(async () => (await runtime.campaigns.get(campaign.id)).status === 'finished', 30_000);

    const rows = await db.selectFrom('outbox').selectAll().where('campaign_id', '=', campaign.id).execute();
    const row = (prefix: string) => rows.find((r) => r.address.startsWith(prefix));
    expect(row('gone')).toMatchObject({ state: 'failed', error_code: 'SEND_SMTP_REJECTED', smtp_code: 550, smtp_status: '5.1.1', bounce_reason: 'user-unknown' });
    expect(row('gone')?.error_text).toContain('Recipient address rejected: User unknown');
    expect(await findSuppression(db, 'email', `gone-${run}@rej.test`)).toMatchObject({ reason: 'hard-bounce' });

    // A full mailbox is refused for now, not for ever: recorded, not suppressed.
    expect(row('full')).toMatchObject({ state: 'failed', smtp_code: 552, smtp_status: '5.2.2', bounce_reason: 'mailbox-full' });
    expect(await findSuppression(db, 'email', `full-${run}@rej.test`)).toBeUndefined();

    // 4xx stays a temporary failure: retried and delivered, nothing recorded as a bounce.
    expect(row('busy')).toMatchObject({ state: 'sent', attempts: 2, smtp_code: null, bounce_reason: null });
    expect(await findSuppression(db, 'email', `busy-${run}@rej.test`)).toBeUndefined();
    expect(row('ok')).toMatchObject({ state: 'sent' });
  });
});
