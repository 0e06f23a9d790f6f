import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { ErrorSchema, PermissionSchema, privateErrorResponses, UserSchema } from './api.schemas.js';
import { AuthService, permissionsOf, requireUser, SESSION_MAX_MS } from '../modules/users/index.js';
import { SESSION_COOKIE } from './authenticate.js';
import { defineRoutes } from './define-routes.js';

const LoginBodySchema = z.strictObject({
  username: z.string().min(1).max(200),
  password: z.string().min(1).max(1024),
});

const MeSchema = z.object({
  user: UserSchema.omit({ createdAt: true, updatedAt: true, disabled: true, email: true }),
  permissions: z.array(PermissionSchema),
  via: z.enum(['session', 'token']),
  csrfToken: z.string().nullable().describe('Send as header x-csrf-token on POST/PUT/PATCH/DELETE with the session cookie'),
});

type MeUser = z.infer<typeof MeSchema>['user'];

/** The user as /api/auth/login and /api/auth/me return it: only the fields of MeSchema, nothing more. */
function userView(user: MeUser): MeUser {
  return { id: user.id, username: user.username, displayName: user.displayName, role: user.role, mailAccountId: user.mailAccountId, mustChangePassword: user.mustChangePassword };
}

/**
 * Secure cookies when the request arrived over TLS (directly, or per X-Forwarded-Proto with
 * TIDINGS_TRUST_PROXY) or the public URL is https, so a TLS-terminating proxy without the header
 * still gets Secure cookies.
 */
function secureCookies(request: FastifyRequest, publicUrl: string | undefined): boolean {
  return request.protocol === 'https' || (publicUrl?.startsWith('https:') ?? false);
}

/** `POST /api/auth/login`, `POST /api/auth/logout`, `GET /api/auth/me`. */
export const authRoutes = defineRoutes(async (app, context) => {
  const auth = new AuthService(context.store, undefined, context.clock);
  app.post(
    '/api/auth/login',
    {
      config: { public: 'signing in is how a caller gets credentials; guarded by the sign-in rate limit' },
      schema: {
        tags: ['auth'],
        summary: 'Sign in with user name and password; sets the session cookie',
        body: LoginBodySchema,
        response: { 200: MeSchema, 400: ErrorSchema, 401: ErrorSchema, 429: ErrorSchema },
      },
    },
    async (request, reply) => {
      const { user, cookie, session } = await auth.login(request.body.username, request.body.password, request.ip);
      void reply.setCookie(SESSION_COOKIE, cookie, {
        httpOnly: true,
        sameSite: 'lax',
        path: '/',
        secure: secureCookies(request, context.config.TIDINGS_PUBLIC_URL),
        maxAge: Math.floor(SESSION_MAX_MS / 1000),
      });
      request.log.info({ userId: user.id }, 'signed in');
      return {
        user: userView(user),
        permissions: [...permissionsOf(user.role)],
        via: 'session' as const,
        csrfToken: session.csrfToken,
      };
    },
  );

  app.post(
    '/api/auth/logout',
    {
      config: { permission: 'session:self', duringPasswordChange: true },
      schema: { tags: ['auth'], summary: 'End the current session', response: { 204: z.undefined(), ...privateErrorResponses } },
    },
    async (request, reply) => {
      const user = requireUser(request);
      if (user.sessionId) await auth.sessions.delete(user.sessionId);
      void reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return reply.code(204).send();
    },
  );

  app.get(
    '/api/auth/me',
    {
      config: { permission: 'session:self', duringPasswordChange: true },
      schema: { tags: ['auth'], summary: 'The signed-in user, permissions and CSRF token', response: { 200: MeSchema, ...privateErrorResponses } },
    },
    async (request) => {
      const user = requireUser(request);
      return {
        user: userView(user),
        permissions: [...user.permissions],
        via: user.via,
        csrfToken: user.csrfToken ?? null,
      };
    },
  );
});
