import { TidingsError } from '../../platform/errors/index.js';
import { permissionsOf, type Permission, type PermissionRequirement, type Role } from './permissions.js';
import type { User } from './user.repository.js';

/** The signed-in caller of a request (`request.user`). */
export interface AuthUser {
  readonly id: number;
  readonly username: string;
  readonly displayName: string;
  readonly role: Role;
  /** A sales rep's own sending account, for one-off emails. */
  readonly mailAccountId: number | null;
  readonly permissions: ReadonlySet<Permission>;
  /** Signed in with a one-time password: only changing it is allowed (see the route guard). */
  readonly mustChangePassword: boolean;
  /** How the caller proved who they are: a browser session cookie or a bearer API token. */
  readonly via: 'session' | 'token';
  /** Session callers: the stored session id and the CSRF token to echo on unsafe requests. */
  readonly sessionId?: string;
  readonly csrfToken?: string;
  /** Token callers: which API token. */
  readonly tokenId?: number;
}

/** Builds the request principal from a user row. */
export function toAuthUser(user: User, via: AuthUser['via'], extra: Pick<AuthUser, 'sessionId' | 'csrfToken' | 'tokenId'>): AuthUser {
  return {
    id: user.id,
    username: user.username,
    displayName: user.displayName,
    role: user.role,
    mailAccountId: user.mailAccountId,
    permissions: permissionsOf(user.role),
    mustChangePassword: user.mustChangePassword,
    via,
    ...extra,
  };
}

/** True when the caller holds the permission (handlers use it to scope, e.g. customers:own). */
export function can(user: AuthUser | null | undefined, requirement: PermissionRequirement): boolean {
  if (!user) return false;
  const needed: readonly Permission[] = typeof requirement === 'string' ? [requirement] : requirement;
  return needed.some((permission) => user.permissions.has(permission));
}

/**
 * The caller of a private route. The guard has already refused anonymous requests there, so this
 * only throws when called from a public route.
 */
export function requireUser(request: { user: AuthUser | null }): AuthUser {
  if (!request.user) throw new TidingsError('AUTH_REQUIRED', 'Sign in or send a bearer token to use this route.');
  return request.user;
}
