// The poller reads a mailbox with the account's own certificate setting: an on-premises server
// with a self-signed certificate (Dovecot here) works when the account says "do not verify", as
// sending already does, and is refused when it says "verify".
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createMailAccount } from '../../src/modules/accounts/index.js';
import { SecretBox } from '../../src/platform/crypto/index.js';
import { loadIncomingAccount, pollMailbox, readerFor } from '../../src/modules/inbox/index.js';
import type { Store } from '../../src/platform/db/index.js';
import { describeWithServices, SERVICES } from '../helpers/services.js';
import { makeSqliteStore } from '../helpers/store-contract.js';

const PASSWORD = 'tidings-test';
/** Dovecot listens on loopback: allowed as TIDINGS_ALLOW_PRIVATE_HOSTS allows it in the test config. */
const LOOPBACK = { allowPrivateHosts: '127.0.0.1/8,::1' };
const run = randomBytes(4).toString('hex');

await describeWithServices(['imap'], 'inbox poller honours the account TLS verification setting', () => {
  let store: Store;
  const secrets = new SecretBox(randomBytes(32));
  beforeAll(async () => {
    store = await makeSqliteStore();
  });
  afterAll(async () => {
    await store?.close();
  });

  const account = (name: string, tlsVerify: boolean) => {
    const email = `tls-${name}-${run}@example.test`;
    return createMailAccount(store.db, secrets, {
      name: `tls-${name}-${run}`,
      email,
      tlsVerify,
      smtp: { host: '127.0.0.1', port: SERVICES.smtp.port, security: 'none', auth: false },
      incoming: { protocol: 'imap', host: '127.0.0.1', port: SERVICES.imap.port, security: 'starttls', username: email, password: PASSWORD },
    });
  };

  it('polls a self-signed server when the account does not verify, refuses it when it does', async () => {
    const lax = await loadIncomingAccount(store.db, secrets, (await account('lax', false)).id);
    expect(lax.tlsVerify).toBe(false);
    const reader = readerFor(lax, { guard: LOOPBACK });
    try {
      const summary = await pollMailbox({ db: store.db, reader, accountId: lax.id, softBounceLimit: 3 });
      expect(summary.stored).toBe(0);
    } finally {
      await reader.close();
    }

    const strict = await loadIncomingAccount(store.db, secrets, (await account('strict', true)).id);
    expect(strict.tlsVerify).toBe(true);
    const refused = readerFor(strict, { guard: LOOPBACK });
    try {
      await expect(pollMailbox({ db: store.db, reader: refused, accountId: strict.id, softBounceLimit: 3 })).rejects.toMatchObject({ code: 'INBOX_CONNECT_FAILED' });
    } finally {
      await refused.close().catch(() => undefined);
    }
  });
});
