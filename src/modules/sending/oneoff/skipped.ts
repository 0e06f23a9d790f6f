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
 * Who among `customerIds` a started one-off skipped, and why: rows the campaign wrote as
 * `suppressed` (the suppression that blocked the address, by address or by domain) and customers
 * who got no row because they have no email address. In the order the customers were named.
 */
export async function skippedRecipients(db: Kysely<DatabaseSchema>, campaignId: number, customerIds: readonly number[]): Promise<SkippedRecipient[]> {
  if (customerIds.length === 0) return [];
  const rows = await db.selectFrom('outbox').select(['customer_id', 'address', 'state']).where('campaign_id', '=', campaignId).execute();
  const byCustomer = new Map(rows.map((r) => [Number(r.customer_id), r]));
  const blocked = rows.filter((r) => r.state === 'suppressed').map((r) => r.address.toLowerCase());
  const domains = [...new Set(blocked.map((a) => a.slice(a.lastIndexOf('@') + 1)))];
  const suppressions =
    blocked.length === 0
      ? []
      : await db
          .selectFrom('suppressions')
          .select(['scope', 'value', 'reason', 'detail', 'created_at'])
          .where('channel', '=', 'email')
          .where((eb) => eb.or([eb.and([eb('scope', '=', 'address'), eb('value', 'in', blocked)]), eb.and([eb('scope', '=', 'domain'), eb('value', 'in', domains)])]))
          .execute();
  const missing = customerIds.filter((id) => !byCustomer.has(id) || byCustomer.get(id)?.state === 'suppressed');
  const names = missing.length === 0 ? [] : await db.selectFrom('customers').select(['id', 'display_name']).where('id', 'in', missing).execute();
  const nameOf = new Map(names.map((n) => [Number(n.id), n.display_name]));
  const skipped: SkippedRecipient[] = [];
  for (const customerId of missing) {
    const row = byCustomer.get(customerId);
    const name = nameOf.get(customerId) ?? `#${customerId}`;
    if (!row) {
      skipped.push({ customerId, name, reason: 'no-address', address: null, since: null, detail: null });
      continue;
    }
    const address = row.address.toLowerCase();
    const domain = address.slice(address.lastIndexOf('@') + 1);
    const hit = suppressions.find((s) => s.scope === 'address' && s.value === address) ?? suppressions.find((s) => s.scope === 'domain' && s.value === domain);
    skipped.push({
      customerId,
      name,
      reason: hit?.reason ?? 'manual',
      address: hit?.value ?? address,
      since: hit ? Number(hit.created_at) : null,
      detail: hit?.detail ?? null,
    });
  }
  return skipped;
}
