import type { Kysely } from 'kysely';
import type { DatabaseSchema } from '../../platform/db/index.js';
import type { SuppressionsTable } from '../../platform/db/core.tables.js';

/** A suppression that blocks one of a customer's addresses (shown on the customer's page). */
export interface CustomerSuppression {
  readonly channel: 'email' | 'sms';
  readonly scope: 'address' | 'domain';
  /** The address, number or (email) domain that is blocked. */
  readonly value: string;
  readonly reason: SuppressionsTable['reason'];
  readonly detail: string | null;
  readonly at: number;
}

/** The suppressions that block any of a customer's email addresses (or their domains) and phone numbers, newest first. */
export async function customerSuppressions(db: Kysely<DatabaseSchema>, customerId: number): Promise<CustomerSuppression[]> {
  const emails = (await db.selectFrom('customer_emails').select('email').where('customer_id', '=', customerId).execute()).map((r) => r.email.toLowerCase());
  const phones = (await db.selectFrom('customer_phones').select('e164').where('customer_id', '=', customerId).execute()).map((r) => r.e164);
  const domains = [...new Set(emails.map((e) => e.slice(e.lastIndexOf('@') + 1)))];
  if (emails.length === 0 && phones.length === 0) return [];
  const rows = await db
    .selectFrom('suppressions')
    .select(['channel', 'scope', 'value', 'reason', 'detail', 'created_at'])
    .where((eb) =>
      eb.or([
        ...(emails.length ? [eb.and([eb('channel', '=', 'email'), eb('scope', '=', 'address'), eb('value', 'in', emails)])] : []),
        ...(domains.length ? [eb.and([eb('channel', '=', 'email'), eb('scope', '=', 'domain'), eb('value', 'in', domains)])] : []),
        ...(phones.length ? [eb.and([eb('channel', '=', 'sms'), eb('value', 'in', phones)])] : []),
      ]),
    )
    .orderBy('created_at', 'desc')
    .execute();
  return rows.map((r) => ({ channel: r.channel, scope: r.scope, value: r.value, reason: r.reason, detail: r.detail, at: Number(r.created_at) }));
}
