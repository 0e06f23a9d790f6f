import { sql, type Kysely } from 'kysely';
import { randomBytes } from 'node:crypto';
import { expect, it } from 'vitest';
import { checkConsistency, sendSms, settleSms, topUp } from '../../src/modules/billing/index.js';
import { dialectOf, type DatabaseSchema } from '../../src/platform/db/index.js';
import { describeStoreContract } from '../helpers/store-contract.js';
import { makeSmsAccount } from './sms-account.fixture.js';
import { expectAgreement, fakeProvider, stateOf, type State } from './sms-send.fixture.js';

type Db = Kysely<DatabaseSchema>;

/** Where the database refuses the next write of the message row (a trigger), as a crash at that statement would. */
type FailAt = 'record' | 'mark-accepted' | 'mark-failed';

/** Installs a trigger that aborts the given write of the row keyed `key`; returns its removal. */
async function injectFailure(db: Db, key: string, at: FailAt): Promise<() => Promise<void>> {
  const name = `fail_${randomBytes(4).toString('hex')}`;
  const event = at === 'record' ? 'insert' : 'update';
  const condition =
    at === 'record' ? `new.idempotency_key = '${key}'` : `new.idempotency_key = '${key}' and new.status = '${at === 'mark-accepted' ? 'accepted' : 'failed'}'`;
  if (dialectOf(db) === 'postgres') {
    await sql.raw(`create function ${name}() returns trigger language plpgsql as $$ begin raise exception 'injected failure'; end $$`).execute(db);
    await sql.raw(`create trigger ${name} before ${event} on sms_messages for each row when (${condition}) execute function ${name}()`).execute(db);
    return async () => {
      await sql.raw(`drop trigger ${name} on sms_messages`).execute(db);
      await sql.raw(`drop function ${name}()`).execute(db);
    };
  }
  await sql.raw(`create trigger ${name} before ${event} on sms_messages when ${condition} begin select raise(abort, 'injected failure'); end`).execute(db);
  return async () => {
    await sql.raw(`drop trigger ${name}`).execute(db);
  };
}

interface Case {
  name: string;
  input: { failAt: FailAt; provider: 'accepts' | 'rejects'; recover: 'send-again' | 'settle-accepted' | 'settle-refused' };
  expected: { afterFailure: Omit<State, 'cost'> & { sends: number }; afterRecovery: State & { sends: number } };
}

const cases: Case[] = [
  {
    name: 'recording the row fails: the reservation rolls back with it and nothing is sent; sending again charges once',
    input: { failAt: 'record', provider: 'accepts', recover: 'send-again' },
    expected: {
      afterFailure: { reserved: false, resolved: null, row: null, sends: 0, wallet: { balance: 100, pending: 0, posted: 0 } },
      afterRecovery: { reserved: true, resolved: 'post', row: 'accepted', cost: 10, sends: 1, wallet: { balance: 90, pending: 0, posted: 10 } },
    },
  },
  {
    name: 'marking the row accepted fails: the post rolls back with it, the money stays held until settled',
    input: { failAt: 'mark-accepted', provider: 'accepts', recover: 'settle-accepted' },
    expected: {
      afterFailure: { reserved: true, resolved: null, row: 'pending', sends: 1, wallet: { balance: 90, pending: 10, posted: 0 } },
      afterRecovery: { reserved: true, resolved: 'post', row: 'accepted', cost: 10, sends: 1, wallet: { balance: 90, pending: 0, posted: 10 } },
    },
  },
  {
    name: 'marking a refused message failed fails: the void rolls back with it, the money stays held until settled',
    input: { failAt: 'mark-failed', provider: 'rejects', recover: 'settle-refused' },
    expected: {
      afterFailure: { reserved: true, resolved: null, row: 'pending', sends: 1, wallet: { balance: 90, pending: 10, posted: 0 } },
      afterRecovery: { reserved: true, resolved: 'void', row: 'failed', cost: null, sends: 1, wallet: { balance: 100, pending: 0, posted: 0 } },
    },
  },
];

describeStoreContract('sendSms: the message row commits with its ledger entry', (store) => {
  for (const c of cases) {
    it(c.name, async () => {
      const { db } = store();
      const account = await makeSmsAccount(db);
      await topUp(db, { accountId: account.id, idempotencyKey: `${account.name}:t`, amountMinor: 100, reference: 'r', operator: 'f' });
      const key = `${account.name}:m1`;
      const provider = fakeProvider(c.input.provider);
      const send = () => sendSms(db, provider, { account: { id: account.id, timeZone: 'Asia/Shanghai' }, to: '+8613800138000', text: 'hello', idempotencyKey: key });

      const remove = await injectFailure(db, key, c.input.failAt);
      await expect(send()).rejects.toThrow(/injected failure/);
      const { cost: _cost, ...afterFailure } = await stateOf(db, account.id, key);
      expect({ ...afterFailure, sends: provider.sent.length }).toEqual(c.expected.afterFailure);
      expectAgreement({ ...afterFailure, cost: null });
      expect((await checkConsistency(db, account.id)).problems).toEqual([]);

      await remove();
      if (c.input.recover === 'send-again') await send();
      else await settleSms(db, { idempotencyKey: key, accepted: c.input.recover === 'settle-accepted', providerMessageId: 'SM1', reason: 'settled' });
      const afterRecovery = await stateOf(db, account.id, key);
      expect({ ...afterRecovery, sends: provider.sent.length }).toEqual(c.expected.afterRecovery);
      expectAgreement(afterRecovery);
      expect((await checkConsistency(db, account.id)).problems).toEqual([]);
    });
  }

  it('creates the wallet on an account’s first message (then refuses it: empty), and refuses an unknown account', async () => {
    const { db } = store();
    const account = await makeSmsAccount(db);
    const provider = fakeProvider('accepts');
    const input = (id: number) => ({ account: { id, timeZone: 'Asia/Shanghai' }, to: '+8613800138000', text: 'hi', idempotencyKey: `${account.name}:${id}` });
    await expect(sendSms(db, provider, input(account.id))).rejects.toMatchObject({ code: 'BILLING_INSUFFICIENT_BALANCE' });
    expect(await db.selectFrom('sms_wallets').select('balance_minor').where('sms_account_id', '=', account.id).execute()).toEqual([{ balance_minor: 0 }]);
    await expect(sendSms(db, provider, input(account.id + 1_000_000))).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(provider.sent).toHaveLength(0);
    const rows = await db.selectFrom('sms_messages').select('id').where('idempotency_key', 'like', `${account.name}:%`).execute();
    expect(rows).toHaveLength(0);
  });

  it('sends a second message on the same wallet and replays a sent key without sending or charging again', async () => {
    const { db } = store();
    const account = await makeSmsAccount(db);
    await topUp(db, { accountId: account.id, idempotencyKey: `${account.name}:t`, amountMinor: 100, reference: 'r', operator: 'f' });
    const provider = fakeProvider('accepts');
    const send = (n: number) =>
      sendSms(db, provider, { account: { id: account.id, timeZone: 'Asia/Shanghai' }, to: '+8613800138000', text: 'hello', idempotencyKey: `${account.name}:${n}` });
    expect(await send(1)).toMatchObject({ costMinor: 10, balanceMinor: 90, providerMessageId: 'SM1', replayed: false });
    expect(await send(2)).toMatchObject({ costMinor: 10, balanceMinor: 80, providerMessageId: 'SM2', replayed: false });
    expect(await send(1)).toMatchObject({ costMinor: 10, balanceMinor: 80, providerMessageId: 'SM1', replayed: true });
    expect(provider.sent).toHaveLength(2);
    for (const n of [1, 2]) expectAgreement(await stateOf(db, account.id, `${account.name}:${n}`));
    expect((await checkConsistency(db, account.id)).problems).toEqual([]);
  });
});
