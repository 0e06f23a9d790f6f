import { expect, it } from 'vitest';
import { acquireLease, releaseLease } from '../../src/inbox/index.js';
import { describeStoreContract } from '../helpers/store-contract.js';
import { seedAccount } from './seed.js';

describeStoreContract('mailbox leases', (store) => {
  it('lets one holder poll a mailbox until its lease expires', async () => {
    const accountId = await seedAccount(store().db, { name: 'leased', email: 'l@example.test' });
    const now = 1_000_000;
    expect(await acquireLease(store().db, accountId, 'A', 1000, now)).toBe(true);
    expect(await acquireLease(store().db, accountId, 'B', 1000, now + 10)).toBe(false);
    expect(await acquireLease(store().db, accountId, 'A', 1000, now + 500)).toBe(true);
    expect(await acquireLease(store().db, accountId, 'B', 1000, now + 1400)).toBe(false);
    expect(await acquireLease(store().db, accountId, 'B', 1000, now + 1600)).toBe(true);
    await releaseLease(store().db, accountId, 'B');
    expect(await acquireLease(store().db, accountId, 'A', 1000, now + 1700)).toBe(true);
  });
});
