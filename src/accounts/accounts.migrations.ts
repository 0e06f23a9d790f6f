import { sql } from 'kysely';
import { BIGINT } from '../store/dialect.js';
import type { TidingsMigration } from '../store/migration.js';

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
];
