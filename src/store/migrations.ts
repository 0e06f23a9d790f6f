import type { Migration, MigrationProvider } from 'kysely';
import { accountsMigrations } from '../accounts/accounts.migrations.js';
import { apiMigrations } from '../api/api.migrations.js';
import { billingMigrations } from '../billing/billing.migrations.js';
import { customersMigrations } from '../customers/customers.migrations.js';
import { inboxMigrations } from '../inbox/inbox.migrations.js';
import { scheduleMigrations } from '../schedule/schedule.migrations.js';
import { sendMigrations } from '../send/send.migrations.js';
import { templatesMigrations } from '../templates/templates.migrations.js';
import type { DialectName } from './dialect.js';
import type { TidingsMigration } from './migration.js';
import { coreMigration } from './migrations/0001-core.js';

/**
 * Every migration, from every module. Name prefixes keep modules apart:
 * 0001–0099 core, 0100 accounts, 0200 customers, 0300 templates, 0400 send, 0500 billing,
 * 0600 inbox, 0700 schedule, 0800 api.
 */
export const ALL_MIGRATIONS: readonly TidingsMigration[] = [
  coreMigration,
  ...accountsMigrations,
  ...customersMigrations,
  ...templatesMigrations,
  ...sendMigrations,
  ...billingMigrations,
  ...inboxMigrations,
  ...scheduleMigrations,
  ...apiMigrations,
];

/** Feeds the bundled migrations to Kysely's Migrator, binding each to the engine in use. */
export class BundledMigrationProvider implements MigrationProvider {
  constructor(
    private readonly dialect: DialectName,
    private readonly migrations: readonly TidingsMigration[] = ALL_MIGRATIONS,
  ) {}

  async getMigrations(): Promise<Record<string, Migration>> {
    const result: Record<string, Migration> = {};
    for (const migration of this.migrations) {
      if (result[migration.name]) throw new Error(`duplicate migration name ${migration.name}`);
      result[migration.name] = { up: (db) => migration.up(db, this.dialect) };
    }
    return result;
  }
}
