import type { Store } from '../store/index.js';
import { TidingsError } from '../errors/index.js';
import { LoginLimiter, type LoginLimiterOptions } from './login.limiter.js';
import { decoyPasswordHash, verifyPassword } from './password.hash.js';
import { SessionRepository, type Session } from './session.repository.js';
import { TokenRepository } from './token.repository.js';
import { UserRepository, type User } from './user.repository.js';

/** The one message for every sign-in failure, so it never tells which half was wrong. */
export const BAD_CREDENTIALS = 'Wrong user name or password.';

/** Users, tokens, sessions and sign-in, over one store. */
export class AuthService {
  readonly users: UserRepository;
  readonly tokens: TokenRepository;
  readonly sessions: SessionRepository;
  readonly limiter: LoginLimiter;

  constructor(store: Store, limiterOptions?: LoginLimiterOptions) {
    this.users = new UserRepository(store);
    this.tokens = new TokenRepository(store);
    this.sessions = new SessionRepository(store);
    this.limiter = new LoginLimiter(store, limiterOptions);
  }

  /**
   * Checks a user name and password and starts a session. Unknown users, disabled users and
   * users without a password verify against a decoy hash, so all failures take the same time
   * and give the same answer.
   */
  async login(username: string, password: string, ip: string): Promise<{ user: User; cookie: string; session: Session }> {
    await this.limiter.check(username, ip);
    const found = await this.users.findForLogin(username);
    const hash = found?.passwordHash ?? (await decoyPasswordHash());
    const matches = await verifyPassword(password, hash);
    if (!found || !found.passwordHash || !matches || found.user.disabled) {
      await this.limiter.fail(username, ip);
      throw new TidingsError('AUTH_INVALID_CREDENTIALS', BAD_CREDENTIALS);
    }
    await this.limiter.succeed(username);
    await this.sessions.prune();
    const { cookie, session } = await this.sessions.create(found.user.id);
    return { user: found.user, cookie, session };
  }
}
