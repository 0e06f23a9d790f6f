import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { createMailAccount } from '../../src/modules/accounts/index.js';
import { ownLinkedMailboxes } from '../../src/modules/accounts/accounts.migrations.js';
import { AuthService } from '../../src/http/index.js';
import { SecretBox } from '../../src/platform/crypto/index.js';
import { applyMigrations, type Store } from '../../src/platform/db/index.js';
import { ALL_MIGRATIONS, openAppStore } from '../../src/app/index.js';
import { POSTGRES_URL } from '../helpers/services.js';
import { describeStoreContract } from '../helpers/store-contract.js';

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
    const dir = mkdtempSync(join(tmpdir(), 'tidings-0120-'));
    const fresh: Store =
      engine === 'sqlite'
        ? await openAppStore({ target: { kind: 'sqlite', path: join(dir, 'old.db') }, migrate: false })
        : await openAppStore({ target: { kind: 'postgres', url: POSTGRES_URL }, schema: `t_${unique()}${unique()}`, migrate: false });
    const { schema } = fresh;
    try {
      const dialect = engine === 'sqlite' ? 'sqlite' : 'postgres';
      const before = ALL_MIGRATIONS.filter((m) => m.name !== '0120_accounts_owner_own');
      await applyMigrations(fresh.db, { dialect, schema, migrations: before });
      const name = `old-${unique()}`;
      const { id } = await createMailAccount(fresh.db, secrets, { name, email: `${name}@example.test`, smtp: { host: 'smtp.example.test', port: 465, security: 'tls', username: name, password: 'pw' } });
      // Linked the way older versions did (no owner column to consult yet), then the column arrives.
      const rep = await new AuthService(fresh).users.create({ username: `sales-${unique()}`, role: 'sales' });
      await fresh.db.updateTable('users').set({ mail_account_id: id }).where('id', '=', rep.id).execute();
      expect(await applyMigrations(fresh.db, { dialect, schema, migrations: ALL_MIGRATIONS })).toEqual(['0120_accounts_owner_own']);
      const row = await fresh.db.selectFrom('mail_accounts').select('owner_user_id').where('id', '=', id).executeTakeFirstOrThrow();
      expect(Number(row.owner_user_id)).toBe(rep.id);
    } finally {
      if (schema) await sql`drop schema if exists ${sql.id(schema)} cascade`.execute(fresh.db);
      await fresh.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
