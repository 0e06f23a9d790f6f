import { sql, type Kysely } from 'kysely';
import { BIGINT } from '../../platform/db/dialect.js';
import type { TidingsMigration } from '../../platform/db/migration.js';

/**
 * Migration 0120's backfill: a mailbox a sales rep sends from (users.mail_account_id) becomes that
 * rep's; two reps on one mailbox: the earliest user. Other mailboxes are left as they are.
 */
export async function ownLinkedMailboxes(db: Kysely<any>): Promise<void> {
  await sql`update mail_accounts set owner_user_id = (
      select min(u.id) from users u where u.mail_account_id = mail_accounts.id and u.role = 'sales'
    ) where owner_user_id is null and exists (select 1 from users u where u.mail_account_id = mail_accounts.id and u.role = 'sales')`.execute(db);
}

/**
 * Migrations owned by src/accounts. Never edit a migration that has landed; add a new one.
 */
export const accountsMigrations: readonly TidingsMigration[] = [
  {
    name: '0100_accounts_default_and_tls',
    async up(db) {
      // "Exactly one default" is kept by setDefault's transaction; these partial unique indexes make
      // "at most one" a database fact, so two concurrent set-default calls cannot both win.
      await sql`create unique index mail_accounts_one_default on mail_accounts (is_default) where is_default = 1`.execute(db);
      await sql`create unique index sms_accounts_one_default on sms_accounts (is_default) where is_default = 1`.execute(db);
      // Per-account TLS certificate checking, off only for on-premises servers with self-signed
      // certificates. A side table because the core mail_accounts table is a shared contract.
      await db.schema
        .createTable('mail_account_tls')
        .addColumn('mail_account_id', BIGINT, (c) => c.primaryKey().references('mail_accounts.id').onDelete('cascade'))
        .addColumn('verify_certificates', 'integer', (c) => c.notNull().defaultTo(1))
        .execute();
    },
  },
  {
    name: '0110_accounts_dkim_keys',
    async up(db) {
      // One signing key per sender domain; the private key is sealed with the SecretBox like every
      // stored credential. Rotation replaces the row (new selector) rather than keeping history.
      await db.schema
        .createTable('dkim_keys')
        .addColumn('domain', 'text', (c) => c.primaryKey())
        .addColumn('selector', 'text', (c) => c.notNull())
        .addColumn('private_key_enc', 'text', (c) => c.notNull())
        .addColumn('public_key', 'text', (c) => c.notNull())
        .addColumn('created_at', BIGINT, (c) => c.notNull())
        .execute();
    },
  },
  {
    name: '0120_accounts_webhook_token_hook',
    async up(db) {
      // The secret an SMS provider without request signing (Aliyun) must put in its callback URL.
      // Sealed with the SecretBox like every credential, so the migration cannot move the old
      // plain `settings.callbackToken` here: upgradeSmsWebhookTokens does that at start-up.
      await db.schema
        .createTable('sms_account_webhook_tokens')
        .addColumn('sms_account_id', BIGINT, (c) => c.primaryKey().references('sms_accounts.id').onDelete('cascade'))
        .addColumn('token_enc', 'text', (c) => c.notNull())
        .addColumn('created_at', BIGINT, (c) => c.notNull())
        .execute();
    },
  },
  {
    name: '0120_accounts_owner_own',
    async up(db, dialect) {
      // A mailbox is a person's (owner = user id) or shared (null). No foreign key: on a fresh
      // database this runs before the api module's 0800 creates `users`, and users are disabled,
      // never deleted.
      await db.schema.alterTable('mail_accounts').addColumn('owner_user_id', BIGINT).execute();
      await db.schema.createIndex('mail_accounts_owner').on('mail_accounts').column('owner_user_id').execute();
      // An existing database: the mailbox a sales rep sends from (users.mail_account_id) was in
      // practice theirs, so it becomes theirs; everything else stays shared. Two reps linked to one
      // mailbox: the earliest user gets it (the other is refused at send time and an admin decides).
      const present =
        dialect === 'postgres'
          ? await sql<{ n: number | string }>`select count(*) as n from information_schema.tables where table_name = 'users' and table_schema = current_schema()`.execute(db)
          : await sql<{ n: number | string }>`select count(*) as n from sqlite_master where type = 'table' and name = 'users'`.execute(db);
      if (Number(present.rows[0]?.n ?? 0) === 0) return;
      await ownLinkedMailboxes(db);
    },
  },
  {
    name: '0130_accounts_mailbox_address_and_check',
    async up(db) {
      // One mailbox per address per owner (owner_key 0: shared). A side table rather than an index on
      // mail_accounts: databases made before this rule may hold duplicates already (the old wizard's
      // "name-2" retries), which a unique index over mail_accounts would refuse to build. The oldest
      // mailbox of each address keeps the claim; later duplicates stay usable but unclaimed, so an
      // admin can delete them, and no new one can be added.
      await db.schema
        .createTable('mail_account_addresses')
        .addColumn('mail_account_id', BIGINT, (c) => c.primaryKey().references('mail_accounts.id').onDelete('cascade'))
        .addColumn('owner_key', BIGINT, (c) => c.notNull())
        .addColumn('email', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('mail_account_addresses_unique').on('mail_account_addresses').columns(['owner_key', 'email']).unique().execute();
      await sql`insert into mail_account_addresses (mail_account_id, owner_key, email)
        select min(id), coalesce(owner_user_id, 0), lower(email) from mail_accounts group by coalesce(owner_user_id, 0), lower(email)`.execute(db);
      // The last login test of each mailbox: when, whether it worked, and each server's outcome
      // (JSON of VerifyCheck[]), so the list can say "checked, works" without asking the servers.
      await db.schema
        .createTable('mail_account_checks')
        .addColumn('mail_account_id', BIGINT, (c) => c.primaryKey().references('mail_accounts.id').onDelete('cascade'))
        .addColumn('checked_at', BIGINT, (c) => c.notNull())
        .addColumn('ok', 'integer', (c) => c.notNull())
        .addColumn('checks', 'text', (c) => c.notNull())
        .execute();
    },
  },
];
