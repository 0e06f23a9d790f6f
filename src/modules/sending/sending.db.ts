import type { Kysely } from 'kysely';
import type { SendingTables } from './send.tables.js';

/** The store as the sending module's queries see it: its own tables only. */
export type SendingDb = Kysely<SendingTables>;

/**
 * Narrows a handle on the whole store (or a transaction) to the sending module's tables. Kysely's
 * types are invariant in the schema, so this is a cast, but a sound one: the constraint makes the
 * compiler check that the store's schema holds every sending table with these very row types.
 */
export function sendingDb<DB extends SendingTables>(db: Kysely<DB>): SendingDb {
  return db as unknown as SendingDb;
}
