import { afterAll, beforeAll, expect, it } from 'vitest';
import { createSendRuntime, type SendRuntime } from '../../src/modules/sending/index.js';
import { makeSqliteStore } from '../helpers/store-contract.js';
import { describeWithServices } from '../helpers/services.js';
import type { Store } from '../../src/platform/db/index.js';
import { testContext, waitUntil } from '../fixtures/send/harness.js';
import { seedAccount, seedCustomers, seedTemplateVersion } from '../fixtures/send/seed.js';
import { startSink, type Sink, type SinkBehaviour } from '../fixtures/send/smtp-sink.js';

// No external server needed: an in-process smtp-server answers what real servers answer on bad days.
await describeWithServices([], 'send: SMTP fault injection (in-process smtp-server)', () => {
  let store: Store;
  let sink: Sink;
  let runtime: SendRuntime;
  let context: ReturnType<typeof testContext>;
  const behaviour = (rcpt: string, attempt: number): SinkBehaviour => {
    if (rcpt.startsWith('t454') && attempt === 1) return { kind: 'reject', code: 454, text: '4.7.1 Try again later', at: 'rcpt' };
    if (rcpt.startsWith('t550')) return { kind: 'reject', code: 550, text: '5.1.1 <t550@faults.test>: Recipient address rejected: User unknown', at: 'data' };
    if (rcpt.startsWith('tdrop')) return { kind: 'drop-after-data' };
    if (rcpt.startsWith('t421') && attempt === 1) return { kind: 'reject', code: 421, text: '4.7.0 Too many messages, slow down', at: 'data' };
    return { kind: 'accept' };
  };

  beforeAll(async () => {
    store = await makeSqliteStore();
    sink = await startSink({ behaviour });
    context = testContext(store, { SEND_RETRY_BASE_MS: '100', SEND_SLOW_DOWN_MS: '3000', SEND_SWEEP_INTERVAL_MS: '200' });
    runtime = await createSendRuntime(context, { work: true });
    await runtime.start();
  });
  afterAll(async () => {
    await runtime?.close();
    await sink?.close();
    await store?.close();
  });

  const rows = (campaignId: number) =>
    store.db.selectFrom('outbox').selectAll().where('campaign_id', '=', campaignId).orderBy('id').execute();

  it('defers 454 then sends on retry, fails 550 with the server text, marks a drop after "." unknown and never resends it', async () => {
    const { db } = store;
    const account = await seedAccount(db, { port: sink.port });
    const version = await seedTemplateVersion(db);
    const local = ['t454', 't550', 'tdrop', 'ok1'];
    const customers = await seedCustomers(db, local.length, (i) => `${local[i]}@faults.test`);
    const campaign = await runtime.campaigns.create({ name: 'faults', mailAccountId: account, templateVersionId: version, audience: { customerIds: customers } });
    await runtime.campaigns.start(campaign.id);
    await waitUntil(async () => (await runtime.campaigns.get(campaign.id)).status === 'finished', 20_000);

    const byAddress = new Map((await rows(campaign.id)).map((r) => [r.address.split('@')[0], r]));
    expect(byAddress.get('t454')).toMatchObject({ state: 'sent', attempts: 2 });
    expect(byAddress.get('t550')).toMatchObject({ state: 'failed', error_code: 'SEND_SMTP_REJECTED' });
    expect(byAddress.get('t550')?.error_text).toContain('5.1.1 <t550@faults.test>: Recipient address rejected: User unknown');
    expect(byAddress.get('tdrop')).toMatchObject({ state: 'unknown', error_code: 'SEND_SMTP_AMBIGUOUS', attempts: 1 });
    expect(byAddress.get('ok1')).toMatchObject({ state: 'sent' });
    // The sweeper ran several times meanwhile; one more sweep must not resend the unknown row.
    await runtime.sweeper?.sweep();
    expect(sink.attempts.get('tdrop@faults.test')).toBe(1);
    const progress = await runtime.campaigns.progress(campaign.id);
    expect(progress.counts).toMatchObject({ sent: 2, failed: 1, unknown: 1 });

    // A person decides to resend the unknown one.
    const resend = await runtime.campaigns.resendUnknown(campaign.id);
    expect(resend.requeued).toBe(1);
    await waitUntil(async () => (await runtime.campaigns.get(campaign.id)).status === 'finished', 10_000);
    expect(sink.attempts.get('tdrop@faults.test')).toBe(2);
  });

  it('slows the account down on 421 and defers (never fails) the message', async () => {
    const { db } = store;
    const account = await seedAccount(db, { port: sink.port });
    const version = await seedTemplateVersion(db);
    const customers = await seedCustomers(db, 1, () => 't421@slow.test');
    const campaign = await runtime.campaigns.create({ name: '421', mailAccountId: account, templateVersionId: version, audience: { customerIds: customers } });
    await runtime.campaigns.start(campaign.id);
    await waitUntil(async () => (await rows(campaign.id))[0]?.state === 'deferred', 10_000);
    const deferred = (await rows(campaign.id))[0];
    expect(deferred).toMatchObject({ state: 'deferred', error_code: 'SEND_RATE_LIMITED' });
    expect(deferred?.error_text).toContain('Too many messages');
    // The account is held back: the limiter refuses a slot for it right now. (The hold,
    // SEND_SLOW_DOWN_MS, is long enough that a loaded machine does not outlast it between the
    // 421 and this check.)
    expect(await runtime.deps.limiter.acquire(`mail:${account}`, {})).toBeGreaterThan(0);
    await waitUntil(async () => (await runtime.campaigns.get(campaign.id)).status === 'finished', 15_000);
    const [row] = await rows(campaign.id);
    expect(row).toMatchObject({ state: 'sent', attempts: 2 });
    expect((row?.sent_at ?? 0) - (deferred?.updated_at ?? 0)).toBeGreaterThanOrEqual(2_900);
  });

  it('pauses the campaign at once when the server refuses the login, and sends nothing', async () => {
    const { db } = store;
    const authSink = await startSink({ refuseLogin: true });
    try {
      const account = await seedAccount(db, { port: authSink.port, authPasswordEnc: context.secrets.seal('wrong-password') });
      const version = await seedTemplateVersion(db);
      const customers = await seedCustomers(db, 3, (i) => `auth${i}@auth.test`);
      const campaign = await runtime.campaigns.create({ name: 'auth', mailAccountId: account, templateVersionId: version, audience: { customerIds: customers } });
      await runtime.campaigns.start(campaign.id);
      // Paused, and every row claimed before the pause has had its refused login and gone back
      // to the queue (the first refusal pauses; concurrent claims finish a moment later).
      await waitUntil(
        async () => (await runtime.campaigns.get(campaign.id)).status === 'paused' && (await rows(campaign.id)).every((r) => r.state !== 'sending'),
        10_000,
      );
      const paused = await runtime.campaigns.get(campaign.id);
      expect(paused.status_reason).toMatch(/^SEND_SMTP_AUTH: .*5\.7\.8 Authentication credentials invalid/);
      const states = (await rows(campaign.id)).map((r) => r.state);
      expect(states).toEqual(['queued', 'queued', 'queued']);
      expect((await rows(campaign.id)).every((r) => r.attempts === 0)).toBe(true);
      expect(authSink.messages).toHaveLength(0);
    } finally {
      await authSink.close();
    }
  });
});
