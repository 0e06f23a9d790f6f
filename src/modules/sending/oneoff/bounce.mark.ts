import type { Kysely } from 'kysely';
import type { DatabaseSchema } from '../../../platform/db/index.js';
import { systemClock, type Clock } from '../../../platform/clock/index.js';

/** The `outbox.error_code` of a row a proven bounce came back for (state `failed`: not delivered). */
export const BOUNCED_CODE = 'SEND_BOUNCED';

/**
 * A proven bounce answers a row we had marked sent: the message was not delivered after all. The
 * row becomes `failed` with {@link BOUNCED_CODE} and the server's reason, so campaign and one-off
 * counts show it as not delivered and the customer's timeline shows "bounced". Only a row that
 * was handed over (`sent`, or `unknown`) changes; returns whether it did.
 */
export async function markOutboxBounced(db: Kysely<DatabaseSchema>, outboxId: number, reason: string, clock: Clock = systemClock): Promise<boolean> {
  const result = await db
    .updateTable('outbox')
    .set({ state: 'failed', error_code: BOUNCED_CODE, error_text: reason.slice(0, 2000) || 'bounced', updated_at: clock.now() })
    .where('id', '=', outboxId)
    .where('state', 'in', ['sent', 'unknown'])
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}
