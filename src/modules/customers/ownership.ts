import type { Kysely } from 'kysely';
import type { DatabaseSchema } from '../../platform/db/index.js';

/**
 * The ids among `ids` that are not customers of `owner` (unknown ids included), in the order
 * given. Owners compare case-insensitively, as the filter language compares them.
 */
export async function customersNotOwnedBy(db: Kysely<DatabaseSchema>, ids: readonly number[], owner: string): Promise<number[]> {
  if (ids.length === 0) return [];
  const rows = await db.selectFrom('customers').select(['id', 'owner']).where('id', 'in', [...new Set(ids)]).execute();
  const wanted = owner.toLowerCase();
  const owned = new Set(rows.filter((r) => r.owner?.toLowerCase() === wanted).map((r) => Number(r.id)));
  return ids.filter((id) => !owned.has(id));
}
