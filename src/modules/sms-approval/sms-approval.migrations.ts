import type { Kysely } from 'kysely';
import { BIGINT, withId, type DialectName } from '../../platform/db/dialect.js';
import type { TidingsMigration } from '../../platform/db/migration.js';

/** Template bindings (see sms-approval.tables.ts); one per version, language and SMS account. */
const templateBindings: TidingsMigration = {
  name: '1000_sms_template_bindings',
  async up(db: Kysely<any>, dialect: DialectName) {
    await withId(db.schema.createTable('sms_template_bindings'), dialect)
      .addColumn('template_id', BIGINT, (c) => c.notNull().references('templates.id').onDelete('cascade'))
      .addColumn('version_id', BIGINT, (c) => c.notNull().references('template_versions.id').onDelete('cascade'))
      .addColumn('language', 'text', (c) => c.notNull())
      .addColumn('sms_account_id', BIGINT, (c) => c.notNull().references('sms_accounts.id').onDelete('cascade'))
      .addColumn('provider_code', 'text')
      .addColumn('content', 'text', (c) => c.notNull())
      .addColumn('params', 'text', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('reason', 'text')
      .addColumn('origin', 'text', (c) => c.notNull())
      .addColumn('submitted_at', BIGINT)
      .addColumn('synced_at', BIGINT)
      .addColumn('created_at', BIGINT, (c) => c.notNull())
      .addColumn('updated_at', BIGINT, (c) => c.notNull())
      .addUniqueConstraint('sms_template_bindings_unique', ['version_id', 'language', 'sms_account_id'])
      .execute();
    // The periodic sync reads the pending ones, oldest sync first.
    await db.schema.createIndex('sms_template_bindings_status').on('sms_template_bindings').columns(['status', 'synced_at']).execute();
  },
};

/** Signatures per SMS account (see sms-approval.tables.ts). */
const signatures: TidingsMigration = {
  name: '1001_sms_signatures',
  async up(db: Kysely<any>, dialect: DialectName) {
    await withId(db.schema.createTable('sms_signatures'), dialect)
      .addColumn('sms_account_id', BIGINT, (c) => c.notNull().references('sms_accounts.id').onDelete('cascade'))
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('source', 'text', (c) => c.notNull())
      .addColumn('remark', 'text', (c) => c.notNull())
      .addColumn('provider_ref', 'text')
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('reason', 'text')
      .addColumn('submitted_at', BIGINT)
      .addColumn('synced_at', BIGINT)
      .addColumn('created_at', BIGINT, (c) => c.notNull())
      .addColumn('updated_at', BIGINT, (c) => c.notNull())
      .addUniqueConstraint('sms_signatures_unique', ['sms_account_id', 'name'])
      .execute();
  },
};

export const smsApprovalMigrations: readonly TidingsMigration[] = [templateBindings, signatures];
