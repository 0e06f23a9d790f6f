import type { Kysely } from 'kysely';
import type { SendingTables } from '../send.tables.js';
import { systemClock, type Clock } from '../../../platform/clock/index.js';

type Db = Kysely<SendingTables>;

/**
 * sending (or unknown, when the sweeper gave up on a slow worker) → sent, with what the SMS cost:
 * the provider's message id, the parts and the amount charged. A conditional update like every
 * outbox transition.
 */
export async function markSmsSent(
  db: Db,
  id: number,
  result: { providerMessageId: string; parts: number; costMinor: number; at: number; language?: string | undefined },
  clock: Clock = systemClock,
): Promise<boolean> {
  const update = await db
    .updateTable('outbox')
    .set({
      state: 'sent',
      message_id: result.providerMessageId,
      parts: result.parts,
      cost_minor: result.costMinor,
      sent_at: result.at,
      language: result.language ?? null,
      error_code: null,
      error_text: null,
      next_attempt_at: null,
      updated_at: clock.now(),
    })
    .where('id', '=', id)
    .where('state', 'in', ['sending', 'unknown'])
    .executeTakeFirst();
  return Number(update.numUpdatedRows) === 1;
}

/**
 * Says on every row still waiting in a campaign why it waits (e.g. the balance ran out), so the
 * outbox listing answers "why was this not sent?" without reading the campaign. Sending clears it.
 */
export async function tagWaitingRows(db: Db, campaignId: number, code: string, text: string, clock: Clock = systemClock): Promise<number> {
  const update = await db
    .updateTable('outbox')
    .set({ error_code: code, error_text: text.slice(0, 2000), updated_at: clock.now() })
    .where('campaign_id', '=', campaignId)
    .where('state', 'in', ['queued', 'deferred'])
    .executeTakeFirst();
  return Number(update.numUpdatedRows);
}

/** queued/deferred → deferred until `until` for quiet hours (nothing was claimed or reserved). */
export async function deferUntil(db: Db, id: number, until: number, clock: Clock = systemClock): Promise<boolean> {
  const update = await db
    .updateTable('outbox')
    .set({ state: 'deferred', next_attempt_at: until, error_code: 'SEND_QUIET_HOURS', error_text: `quiet hours: held until ${new Date(until).toISOString()}`, updated_at: clock.now() })
    .where('id', '=', id)
    .where('state', 'in', ['queued', 'deferred'])
    .executeTakeFirst();
  return Number(update.numUpdatedRows) === 1;
}
