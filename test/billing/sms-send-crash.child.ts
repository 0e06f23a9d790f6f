// Child of sms-send-crash.test.ts: opens the SQLite store, starts one step of sendSms and stops
// inside it (prints `stopped`, then waits) so the parent can kill -9 it there.
import { post, reserve, sendSms } from '../../src/modules/billing/index.js';
import { openAppStore } from '../../src/app/index.js';

const { path, accountId, key, at } = JSON.parse(process.argv[2]!) as { path: string; accountId: number; key: string; at: 'reserve' | 'provider' | 'post' };
const store = await openAppStore({ target: { kind: 'sqlite', path } });
const db = store.db;
const stop = async (): Promise<never> => {
  setInterval(() => {}, 60_000); // keeps the process alive until the parent kills it
  process.stdout.write('stopped\n');
  return new Promise<never>(() => {});
};
const row = (trx: typeof db) =>
  trx
    .insertInto('sms_messages')
    .values({
      sms_account_id: accountId, campaign_id: null, outbox_id: null, to_e164: '+8613800138000', parts: 1, price_minor: 10, cost_minor: null,
      status: 'pending', provider: 'twilio', provider_message_id: null, idempotency_key: key, error_code: null, error_text: null,
      created_at: Date.now(), accepted_at: null, delivered_at: null, day_key: '2026-01-01',
    })
    .execute();

if (at === 'reserve') {
  // Inside the reservation's transaction, after the ledger entry, the wallet and the row were written.
  await reserve(db, { accountId, idempotencyKey: key, parts: 1, alongside: async (trx) => { await row(trx); await stop(); } });
} else if (at === 'provider') {
  // The provider has the message (reservation and row committed), no answer yet.
  await sendSms(db, { kind: 'twilio', send: stop }, { account: { id: accountId, timeZone: 'Asia/Shanghai' }, to: '+8613800138000', text: 'hello', idempotencyKey: key });
} else {
  // Inside the post's transaction, after the post entry, the wallet and the row's `accepted`.
  await reserve(db, { accountId, idempotencyKey: key, parts: 1, alongside: async (trx) => { await row(trx); } });
  await post(db, {
    idempotencyKey: key,
    alongside: async (trx) => {
      await trx.updateTable('sms_messages').set({ status: 'accepted', cost_minor: 10 }).where('idempotency_key', '=', key).execute();
      await stop();
    },
  });
}
