// Shared by the SMS money suites (06, 08): an SMS account the live API can read (credentials
// sealed with its SecretBox), topped up through the ledger.
import { randomBytes } from 'node:crypto';
import { createSmsAccount } from '../../src/modules/accounts/index.js';
import { setPrice, topUp } from '../../src/modules/billing/index.js';
import type { LiveApi } from './harness.js';

/** A Twilio SMS account (never contacted) with `balanceMinor` topped up when > 0. */
export async function fundedSmsAccount(api: LiveApi, balanceMinor: number): Promise<{ id: number; name: string }> {
  const { db } = api.context.store;
  const name = `sms-${randomBytes(4).toString('hex')}`;
  const account = await createSmsAccount(db, api.context.secrets, {
    name,
    provider: 'twilio',
    credentials: { accountSid: `AC${'0'.repeat(32)}`, authToken: 'x'.repeat(32) },
    senderId: '+15005550006',
  });
  // The price these suites were written at (10 minor units a part; the default is 100 厘 now).
  await setPrice(db, { accountId: account.id, priceMinor: 10, effectiveFrom: 0 });
  if (balanceMinor > 0) await topUp(db, { accountId: account.id, idempotencyKey: `${name}:seed`, amountMinor: balanceMinor, reference: 'seed', operator: 'finance' });
  return { id: account.id, name };
}
