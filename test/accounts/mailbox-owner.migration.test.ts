import { randomBytes } from 'node:crypto';
import { expect, it } from 'vitest';
import { createMailAccount } from '../../src/modules/accounts/index.js';
import { ownLinkedMailboxes } from '../../src/modules/accounts/accounts.migrations.js';
import { AuthService } from '../../src/http/index.js';
import { SecretBox } from '../../src/platform/crypto/index.js';
import { describeStoreContract } from '../helpers/store-contract.js';
import { storeBefore } from '../helpers/upgrade-store.js';

const secrets = new SecretBox(randomBytes(32));
const unique = () => randomBytes(4).toString('hex');

describeStoreContract('migration 0120: existing mailboxes get their owners', (store) => {
  it("a sales rep's linked sending account becomes theirs; a marketer's link and unlinked mailboxes stay shared", async () => {
    const { db } = store();
    const box = async () => {
      const name = `m-${unique()}`;
      return (await createMailAccount(db, secrets, { name, email: `${name}@example.test`, smtp: { host: 'smtp.example.test', port: 465, security: 'tls', username: name, password: 'pw' } })).id;
    };
    const [repBox, marketerBox, sharedByTwo, unlinked] = [await box(), await box(), await box(), await box()];
    const users = new AuthService(store()).users;
    const user = (role: 'sales' | 'marketer', mailAccountId: number) => users.create({ username: `${role}-${unique()}`, role, mailAccountId });
    const rep = await user('sales', repBox);
    await user('marketer', marketerBox);
    const first = await user('sales', sharedByTwo);
    await user('sales', sharedByTwo);

    await ownLinkedMailboxes(db);
    const owners = new Map(
      (await db.selectFrom('mail_accounts').select(['id', 'owner_user_id']).where('id', 'in', [repBox, marketerBox, sharedByTwo, unlinked]).execute()).map((r) => [
        Number(r.id),
        r.owner_user_id === null ? null : Number(r.owner_user_id),
      ]),
    );
    expect(Object.fromEntries(owners)).toEqual({ [repBox]: rep.id, [marketerBox]: null, [sharedByTwo]: first.id, [unlinked]: null });
  });
});

describeStoreContract('migration 0120 on a database that already has users (an upgrade)', (_store, engine) => {
  it('adds the owner column and gives each linked sales rep their mailbox', async () => {
    // The database as it was before 0120; the accounts migrations after it (0130: address claims)
    // need its column, so they arrive with it, as they would on a real upgrade.
    const later = ['0120_accounts_owner_own', '0130_accounts_mailbox_address_and_check'];
    const old = await storeBefore(engine, later);
    const fresh = old.store;
    try {
      const name = `old-${unique()}`;
      // Written as the older code wrote it (today's repository also claims the address in a table
      // this old schema does not have yet).
      const inserted = await fresh.db
        .insertInto('mail_accounts')
        .values({
          name, display_name: name, email: `${name}@example.test`, reply_to: null, signature_text: null, signature_html: null, provider: null,
          incoming_protocol: null, incoming_host: null, incoming_port: null, incoming_security: null, incoming_username: null, incoming_password_enc: null,
          leave_copy: 1, smtp_host: 'smtp.example.test', smtp_port: 465, smtp_security: 'tls', smtp_auth: 1, smtp_username: name,
          smtp_password_enc: secrets.seal('pw'), limit_per_second: null, limit_per_minute: null, limit_per_hour: null, limit_per_day: null,
          plus_addressing: 0, is_default: 0, created_at: 1, updated_at: 1,
        } as never)
        .returning('id')
        .executeTakeFirstOrThrow();
      const id = Number(inserted.id);
      // Linked the way older versions did (no owner column to consult yet), then the column arrives.
      const rep = await new AuthService(fresh).users.create({ username: `sales-${unique()}`, role: 'sales' });
      await fresh.db.updateTable('users').set({ mail_account_id: id }).where('id', '=', rep.id).execute();
      expect(await old.upgrade()).toEqual(later);
      const row = await fresh.db.selectFrom('mail_accounts').select('owner_user_id').where('id', '=', id).executeTakeFirstOrThrow();
      expect(Number(row.owner_user_id)).toBe(rep.id);
      // 0130 claims the address for that owner, so the rep cannot add it a second time.
      const claim = await fresh.db.selectFrom('mail_account_addresses').selectAll().where('mail_account_id', '=', id).executeTakeFirstOrThrow();
      expect({ owner: Number(claim.owner_key), email: claim.email }).toEqual({ owner: rep.id, email: `${name}@example.test` });
    } finally {
      await old.close();
    }
  });
});
