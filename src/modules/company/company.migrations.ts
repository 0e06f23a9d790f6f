import type { Kysely } from 'kysely';
import { BIGINT, type DialectName } from '../../platform/db/dialect.js';
import type { TidingsMigration } from '../../platform/db/migration.js';

/** The one-row company profile (see company.tables.ts). No row means "not filled in yet". */
const companyProfile: TidingsMigration = {
  name: '0900_company_profile',
  async up(db: Kysely<any>, _d: DialectName) {
    await db.schema
      .createTable('company_profile')
      .addColumn('id', 'integer', (c) => c.primaryKey())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('address', 'text', (c) => c.notNull())
      .addColumn('logo', 'text')
      .addColumn('time_zone', 'text', (c) => c.notNull())
      .addColumn('language', 'text', (c) => c.notNull())
      .addColumn('sms_signature', 'text', (c) => c.notNull())
      .addColumn('updated_at', BIGINT, (c) => c.notNull())
      .execute();
  },
};

export const companyMigrations: readonly TidingsMigration[] = [companyProfile];
