import type { Kysely } from 'kysely';
import { bounceReasonOf, isHardBounce, type BounceReason } from '../../adapters/mail/bounce-reason.js';
import type { SendFailure } from '../../adapters/mail/transport/email.transport.js';
import { systemClock, type Clock } from '../../platform/clock/index.js';
import type { DatabaseSchema } from '../../platform/db/index.js';
import { suppress } from '../customers/index.js';

/** What the receiving server's refusal meant, as recorded on the outbox row. */
export interface SmtpRejection {
  /** The SMTP reply code, e.g. 550. */
  readonly code: number;
  /** The enhanced status code in the reply, e.g. "5.1.1"; null when the server gave none. */
  readonly status: string | null;
  readonly reason: BounceReason;
  /**
   * True when it is a hard bounce (the address will never work: an unknown user or domain, or a
   * permanent failure that names no other cause): the address is suppressed like a filed hard
   * bounce. A full mailbox, a spam or policy block or a size limit is recorded but suppresses nothing.
   */
  readonly hard: boolean;
}

const ENHANCED_STATUS = /\b([245])\.(\d{1,3})\.(\d{1,3})\b/;

/**
 * Reads a permanent SMTP refusal (5xx at MAIL FROM, RCPT TO or after DATA). The same reasons as a
 * bounce that arrives later by mail (`bounceReasonOf`), so "550 5.1.1 user unknown" during the
 * session and a DSN saying the same thing an hour later have one meaning. Undefined when the
 * failure carries no 5xx reply (a refused connection, a malformed message).
 */
export function smtpRejectionOf(failure: Pick<SendFailure, 'responseCode' | 'message'>): SmtpRejection | undefined {
  const code = failure.responseCode;
  if (code === undefined || code < 500 || code > 599) return undefined;
  const match = ENHANCED_STATUS.exec(failure.message);
  const status = match && match[1] === '5' ? `${match[1]}.${match[2]}.${match[3]}` : null;
  const evidence = { smtpCode: code, text: failure.message, status };
  return { code, status, reason: bounceReasonOf(evidence), hard: isHardBounce(evidence) };
}

/**
 * Records a refusal during the SMTP session on the outbox row (failed, with code, status, reason
 * and the server's words) and, for a hard bounce, suppresses the address the way a filed hard
 * bounce does: nothing more goes to a mailbox the server says does not exist. Only a row still
 * `sending` (or taken for lost) is changed; returns whether the address was newly suppressed.
 */
export async function recordSmtpRejection(
  db: Kysely<DatabaseSchema>,
  row: { readonly id: number; readonly address: string; readonly campaignId: number },
  failure: Pick<SendFailure, 'message'>,
  rejection: SmtpRejection,
  clock: Clock = systemClock,
): Promise<boolean> {
  await db
    .updateTable('outbox')
    .set({
      state: 'failed',
      error_code: 'SEND_SMTP_REJECTED',
      error_text: failure.message.slice(0, 2000),
      next_attempt_at: null,
      smtp_code: rejection.code,
      smtp_status: rejection.status,
      bounce_reason: rejection.reason,
      updated_at: clock.now(),
    })
    .where('id', '=', row.id)
    .where('state', 'in', ['sending', 'unknown'])
    .execute();
  if (!rejection.hard) return false;
  const detail = `${rejection.status ?? rejection.code} ${failure.message}`.trim().slice(0, 450) + ` (refused while sending, campaign ${row.campaignId})`;
  return suppress(db, { channel: 'email', value: row.address, reason: 'hard-bounce', detail }, clock);
}
