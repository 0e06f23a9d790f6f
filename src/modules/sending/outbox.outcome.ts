import type { Kysely } from 'kysely';
import { BOUNCE_REASONS, bounceReasonOf, type BounceReason } from '../../adapters/mail/bounce-reason.js';
import type { DatabaseSchema } from '../../platform/db/index.js';
import { BOUNCED_CODE } from './oneoff/bounce.mark.js';
import type { OutboxRow } from './ports.js';

export { BOUNCE_REASONS, type BounceReason };

/**
 * Why a message was not delivered, in the fixed vocabulary of `BOUNCE_REASONS`: the reason
 * recorded with an SMTP-time refusal, else (a bounce filed later by mail, which keeps only the
 * server's words) the same reading of its text. Null for a message that was not refused or bounced.
 */
export function failureReasonOf(row: Pick<OutboxRow, 'bounce_reason' | 'error_code' | 'error_text' | 'smtp_code' | 'smtp_status'>): BounceReason | null {
  const recorded = BOUNCE_REASONS.find((r) => r === row.bounce_reason);
  if (recorded) return recorded;
  if (row.error_code !== BOUNCED_CODE && row.smtp_code === null) return null;
  return bounceReasonOf({ text: row.error_text, smtpCode: row.smtp_code, status: row.smtp_status });
}

/** The ids among `outboxIds` whose recipient reported the message as spam. */
export async function complainedOutboxIds(db: Kysely<DatabaseSchema>, outboxIds: readonly number[]): Promise<Set<number>> {
  if (outboxIds.length === 0) return new Set();
  const rows = await db.selectFrom('send_complaints').select('outbox_id').where('outbox_id', 'in', [...outboxIds]).execute();
  return new Set(rows.map((r) => Number(r.outbox_id)));
}
