import type { Store } from '../../platform/db/index.js';
import { TidingsError } from '../../platform/errors/index.js';
import { LoginLimiter, type LoginLimiterOptions } from './login.limiter.js';
import { decoyPasswordHash, needsRehash, verifyPassword } from './password.hash.js';
import { SessionRepository, type Session } from './session.repository.js';
import { TokenRepository } from './token.repository.js';
import { UserRepository, type User } from './user.repository.js';
import { systemClock, type Clock } from '../../platform/clock/index.js';

/** The one message for every sign-in failure, so it never tells which half was wrong. */
export const BAD_CREDENTIALS = 'Wrong user name or password.';

/** Users, tokens, sessions and sign-in, over one store. */
export class AuthService {
  readonly users: UserRepository;
  readonly tokens: TokenRepository;
  readonly sessions: SessionRepository;
  readonly limiter: LoginLimiter;

  constructor(store: Store, limiterOptions?: LoginLimiterOptions, clock: Clock = systemClock) {
    this.users = new UserRepository(store, clock);
    this.tokens = new TokenRepository(store, clock);
    this.sessions = new SessionRepository(store, clock);
    this.limiter = new LoginLimiter(store, limiterOptions, clock);
  }

  /**
   * Checks a user name and password and starts a session. The attempt is counted by the limiter
   * before any hashing (see {@link LoginLimiter}). Unknown users, disabled users and users without
   * a password verify against a decoy hash, so all failures take the same time and give the same
   * answer. A right password stored with older scrypt parameters is re-hashed with the current ones.
   */
  async login(username: string, password: string, ip: string): Promise<{ user: User; cookie: string; session: Session }> {
    const attempt = await this.limiter.begin(username, ip);
    let user: User;
    try {
      const found = await this.users.findForLogin(username);
      const hash = found?.passwordHash ?? (await decoyPasswordHash());
      const matches = await verifyPassword(password, hash);
      if (!found || !found.passwordHash || !matches || found.user.disabled) {
        await attempt.failed();
        throw new TidingsError('AUTH_INVALID_CREDENTIALS', BAD_CREDENTIALS);
      }
      await attempt.succeeded();
      if (needsRehash(found.passwordHash)) await this.users.rehashPassword(found.user.id, found.passwordHash, password);
      user = found.user;
    } finally {
      attempt.end();
    }
    await this.sessions.prune();
    const { cookie, session } = await this.sessions.create(user.id);
    return { user, cookie, session };
  }
}
