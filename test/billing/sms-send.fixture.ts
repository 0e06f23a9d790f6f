import type { Kysely } from 'kysely';
import { expect } from 'vitest';
import { balance } from '../../src/modules/billing/index.js';
import { TidingsError } from '../../src/platform/errors/index.js';
import type { SmsProvider, SmsSendRequest } from '../../src/adapters/sms/index.js';
import type { DatabaseSchema } from '../../src/platform/db/index.js';

type Db = Kysely<DatabaseSchema>;

// Shared by the sendSms tests: an in-process provider and what the ledger and the row say about a key.

/** An in-process provider that accepts every message, or refuses every one for good. */
export function fakeProvider(answer: 'accepts' | 'rejects'): SmsProvider & { sent: SmsSendRequest[] } {
  const sent: SmsSendRequest[] = [];
  return {
    kind: 'twilio',
    sent,
    async send(request) {
      sent.push(request);
      if (answer === 'rejects') throw new TidingsError('SMS_REJECTED', 'the provider refused it');
      return { providerMessageId: `SM${sent.length}`, parts: 1, status: 'accepted' };
    },
  };
}

/** What the ledger and the message row say about one key; they must always agree. */
export async function stateOf(db: Db, accountId: number, key: string) {
  const entries = await db.selectFrom('sms_ledger').select(['idempotency_key', 'kind']).where('sms_account_id', '=', accountId).execute();
  const reserved = entries.some((e) => e.idempotency_key === key && e.kind === 'pending');
  const resolution = entries.find((e) => e.idempotency_key === `${key}:post` || e.idempotency_key === `${key}:void`);
  const row = await db.selectFrom('sms_messages').select(['status', 'cost_minor']).where('idempotency_key', '=', key).executeTakeFirst();
  const wallet = await balance(db, accountId);
  return {
    reserved,
    resolved: resolution?.kind ?? null,
    row: row?.status ?? null,
    cost: row?.cost_minor ?? null,
    wallet: { balance: wallet.balanceMinor, pending: wallet.pendingMinor, posted: wallet.postedMinor },
  };
}

export type State = Awaited<ReturnType<typeof stateOf>>;

export function expectAgreement(s: State): void {
  expect(s.row !== null, 'a reservation exists exactly when its row does').toBe(s.reserved);
  expect(s.resolved === 'post', 'posted exactly when the row is accepted').toBe(s.row === 'accepted');
  expect(s.resolved === 'void', 'voided exactly when the row is failed').toBe(s.row === 'failed');
}

