import { expect, it } from 'vitest';
import { findEmailSuppressions, findSuppression, isSuppressed, suppress, unsuppress } from '../../src/modules/customers/index.js';
import { describeStoreContract } from '../helpers/store-contract.js';

describeStoreContract('suppressions', (store) => {
  it('suppresses an address case-insensitively, once, keeping the first reason', async () => {
    const { db } = store();
    expect(await suppress(db, { channel: 'email', value: 'Wang@Example.TEST', reason: 'unsubscribed' })).toBe(true);
    expect(await suppress(db, { channel: 'email', value: 'wang@example.test', reason: 'hard-bounce' })).toBe(false);
    expect(await findSuppression(db, 'email', 'WANG@example.test')).toMatchObject({ reason: 'unsubscribed' });
    expect(await isSuppressed(db, 'sms', 'wang@example.test')).toBe(false);
  });

  it('blocks a whole domain for email', async () => {
    const { db } = store();
    await suppress(db, { channel: 'email', scope: 'domain', value: 'blocked.test', reason: 'manual' });
    expect(await isSuppressed(db, 'email', 'anyone@blocked.test')).toBe(true);
    expect(await isSuppressed(db, 'email', 'anyone@notblocked.test')).toBe(false);
  });

  it('lifts a suppression', async () => {
    const { db } = store();
    await suppress(db, { channel: 'sms', value: '+8613800138000', reason: 'sms-keyword' });
    expect(await isSuppressed(db, 'sms', '+8613800138000')).toBe(true);
    expect(await unsuppress(db, 'sms', '+8613800138000')).toBe(true);
    expect(await isSuppressed(db, 'sms', '+8613800138000')).toBe(false);
  });

  it('checks many addresses in one statement with the same answers as one at a time', async () => {
    const { db } = store();
    await suppress(db, { channel: 'email', value: 'li@many.test', reason: 'unsubscribed' });
    await suppress(db, { channel: 'email', scope: 'domain', value: 'spam-trap.test', reason: 'manual' });
    await suppress(db, { channel: 'sms', value: 'zhao@many.test', reason: 'sms-keyword' });
    const addresses = ['LI@many.test', 'zhao@many.test', 'a@spam-trap.test', 'b@Spam-Trap.test', 'ok@many.test', 'li@many.test.example'];
    const found = await findEmailSuppressions(db, addresses);
    expect([...found.keys()].sort()).toEqual(['LI@many.test', 'a@spam-trap.test', 'b@Spam-Trap.test']);
    expect(found.get('LI@many.test')).toMatchObject({ scope: 'address', value: 'li@many.test', reason: 'unsubscribed' });
    expect(found.get('b@Spam-Trap.test')).toMatchObject({ scope: 'domain', value: 'spam-trap.test', reason: 'manual' });
    for (const address of addresses) expect(found.has(address)).toBe((await findSuppression(db, 'email', address)) !== undefined);
    expect((await findEmailSuppressions(db, [])).size).toBe(0);
  });
});
