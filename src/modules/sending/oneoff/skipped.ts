import type { Kysely } from 'kysely';
import type { DatabaseSchema } from '../../../platform/db/index.js';

/** Why a one-off was not sent to someone: a suppression's reason, or no email address at all. */
export type SkipReason = 'unsubscribed' | 'hard-bounce' | 'soft-bounce' | 'complaint' | 'manual' | 'sms-keyword' | 'no-address';

/** A customer a one-off was not sent to, with the reason in a form the UI can put in words. */
export interface SkippedRecipient {
  readonly customerId: number;
  readonly name: string;
  readonly reason: SkipReason;
  /** The address (or domain) that is suppressed; null when the customer has no email address. */
  readonly address: string | null;
  /** When the suppression was recorded (epoch ms); null when unknown or for `no-address`. */
  readonly since: number | null;
  /** The suppression's free text (campaign, bounce diagnostic, who blocked it). */
  readonly detail: string | null;
}

/**
 * Who among `customerIds` a started one-off skipped, and why: customers with no queued row — the
 * audience leaves out suppressed addresses and customers without an email address, and the
 * campaign writes rows blocked meanwhile as `suppressed` — each with the suppression that blocks
 * their address (by address, or by domain), or `no-address`. In the order the customers were named.
 */
export async function skippedRecipients(db: Kysely<DatabaseSchema>, campaignId: number, customerIds: readonly number[]): Promise<SkippedRecipient[]> {
  if (customerIds.length === 0) return [];
  const rows = await db.selectFrom('outbox').select(['customer_id', 'state']).where('campaign_id', '=', campaignId).execute();
  const written = new Map(rows.map((r) => [Number(r.customer_id), r.state]));
  const missing = customerIds.filter((id) => !written.has(id) || written.get(id) === 'suppressed');
  if (missing.length === 0) return [];
  const names = await db.selectFrom('customers').select(['id', 'display_name']).where('id', 'in', missing).execute();
  const nameOf = new Map(names.map((n) => [Number(n.id), n.display_name]));
  const emails = await db.selectFrom('customer_emails').select(['customer_id', 'email']).where('customer_id', 'in', missing).orderBy('is_primary', 'desc').execute();
  const addresses = [...new Set(emails.map((e) => e.email.toLowerCase()))];
  const domains = [...new Set(addresses.map((a) => a.slice(a.lastIndexOf('@') + 1)))];
  const suppressions =
    addresses.length === 0
      ? []
      : await db
          .selectFrom('suppressions')
          .select(['scope', 'value', 'reason', 'detail', 'created_at'])
          .where('channel', '=', 'email')
          .where((eb) => eb.or([eb.and([eb('scope', '=', 'address'), eb('value', 'in', addresses)]), eb.and([eb('scope', '=', 'domain'), eb('value', 'in', domains)])]))
          .execute();
  return missing.map((customerId) => {
    const name = nameOf.get(customerId) ?? `#${customerId}`;
    const own = emails.filter((e) => Number(e.customer_id) === customerId).map((e) => e.email.toLowerCase());
    if (own.length === 0) return { customerId, name, reason: 'no-address' as const, address: null, since: null, detail: null };
    const hit =
      suppressions.find((s) => s.scope === 'address' && own.includes(s.value)) ??
      suppressions.find((s) => s.scope === 'domain' && own.some((a) => a.endsWith(`@${s.value}`)));
    return {
      customerId,
      name,
      reason: hit?.reason ?? 'manual',
      address: hit?.value ?? own[0] ?? null,
      since: hit ? Number(hit.created_at) : null,
      detail: hit?.detail ?? null,
    };
  });
}
