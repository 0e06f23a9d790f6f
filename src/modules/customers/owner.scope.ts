import type { Kysely } from 'kysely';
import type { DatabaseSchema } from '../../platform/db/index.js';
import { TidingsError } from '../../platform/errors/index.js';
import type { Customer } from './customer.model.js';
import { getCustomer } from './customer.repository.js';
import type { CustomerFilter } from './filter.schema.js';

/*
 * A sales rep sees only the customers they own. `owner` below is the user name a caller is
 * limited to, or undefined for a caller who sees every customer (the HTTP layer decides which,
 * from the caller's permissions).
 */

/** Owners compare as the filter language compares them: case-insensitively. */
export const sameOwner = (owner: string | null, username: string): boolean => owner?.toLowerCase() === username.toLowerCase();

/**
 * The customer with this id if the caller may see it. Someone else's customer answers exactly like
 * a missing one (CUSTOMER_NOT_FOUND), so a sales rep cannot probe which ids exist.
 */
export async function scopedCustomer(db: Kysely<DatabaseSchema>, id: number, owner: string | undefined): Promise<Customer> {
  const customer = await getCustomer(db, id);
  if (owner !== undefined && !sameOwner(customer.owner, owner)) {
    throw new TidingsError('CUSTOMER_NOT_FOUND', `No customer with id ${id}`, { context: { id } });
  }
  return customer;
}

/** Adds "owned by `owner`" to a filter (AND), for scoped lists and counts. */
export function withOwner(filter: CustomerFilter | undefined, owner: string | undefined): CustomerFilter | undefined {
  if (owner === undefined) return filter;
  const mine: CustomerFilter = { field: 'owner', op: 'eq', value: owner };
  return filter ? { all: [filter, mine] } : mine;
}

/** Refuses a sales rep giving a customer to someone else. */
export function assertOwnOwner(requested: string | null | undefined, owner: string | undefined): void {
  if (owner === undefined || requested === undefined) return;
  if (requested === null || !sameOwner(requested, owner)) {
    throw new TidingsError('AUTH_FORBIDDEN', `You can only own customers yourself: set owner to "${owner}" or leave it out.`, {
      context: { permission: 'customers:write' },
    });
  }
}

/** Those of `ids` that are not customers owned by `username` (someone else's, or no such customer). */
export async function notOwnedBy(db: Kysely<DatabaseSchema>, ids: readonly number[], username: string): Promise<number[]> {
  if (ids.length === 0) return [];
  const rows = await db.selectFrom('customers').select(['id', 'owner']).where('id', 'in', [...ids]).execute();
  const owned = new Set(rows.filter((r) => sameOwner(r.owner, username)).map((r) => Number(r.id)));
  return ids.filter((id) => !owned.has(id));
}
