import type { Kysely } from 'kysely';
import { BIGINT, withId, type DialectName } from '../../platform/db/dialect.js';
import type { TidingsMigration } from '../../platform/db/migration.js';

/** Users, API tokens, sessions, sign-in failures (rate limiting) and worker heartbeats. */
const usersAndSessions: TidingsMigration = {
  name: '0800_users_tokens_sessions',
  async up(db: Kysely<any>, d: DialectName) {
    await withId(db.schema.createTable('users'), d)
      .addColumn('username', 'text', (c) => c.notNull().unique())
      .addColumn('display_name', 'text', (c) => c.notNull())
      .addColumn('role', 'text', (c) => c.notNull())
      .addColumn('password_hash', 'text')
      .addColumn('disabled', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('mail_account_id', 'integer')
      .addColumn('created_at', BIGINT, (c) => c.notNull())
      .addColumn('updated_at', BIGINT, (c) => c.notNull())
      .execute();

    await withId(db.schema.createTable('api_tokens'), d)
      .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('token_hash', 'text', (c) => c.notNull().unique())
      .addColumn('prefix', 'text', (c) => c.notNull())
      .addColumn('created_at', BIGINT, (c) => c.notNull())
      .addColumn('last_used_at', BIGINT)
      .addColumn('expires_at', BIGINT)
      .addColumn('revoked_at', BIGINT)
      .execute();
    await db.schema.createIndex('api_tokens_user').on('api_tokens').column('user_id').execute();

    await db.schema
      .createTable('sessions')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
      .addColumn('csrf_token', 'text', (c) => c.notNull())
      .addColumn('created_at', BIGINT, (c) => c.notNull())
      .addColumn('expires_at', BIGINT, (c) => c.notNull())
      .addColumn('last_seen_at', BIGINT, (c) => c.notNull())
      .execute();
    await db.schema.createIndex('sessions_user').on('sessions').column('user_id').execute();

    await withId(db.schema.createTable('login_failures'), d)
      .addColumn('key', 'text', (c) => c.notNull())
      .addColumn('at', BIGINT, (c) => c.notNull())
      .execute();
    await db.schema.createIndex('login_failures_key_at').on('login_failures').columns(['key', 'at']).execute();

    await db.schema
      .createTable('worker_heartbeats')
      .addColumn('worker_id', 'text', (c) => c.primaryKey())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('host', 'text', (c) => c.notNull())
      .addColumn('pid', 'integer', (c) => c.notNull())
      .addColumn('seen_at', BIGINT, (c) => c.notNull())
      .execute();
  },
};

/**
 * Sign-in limiting moves from one row per failure (counted, then inserted: a burst of concurrent
 * guesses all passed the count) to one counter row per key that is bumped in a single conditional
 * upsert before the password is checked. The old rows only ever held 15 minutes of failures, so
 * they are dropped rather than carried over.
 */
const loginLimits: TidingsMigration = {
  name: '0805_login_limits',
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('login_limits')
      .addColumn('key', 'text', (c) => c.primaryKey())
      .addColumn('window_start', BIGINT, (c) => c.notNull())
      .addColumn('attempts', 'integer', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('login_limits_window_start').on('login_limits').column('window_start').execute();
    await db.schema.dropTable('login_failures').execute();
  },
};

/**
 * A password someone else chose (the first admin's printed one, one set by an admin on creating or
 * resetting a user) is a one-time password: until its holder picks their own, the API answers only
 * the calls needed to do so (see the route guard). Existing users keep working as before (0).
 */
const mustChangePassword: TidingsMigration = {
  name: '0810_users_must_change_password',
  async up(db: Kysely<any>) {
    await db.schema.alterTable('users').addColumn('must_change_password', 'integer', (c) => c.notNull().defaultTo(0)).execute();
  },
};

/**
 * A person's own email address, where their morning reminder digest goes (src/modules/reminders).
 * Null for existing users until an admin or they themself set it; not unique (two accounts of one
 * person may share it) and not a sign-in name.
 */
const userEmail: TidingsMigration = {
  name: '0820_users_email',
  async up(db: Kysely<any>) {
    await db.schema.alterTable('users').addColumn('email', 'text').execute();
  },
};

/**
 * Migrations owned by src/api. Names sort globally with the prefix 0800. Never edit a migration
 * that has landed; add a new one.
 */
export const apiMigrations: readonly TidingsMigration[] = [usersAndSessions, loginLimits, mustChangePassword, userEmail];
