import { fileURLToPath } from 'node:url';
import { randomBytes } from 'node:crypto';
import { balance, sendSms, topUp } from '../../src/modules/billing/index.js';
import { TwilioProvider } from '../../src/adapters/sms/index.js';
import type { Store } from '../../src/platform/db/index.js';
import { spawnTs, waitForLine } from './child.js';

const SERVER = fileURLToPath(new URL('../twilio-wire.child.ts', import.meta.url));

/**
 * SMS rate with the ledger on: `count` texts through `sendSms` (normalise, count parts, reserve,
 * record, Twilio provider over HTTP to a local Twilio-wire server in its own process, post), 20
 * in flight, on the given store. Checks the wallet afterwards: charged = price × parts × count.
 */
export async function runSms(store: Store, count: number): Promise<{ ms: number; charged: number }> {
  const sid = `AC${randomBytes(16).toString('hex')}`;
  const token = randomBytes(16).toString('hex');
  const child = spawnTs(SERVER, [sid, token]);
  const [, port] = await waitForLine(child, /listening (\d+)/, 20_000);
  const now = Date.now();
  const account = await store.db
    .insertInto('sms_accounts')
    .values({
      name: `bench-sms-${randomBytes(4).toString('hex')}`,
      provider: 'twilio',
      credentials_enc: 'unused',
      settings: '{}',
      sender_id: null,
      signature: null,
      currency: 'CNY',
      time_zone: 'Asia/Shanghai',
      is_default: 0,
      created_at: now,
      updated_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await topUp(store.db, { accountId: account.id, idempotencyKey: `bench-topup-${sid}`, amountMinor: count * 100, reference: 'bench', operator: 'bench' });
  const before = (await balance(store.db, account.id)).balanceMinor;
  const provider = new TwilioProvider({ accountSid: sid, authToken: token, from: '+15005550006', apiBaseUrl: `http://127.0.0.1:${port}`, guard: { allowPrivateHosts: '127.0.0.1/8,::1' } });
  const ref = { id: account.id, timeZone: 'Asia/Shanghai', signature: null };
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: 20 }, async () => {
      for (let i = next++; i < count; i = next++) {
        await sendSms(store.db, provider, {
          account: ref,
          to: `+86138${String(i).padStart(8, '0')}`,
          text: `【Tidings】尊敬的客户${i}，新春快乐，万事如意！回T退订`,
          idempotencyKey: `bench:sms:${sid}:${i}`,
        });
      }
    }),
  );
  const ms = performance.now() - started;
  const after = (await balance(store.db, account.id)).balanceMinor;
  return { ms, charged: before - after };
}
