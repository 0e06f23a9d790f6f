import type { FastifyRequest } from 'fastify';
import type { ErrorCode } from '../platform/errors/index.js';
import { type AuthUser, looksLikeApiToken, type SessionRepository, toAuthUser, type TokenRepository, type UserRepository } from '../modules/users/index.js';

/** Name of the browser session cookie. */
export const SESSION_COOKIE = 'tidings_session';

/** The repositories authentication reads. */
export interface AuthenticateDeps {
  readonly users: UserRepository;
  readonly tokens: TokenRepository;
  readonly sessions: SessionRepository;
}

/** Who the request is, or why credentials it carried were refused (anonymous: both undefined). */
export interface AuthResult {
  readonly user?: AuthUser;
  readonly refused?: { code: ErrorCode; message: string };
}

/**
 * Resolves the caller from `Authorization: Bearer tid_…` or, failing that, the session cookie.
 * A bearer header wins: a system calling with a token is never treated as a browser session.
 */
export async function authenticate(request: FastifyRequest, deps: AuthenticateDeps): Promise<AuthResult> {
  const header = request.headers.authorization;
  if (header !== undefined) {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    const token = match?.[1];
    const refused = { code: 'AUTH_TOKEN_INVALID' as const, message: 'The bearer token is unknown, revoked or expired.' };
    if (!token || !looksLikeApiToken(token)) {
      return { refused: { code: 'AUTH_TOKEN_INVALID', message: 'Authorization must be "Bearer tid_…" with an API token.' } };
    }
    const info = await deps.tokens.resolve(token);
    if (!info) return { refused };
    const user = await deps.users.findById(info.userId);
    if (!user || user.disabled) return { refused };
    return { user: toAuthUser(user, 'token', { tokenId: info.id }) };
  }
  const cookie = request.cookies[SESSION_COOKIE];
  if (cookie) {
    // Cookie values are ours (43 base64url chars); anything else is not worth a store lookup.
    const session = /^[A-Za-z0-9_-]{43}$/.test(cookie) ? await deps.sessions.resolve(cookie) : undefined;
    const user = session && (await deps.users.findById(session.userId));
    if (!session || !user || user.disabled) {
      return { refused: { code: 'AUTH_REQUIRED', message: 'Your session has ended; sign in again.' } };
    }
    return { user: toAuthUser(user, 'session', { sessionId: session.id, csrfToken: session.csrfToken }) };
  }
  return {};
}
