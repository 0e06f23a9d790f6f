import type { Kysely } from 'kysely';
import { BIGINT, withId, type DialectName } from '../dialect.js';
import type { TidingsMigration } from '../migration.js';

/**
 * One module's share of migration 0001, which predates the modules: a module that takes over tables
 * it created keeps their DDL and hands it to {@link coreMigration}.
 */
export type CoreMigrationPart = (db: Kysely<any>, d: DialectName) => Promise<void>;

/**
 * Migration 0001: the tables every module started from (accounts, customers, groups, templates
 * here), then the parts the modules took over (campaigns and outbox: the sending module), in the
 * order given. Its name and the order of its DDL never change, so a new database comes out exactly
 * like one migrated before the split.
 */
export function coreMigration(parts: readonly CoreMigrationPart[]): TidingsMigration {
  return {
    name: '0001_core',
    async up(db: Kysely<any>, d: DialectName) {
      await coreTables(db, d);
      for (const part of parts) await part(db, d);
    },
  };
}

async function coreTables(db: Kysely<any>, d: DialectName): Promise<void> {
  await withId(db.schema.createTable('mail_accounts'), d)
    .addColumn('name', 'text', (c) => c.notNull().unique())
    .addColumn('display_name', 'text', (c) => c.notNull())
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('reply_to', 'text')
    .addColumn('signature_text', 'text')
    .addColumn('signature_html', 'text')
    .addColumn('provider', 'text')
    .addColumn('incoming_protocol', 'text')
    .addColumn('incoming_host', 'text')
    .addColumn('incoming_port', 'integer')
    .addColumn('incoming_security', 'text')
    .addColumn('incoming_username', 'text')
    .addColumn('incoming_password_enc', 'text')
    .addColumn('leave_copy', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('smtp_host', 'text', (c) => c.notNull())
    .addColumn('smtp_port', 'integer', (c) => c.notNull())
    .addColumn('smtp_security', 'text', (c) => c.notNull())
    .addColumn('smtp_auth', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('smtp_username', 'text')
    .addColumn('smtp_password_enc', 'text')
    .addColumn('limit_per_second', 'integer')
    .addColumn('limit_per_minute', 'integer')
    .addColumn('limit_per_hour', 'integer')
    .addColumn('limit_per_day', 'integer')
    .addColumn('plus_addressing', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('is_default', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', BIGINT, (c) => c.notNull())
    .addColumn('updated_at', BIGINT, (c) => c.notNull())
    .execute();

  await withId(db.schema.createTable('sms_accounts'), d)
    .addColumn('name', 'text', (c) => c.notNull().unique())
    .addColumn('provider', 'text', (c) => c.notNull())
    .addColumn('credentials_enc', 'text', (c) => c.notNull())
    .addColumn('settings', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('sender_id', 'text')
    .addColumn('signature', 'text')
    .addColumn('currency', 'text', (c) => c.notNull().defaultTo('CNY'))
    .addColumn('time_zone', 'text', (c) => c.notNull().defaultTo('Asia/Shanghai'))
    .addColumn('is_default', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', BIGINT, (c) => c.notNull())
    .addColumn('updated_at', BIGINT, (c) => c.notNull())
    .execute();

  await withId(db.schema.createTable('customers'), d)
    .addColumn('family_name', 'text')
    .addColumn('given_name', 'text')
    .addColumn('display_name', 'text', (c) => c.notNull())
    .addColumn('title', 'text')
    .addColumn('gender', 'text')
    .addColumn('company', 'text')
    .addColumn('birthday_month', 'integer')
    .addColumn('birthday_day', 'integer')
    .addColumn('birth_year', 'integer')
    .addColumn('time_zone', 'text')
    .addColumn('language', 'text')
    .addColumn('owner', 'text')
    .addColumn('custom', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('notes', 'text')
    .addColumn('locked', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', BIGINT, (c) => c.notNull())
    .addColumn('updated_at', BIGINT, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('customers_owner').on('customers').column('owner').execute();
  await db.schema
    .createIndex('customers_birthday')
    .on('customers')
    .columns(['birthday_month', 'birthday_day'])
    .execute();

  await withId(db.schema.createTable('customer_emails'), d)
    .addColumn('customer_id', BIGINT, (c) => c.notNull().references('customers.id').onDelete('cascade'))
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('is_primary', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.createIndex('customer_emails_email').on('customer_emails').column('email').execute();
  await db.schema
    .createIndex('customer_emails_customer')
    .on('customer_emails')
    .columns(['customer_id', 'email'])
    .unique()
    .execute();

  await withId(db.schema.createTable('customer_phones'), d)
    .addColumn('customer_id', BIGINT, (c) => c.notNull().references('customers.id').onDelete('cascade'))
    .addColumn('e164', 'text', (c) => c.notNull())
    .addColumn('is_primary', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.createIndex('customer_phones_e164').on('customer_phones').column('e164').execute();
  await db.schema
    .createIndex('customer_phones_customer')
    .on('customer_phones')
    .columns(['customer_id', 'e164'])
    .unique()
    .execute();

  await withId(db.schema.createTable('groups'), d)
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('parent_id', BIGINT, (c) => c.references('groups.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull().defaultTo('static'))
    .addColumn('filter', 'text')
    .addColumn('created_at', BIGINT, (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('customer_groups')
    .addColumn('customer_id', BIGINT, (c) => c.notNull().references('customers.id').onDelete('cascade'))
    .addColumn('group_id', BIGINT, (c) => c.notNull().references('groups.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('customer_groups_pk', ['customer_id', 'group_id'])
    .execute();
  await db.schema.createIndex('customer_groups_group').on('customer_groups').column('group_id').execute();

  await withId(db.schema.createTable('suppressions'), d)
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('scope', 'text', (c) => c.notNull())
    .addColumn('value', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('detail', 'text')
    .addColumn('created_at', BIGINT, (c) => c.notNull())
    .addUniqueConstraint('suppressions_unique', ['channel', 'scope', 'value'])
    .execute();

  await withId(db.schema.createTable('templates'), d)
    .addColumn('name', 'text', (c) => c.notNull().unique())
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('builtin', 'text')
    .addColumn('current_version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', BIGINT, (c) => c.notNull())
    .addColumn('updated_at', BIGINT, (c) => c.notNull())
    .execute();

  await withId(db.schema.createTable('template_versions'), d)
    .addColumn('template_id', BIGINT, (c) => c.notNull().references('templates.id').onDelete('cascade'))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('subject', 'text')
    .addColumn('body_format', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('text_body', 'text')
    .addColumn('attachments', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('is_marketing', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', BIGINT, (c) => c.notNull())
    .addUniqueConstraint('template_versions_unique', ['template_id', 'version'])
    .execute();
}
