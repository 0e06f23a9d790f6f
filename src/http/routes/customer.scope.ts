import type { Kysely } from 'kysely';
import { type Customer, type CustomerFilter, getCustomer } from '../../modules/customers/index.js';
import { TidingsError } from '../../platform/errors/index.js';
import type { DatabaseSchema } from '../../platform/db/index.js';
import { type AuthUser, can, type Permission } from '../../modules/users/index.js';

/**
 * The owner a caller is limited to, or undefined when they see every customer. A caller holding
 * `wide` (e.g. customers:read) sees all; otherwise (sales: customers:own, inbox:own) only the
 * customers whose owner is their user name.
 */
export function ownerScope(user: AuthUser, wide: Permission = 'customers:read'): string | undefined {
  return can(user, wide) ? undefined : user.username;
}

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
