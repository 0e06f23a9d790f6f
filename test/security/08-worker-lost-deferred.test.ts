// Issue #16, item 8: a row the sweeper declared lost (`unknown`, SEND_WORKER_LOST) while its worker
// was only slow, for which the server then answers 4xx ("try later"), must be deferred and retried,
// not left `unknown` for ever (nothing was delivered; only a person could ever resend it).
import { expect, it } from 'vitest';
import {
  createSendRuntime,
  processSendJob,
  SendFailure,
  type EmailTransport,
  type OutgoingEmail,
  type SendReceipt,
  type TransportProvider,
} from '../../src/modules/sending/index.js';
import { recoverStaleSending } from '../../src/modules/sending/outbox.store.js';
import { testContext, waitUntil } from '../fixtures/send/harness.js';
import { draftEmailCampaign } from '../fixtures/send/seed.js';
import { describeStoreContract } from '../helpers/store-contract.js';

/** A transport whose sends wait until the test answers them: success, or a SendFailure. */
class GatedTransports implements TransportProvider {
  readonly sent: OutgoingEmail[] = [];
  private answers: ((outcome: SendFailure | undefined) => void)[] = [];

  get waiting(): number {
    return this.answers.length;
  }

  answer(outcome: SendFailure | undefined): void {
    const next = this.answers.shift();
    if (!next) throw new Error('no send is waiting');
    next(outcome);
  }

  forAccount(): EmailTransport {
    return {
      send: (message) =>
        new Promise<SendReceipt>((resolve, reject) => {
          this.sent.push(message);
          this.answers.push((failure) => (failure ? reject(failure) : resolve({ messageId: message.messageId } as SendReceipt)));
        }),
      close: async () => undefined,
    };
  }

  async close(): Promise<void> {}
}

describeStoreContract('security 08: a row guessed lost, then deferred by the server, is retried', (store) => {
  it('moves unknown/SEND_WORKER_LOST → deferred on a 4xx, with a retry time, and sends it on the retry', async () => {
    const { db } = store();
    const transports = new GatedTransports();
    const runtime = await createSendRuntime(testContext(store()), { work: false, transports, settings: { retryBaseMs: 20, retryMaxMs: 20 } });
    try {
      const { campaigns, campaign } = await draftEmailCampaign(db, 1, 'lost', 'lost.test');
      await campaigns.start(campaign.id);
      const { id } = await db.selectFrom('outbox').select('id').where('campaign_id', '=', campaign.id).executeTakeFirstOrThrow();
      const row = () => db.selectFrom('outbox').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

      // The worker claims the row and hands the message over; the server is slow to answer.
      const job = processSendJob(runtime.deps, id);
      await waitUntil(() => transports.waiting === 1, 20_000, 10);
      expect((await row()).state).toBe('sending');

      // Its renewals stop reaching the store for the stale bound (a frozen event loop, the store
      // out of reach): another process's sweeper declares the row lost.
      await db.updateTable('outbox').set({ updated_at: 0 }).where('id', '=', id).execute();
      expect(await recoverStaleSending(db, 60_000)).toBe(1);
      expect(await row()).toMatchObject({ state: 'unknown', error_code: 'SEND_WORKER_LOST' });

      // The worker lives on: the server answers "try again later". Nothing was delivered.
      transports.answer(new SendFailure('retry', '451 4.3.0 Try again later', 451));
      expect(await job).toMatchObject({ kind: 'later', reason: 'deferred' });
      const deferred = await row();
      expect(deferred).toMatchObject({ state: 'deferred', error_code: 'SEND_SMTP_TEMPORARY' });
      expect(Number(deferred.next_attempt_at)).toBeGreaterThan(0);

      // The retry sends it (a row left `unknown` would never be claimed again).
      await waitUntil(async () => Number((await row()).next_attempt_at) <= Date.now(), 20_000, 10);
      const retry = processSendJob(runtime.deps, id);
      await waitUntil(() => transports.waiting === 1, 20_000, 10);
      transports.answer(undefined);
      expect(await retry).toEqual({ kind: 'done', outcome: 'sent' });
      expect(await row()).toMatchObject({ state: 'sent', attempts: 2 });
      expect(transports.sent).toHaveLength(2);
      await waitUntil(async () => (await campaigns.get(campaign.id)).status === 'finished', 20_000, 20);
    } finally {
      await runtime.close();
    }
  });
});
