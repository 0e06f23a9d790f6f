import type { AuthUser, PermissionRequirement } from '../modules/users/index.js';

/**
 * What every route must declare in its Fastify `config`: either the permission it needs or that
 * it is public and why. The route guard refuses to register a route with neither.
 */
export interface RouteAccess {
  /** The permission needed (or a list, any one of which suffices). */
  readonly permission?: PermissionRequirement;
  /** Why this route needs no sign-in (health checks, sign-in itself, signed callbacks). */
  readonly public?: string;
  /**
   * True for the few routes a user holding a one-time password may still call (who am I, sign
   * out, change the password); every other route answers AUTH_PASSWORD_CHANGE_REQUIRED.
   */
  readonly duringPasswordChange?: boolean;
}

/** A route as the guard recorded it at registration; the role-matrix test iterates these. */
export interface DeclaredRoute {
  readonly method: string;
  readonly url: string;
  readonly permission: PermissionRequirement | undefined;
  readonly public: string | undefined;
}

declare module 'fastify' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface FastifyContextConfig extends RouteAccess {}
  interface FastifyRequest {
    /** The signed-in caller, or null on a public route without credentials. */
    user: AuthUser | null;
  }
  interface FastifyInstance {
    /** Every route registered so far, with what it declared. */
    readonly declaredRoutes: readonly DeclaredRoute[];
  }
}
