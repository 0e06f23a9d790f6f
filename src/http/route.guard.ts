import type { FastifyInstance, RouteOptions } from 'fastify';
import { TidingsError } from '../platform/errors/index.js';
import { authenticate, type AuthenticateDeps } from './authenticate.js';
import { roleAllows, safeEqual } from '../modules/users/index.js';
import type { DeclaredRoute } from './route.types.js';

/** Routes added by third-party plugins that cannot carry our config, public for a stated reason. */
export interface PublicPrefix {
  readonly prefix: string;
  readonly reason: string;
}

/** Options for {@link installRouteGuard}. */
export interface RouteGuardOptions extends AuthenticateDeps {
  readonly publicPrefixes?: readonly PublicPrefix[];
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
export const CSRF_HEADER = 'x-csrf-token';

/**
 * Installs the one access check of the API on the root instance, before any route plugin:
 * - at registration (onRoute), a route declaring neither `config.permission` nor `config.public`
 *   throws API_ROUTE_UNDECLARED, so a forgotten declaration fails start-up, not a pen test;
 * - per request (onRequest, before body parsing so anonymous callers cannot make us parse
 *   megabytes), the caller is resolved, then 401 / 403 / CSRF are decided from the declaration.
 */
export function installRouteGuard(app: FastifyInstance, options: RouteGuardOptions): void {
  const declared: DeclaredRoute[] = [];
  app.decorate('declaredRoutes', declared);
  app.decorateRequest('user', null);

  app.addHook('onRoute', (route: RouteOptions) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    const prefix = options.publicPrefixes?.find((p) => route.url.startsWith(p.prefix));
    if (prefix && !route.config?.permission) route.config = { ...route.config, public: route.config?.public ?? prefix.reason };
    const config = route.config ?? {};
    const hasPermission = config.permission !== undefined && (typeof config.permission === 'string' || config.permission.length > 0);
    const hasPublic = typeof config.public === 'string' && config.public.trim() !== '';
    if (hasPermission === hasPublic) {
      throw new TidingsError(
        'API_ROUTE_UNDECLARED',
        `Route ${methods.join(',')} ${route.url} must declare exactly one of config.permission or config.public (a reason).`,
        { context: { url: route.url } },
      );
    }
    for (const method of methods) {
      declared.push({ method, url: route.url, permission: config.permission, public: config.public });
    }
  });

  app.addHook('onRequest', async (request) => {
    const { user, refused } = await authenticate(request, options);
    request.user = user ?? null;
    const config = request.routeOptions.config;
    // Unmatched URLs (404 handler) and public routes need no caller.
    if (request.is404 || config.public !== undefined) return;
    if (!user) {
      throw new TidingsError(refused?.code ?? 'AUTH_REQUIRED', refused?.message ?? 'Sign in or send a bearer token to use this route.');
    }
    // A one-time password (first admin, created or reset by an admin) must be replaced first.
    if (user.mustChangePassword && user.via === 'session' && config.duringPasswordChange !== true) {
      throw new TidingsError('AUTH_PASSWORD_CHANGE_REQUIRED', 'You signed in with a one-time password: choose your own password first.');
    }
    const permission = config.permission;
    if (permission === undefined || !roleAllows(user.role, permission)) {
      const needed = typeof permission === 'string' ? permission : (permission ?? []).join(' or ');
      throw new TidingsError('AUTH_FORBIDDEN', `Your role (${user.role}) lacks the permission ${needed}.`, {
        context: { permission: needed, role: user.role },
      });
    }
    if (user.via === 'session' && !SAFE_METHODS.has(request.method)) {
      const sent = request.headers[CSRF_HEADER];
      if (typeof sent !== 'string' || !user.csrfToken || !safeEqual(sent, user.csrfToken)) {
        throw new TidingsError('AUTH_CSRF_FAILED', `Send the header ${CSRF_HEADER} with the token from GET /api/auth/me.`);
      }
    }
  });
}
