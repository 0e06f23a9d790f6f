import type { Kysely } from 'kysely';
import { BIGINT, withId } from '../../platform/db/dialect.js';
import type { TidingsMigration } from '../../platform/db/migration.js';

/**
 * Migrations owned by src/customers. Never edit a migration that has landed; add a new one.
 */
export const customersMigrations: readonly TidingsMigration[] = [
  {
    name: '0200_customer_fields',
    async up(db: Kysely<any>, d) {
      await withId(db.schema.createTable('customer_field_defs'), d)
        .addColumn('name', 'text', (c) => c.notNull().unique())
        .addColumn('type', 'text', (c) => c.notNull())
        .addColumn('label', 'text')
        .addColumn('created_at', BIGINT, (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('customer_field_values')
        .addColumn('customer_id', BIGINT, (c) => c.notNull().references('customers.id').onDelete('cascade'))
        .addColumn('field', 'text', (c) => c.notNull())
        .addColumn('text_value', 'text')
        .addColumn('num_value', 'double precision')
        .addPrimaryKeyConstraint('customer_field_values_pk', ['customer_id', 'field'])
        .execute();
      await db.schema.createIndex('customer_field_values_text').on('customer_field_values').columns(['field', 'text_value']).execute();
      await db.schema.createIndex('customer_field_values_num').on('customer_field_values').columns(['field', 'num_value']).execute();
    },
  },
  {
    name: '0210_customer_search',
    async up(db: Kysely<any>) {
      // A side table rather than a column on the core `customers` table: other modules insert
      // nothing here, and a search rebuild never touches the customer rows they read.
      await db.schema
        .createTable('customer_search')
        .addColumn('customer_id', BIGINT, (c) => c.primaryKey().references('customers.id').onDelete('cascade'))
        .addColumn('text', 'text', (c) => c.notNull())
        .execute();
      // Dedupe on import looks customers up by address; a primary-address index serves audiences.
      await db.schema.createIndex('customer_emails_primary').on('customer_emails').columns(['is_primary', 'customer_id']).execute();
      await db.schema.createIndex('customer_phones_primary').on('customer_phones').columns(['is_primary', 'customer_id']).execute();
    },
  },
  {
    name: '0220_customer_lunar_birthday',
    async up(db: Kysely<any>) {
      // Lunar birthdays (农历生日) next to the Gregorian one; birthday_calendar says which is celebrated.
      await db.schema.alterTable('customers').addColumn('birthday_calendar', 'text', (c) => c.notNull().defaultTo('gregorian')).execute();
      await db.schema.alterTable('customers').addColumn('lunar_birthday_month', 'integer').execute();
      await db.schema.alterTable('customers').addColumn('lunar_birthday_day', 'integer').execute();
      await db.schema.alterTable('customers').addColumn('lunar_birthday_leap', 'integer', (c) => c.notNull().defaultTo(0)).execute();
      await db.schema.alterTable('customers').addColumn('lunar_birth_year', 'integer').execute();
    },
  },
];
