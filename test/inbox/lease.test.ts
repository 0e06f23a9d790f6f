import { expect, it } from 'vitest';
import { acquireLease, releaseLease } from '../../src/modules/inbox/index.js';
import { readDbNowMs } from '../../src/platform/db/index.js';
import { describeStoreContract } from '../helpers/store-contract.js';
import { seedAccount } from './seed.js';

describeStoreContract('mailbox leases', (store) => {
  it('lets one holder poll a mailbox until its lease expires (on the database clock)', async () => {
    const { db } = store();
    const accountId = await seedAccount(db, { name: 'leased', email: 'l@example.test' });
    const expiry = async () => Number((await db.selectFrom('inbox_leases').select('expires_at').where('account_id', '=', accountId).executeTakeFirstOrThrow()).expires_at);
    const before = await readDbNowMs(db);
    expect(await acquireLease(db, accountId, 'A', 60_000)).toBe(true);
    expect(await expiry()).toBeGreaterThanOrEqual(before + 60_000);
    expect(await acquireLease(db, accountId, 'B', 60_000)).toBe(false);
    expect(await acquireLease(db, accountId, 'A', 60_000)).toBe(true); // renewed by its holder
    // A's lease lapses (it stopped renewing): B takes it over.
    await db.updateTable('inbox_leases').set({ expires_at: before - 1 }).where('account_id', '=', accountId).execute();
    expect(await acquireLease(db, accountId, 'B', 60_000)).toBe(true);
    expect(await acquireLease(db, accountId, 'A', 60_000)).toBe(false);
    await releaseLease(db, accountId, 'B');
    expect(await acquireLease(db, accountId, 'A', 60_000)).toBe(true);
  });
});
