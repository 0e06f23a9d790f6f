import { can, type AuthUser, type Permission } from '../../modules/users/index.js';

/**
 * The owner a caller is limited to, or undefined when they see every customer. A caller holding
 * `wide` (e.g. customers:read) sees all; otherwise (sales: customers:own, inbox:own) only the
 * customers whose owner is their user name. The customers module applies it (scopedCustomer,
 * withOwner, assertOwnOwner).
 */
export function ownerScope(user: AuthUser, wide: Permission = 'customers:read'): string | undefined {
  return can(user, wide) ? undefined : user.username;
}
