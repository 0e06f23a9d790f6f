import { expect, it } from 'vitest';
import { chooseSendingAccount, defaultAccountId, SYSTEM_ACTOR } from '../../src/modules/accounts/index.js';
import { makeSqliteStore } from '../helpers/store-contract.js';
import { seedAccount } from '../fixtures/send/seed.js';

it('the default account is the one marked default, never "the oldest": unmarked, a send must name one', async () => {
  const store = await makeSqliteStore();
  try {
    const { db } = store;
    // Rows written around the repository (as an old database or a hand edit leaves them): none marked.
    const oldest = await seedAccount(db, { port: 25 });
    const newer = await seedAccount(db, { port: 25 });
    expect(await defaultAccountId(db, 'email')).toBeUndefined();
    await expect(chooseSendingAccount(db, { channel: 'email', actor: SYSTEM_ACTOR })).rejects.toMatchObject({
      code: 'SEND_NO_ACCOUNT',
      // The message is for people using the web UI too: no command-line flags in it; the CLI's
      // spelling (set-default) is kept in the error's cliHint.
      message: expect.not.stringMatching(/--|tidings /),
      context: expect.objectContaining({ cliHint: expect.stringContaining('set-default') }),
    });
    expect(await chooseSendingAccount(db, { channel: 'email', actor: SYSTEM_ACTOR, account: oldest })).toBe(oldest);

    await db.updateTable('mail_accounts').set({ is_default: 1 }).where('id', '=', newer).execute();
    expect(await defaultAccountId(db, 'email')).toBe(newer);
    expect(await chooseSendingAccount(db, { channel: 'email', actor: SYSTEM_ACTOR })).toBe(newer);
    // The default mailbox goes through the mailbox policy like a named one: a sales rep not linked to it may not use it.
    expect(await chooseSendingAccount(db, { channel: 'email', actor: { id: 7, role: 'marketer' } })).toBe(newer);
    await expect(chooseSendingAccount(db, { channel: 'email', actor: { id: 8, role: 'sales' } })).rejects.toMatchObject({ code: 'AUTH_FORBIDDEN' });
    expect(await chooseSendingAccount(db, { channel: 'email', actor: { id: 8, role: 'sales', mailAccountId: newer } })).toBe(newer);
    expect(await defaultAccountId(db, 'sms')).toBeUndefined();
    await expect(chooseSendingAccount(db, { channel: 'sms', actor: SYSTEM_ACTOR })).rejects.toMatchObject({ code: 'SEND_NO_ACCOUNT' });
  } finally {
    await store.close();
  }
});
