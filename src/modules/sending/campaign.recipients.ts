import type { Kysely } from 'kysely';
import type { DatabaseSchema } from '../../platform/db/index.js';

/** Who a campaign message went to, as its results list names them. */
export interface RecipientLabel {
  readonly displayName: string;
  /** IANA zone, or null for the default zone: a quiet-hour hold is read on this clock. */
  readonly timeZone: string | null;
}

/**
 * Names and time zones of the customers a page of campaign messages is for, in one query, so the
 * results list shows "张伟" rather than "#8". A customer deleted since the send is simply absent.
 */
export async function recipientLabels(db: Kysely<DatabaseSchema>, customerIds: readonly number[]): Promise<Map<number, RecipientLabel>> {
  const ids = [...new Set(customerIds)];
  const labels = new Map<number, RecipientLabel>();
  if (ids.length === 0) return labels;
  const rows = await db.selectFrom('customers').select(['id', 'display_name', 'time_zone']).where('id', 'in', ids).execute();
  for (const row of rows) labels.set(Number(row.id), { displayName: row.display_name, timeZone: row.time_zone });
  return labels;
}
