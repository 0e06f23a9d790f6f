import type { Kysely } from 'kysely';
import type { DatabaseSchema } from '../../platform/db/index.js';
import type { VerifyCheck, VerifyReport } from './verify/verify.types.js';

type Db = Kysely<DatabaseSchema>;

/** The last login test of a mailbox, as stored with it and shown in the list and edit screen. */
export interface MailCheckView {
  /** When the test ran, epoch ms. */
  readonly at: number;
  /** Every server accepted the login. */
  readonly ok: boolean;
  /** Each server's outcome; a failed one says what failed and what to do. */
  readonly checks: readonly VerifyCheck[];
}

/** Keeps `report` as the mailbox's last check (replacing the one before). */
export async function recordMailCheck(db: Db, accountId: number, report: VerifyReport, at: number): Promise<void> {
  const row = { checked_at: at, ok: report.ok ? 1 : 0, checks: JSON.stringify(report.checks) };
  await db.deleteFrom('mail_account_checks').where('mail_account_id', '=', accountId).execute();
  await db.insertInto('mail_account_checks').values({ mail_account_id: accountId, ...row }).execute();
}

/** The stored check from its columns; null when the mailbox was never checked. */
export function mailCheckOf(columns: { checked_at: number | string | null; check_ok: number | null; checks: string | null }): MailCheckView | null {
  if (columns.checked_at === null || columns.check_ok === null || columns.checks === null) return null;
  let checks: VerifyCheck[] = [];
  try {
    checks = JSON.parse(columns.checks) as VerifyCheck[];
  } catch {
    // A damaged row still says when and whether; the per-server lines are lost.
  }
  return { at: Number(columns.checked_at), ok: columns.check_ok === 1, checks };
}
