/**
 * Named permissions and the role → permissions table. Routes declare the permission they need;
 * a role grants a fixed set. Keep this as data: the role-matrix test reads the same table.
 */
export const PERMISSIONS = [
  'accounts:read',
  'accounts:write',
  /** Sales: add mailboxes of their own and manage only those (the mailbox policy in src/accounts decides per mailbox). */
  'accounts:own',
  'customers:read',
  'customers:write',
  /** Sales: read and edit only customers whose owner is the caller (handlers scope the query). */
  'customers:own',
  'customers:export',
  'groups:read',
  'groups:write',
  'suppressions:read',
  'suppressions:write',
  'templates:read',
  'templates:write',
  'campaigns:read',
  'campaigns:write',
  'campaigns:send',
  /** One-off emails from the caller's own sending account (users.mail_account_id). */
  'campaigns:oneoff',
  'inbox:read',
  /** Only the conversations of customers the caller owns. */
  'inbox:own',
  'inbox:write',
  'wallet:read',
  'wallet:topup',
  'wallet:adjust',
  'wallet:export',
  'stats:read',
  'schedule:read',
  'schedule:write',
  'users:admin',
  /** The company profile (name, address, logo, defaults); everyone signed in may read it. */
  'company:write',
  'metrics:read',
  /** Anyone signed in: their own profile, sign-out. */
  'session:self',
] as const;

/** One permission name. */
export type Permission = (typeof PERMISSIONS)[number];

export const ROLES = ['admin', 'marketer', 'sales', 'finance', 'readonly'] as const;

/** One role. */
export type Role = (typeof ROLES)[number];

/** What a role may do. Admin has every permission; the rest are listed explicitly. */
export const ROLE_PERMISSIONS: Readonly<Record<Role, readonly Permission[]>> = {
  admin: PERMISSIONS,
  marketer: [
    'session:self',
    'accounts:read',
    /** Marketers add the mailboxes they send from (issue 12: the add-mailbox wizard). */
    'accounts:write',
    'customers:read',
    'customers:write',
    'customers:export',
    'groups:read',
    'groups:write',
    'suppressions:read',
    'suppressions:write',
    'templates:read',
    'templates:write',
    'campaigns:read',
    'campaigns:write',
    'campaigns:send',
    'campaigns:oneoff',
    'inbox:read',
    'schedule:read',
    'schedule:write',
    'stats:read',
  ],
  sales: ['session:self', 'accounts:own', 'customers:own', 'templates:read', 'campaigns:oneoff', 'inbox:own'],
  finance: ['session:self', 'wallet:read', 'wallet:topup', 'wallet:adjust', 'wallet:export', 'stats:read', 'campaigns:read', 'customers:export'],
  readonly: [
    'session:self',
    'accounts:read',
    'customers:read',
    'groups:read',
    'suppressions:read',
    'templates:read',
    'campaigns:read',
    'inbox:read',
    'wallet:read',
    'stats:read',
    'schedule:read',
  ],
};

const GRANTS: ReadonlyMap<Role, ReadonlySet<Permission>> = new Map(
  ROLES.map((role) => [role, new Set(ROLE_PERMISSIONS[role])] as const),
);

/** The permissions a role grants. */
export function permissionsOf(role: Role): ReadonlySet<Permission> {
  return GRANTS.get(role) ?? new Set();
}

/**
 * What a route requires: one permission, or a list of which any one suffices (e.g. a customer
 * list open to `customers:read` and, scoped by the handler, to `customers:own`).
 */
export type PermissionRequirement = Permission | readonly Permission[];

/** True when `role` satisfies the requirement. */
export function roleAllows(role: Role, requirement: PermissionRequirement): boolean {
  const granted = permissionsOf(role);
  const needed: readonly Permission[] = typeof requirement === 'string' ? [requirement] : requirement;
  return needed.some((permission) => granted.has(permission));
}

/** True when `value` names a role. */
export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}
