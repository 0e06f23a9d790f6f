import type { Kysely } from 'kysely';
import type { DatabaseSchema } from '../../platform/db/index.js';

/** Id of the SMS account marked default, undefined when there is none. */
export async function defaultSmsAccountId(db: Kysely<DatabaseSchema>): Promise<number | undefined> {
  const row = await db.selectFrom('sms_accounts').select('id').where('is_default', '=', 1).executeTakeFirst();
  return row ? Number(row.id) : undefined;
}
