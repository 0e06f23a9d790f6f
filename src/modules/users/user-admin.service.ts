import type { Store } from '../../platform/db/index.js';
import { TidingsError } from '../../platform/errors/index.js';
import { systemClock, type Clock } from '../../platform/clock/index.js';
import { LoginLimiter } from './login.limiter.js';
import { verifyPassword } from './password.hash.js';
import type { Role } from './permissions.js';
import { randomSecret } from './token.codec.js';
import { checkPassword, UserRepository, type User } from './user.repository.js';

/** A one-time password is this many random bytes (24 base64url characters, well above PASSWORD_MIN). */
const ONE_TIME_PASSWORD_BYTES = 18;

/** A new one-time password; its holder must replace it at their next sign-in. */
export function newOneTimePassword(): string {
  return randomSecret(ONE_TIME_PASSWORD_BYTES);
}

/** What an admin fills in to add a person. */
export interface NewPerson {
  readonly username: string;
  readonly role: Role;
  readonly displayName?: string | undefined;
  readonly mailAccountId?: number | null | undefined;
  readonly email?: string | null | undefined;
}

/** A change an admin makes to a user. */
export interface UserChange {
  readonly role?: Role | undefined;
  readonly displayName?: string | undefined;
  readonly disabled?: boolean | undefined;
  readonly mailAccountId?: number | null | undefined;
  /** Their own address for system mail; null or "" clears it. */
  readonly email?: string | null | undefined;
}

/**
 * The rules of user administration, for the HTTP routes, the UI and `tidings user …`:
 * - people an admin adds or whose password an admin resets get a one-time password, shown once,
 *   that they must replace at their next sign-in;
 * - the last enabled admin cannot be demoted or disabled (nobody could administer any more);
 * - disabling ends the user's sessions at once; a role change applies from the next request;
 * - a user's sending mailbox must be shared or their own, unless the admin transfers it to them;
 * - anyone changes their own password by giving the current one.
 */
export class UserAdminService {
  readonly users: UserRepository;
  readonly #limiter: LoginLimiter;

  constructor(store: Store, clock: Clock = systemClock) {
    this.users = new UserRepository(store, clock);
    this.#limiter = new LoginLimiter(store, {}, clock);
  }

  list(): Promise<User[]> {
    return this.users.list();
  }

  /** Adds a person with a one-time password (returned once, never stored in clear). */
  async create(person: NewPerson): Promise<{ user: User; oneTimePassword: string }> {
    const oneTimePassword = newOneTimePassword();
    const user = await this.users.create({ ...person, password: oneTimePassword, mustChangePassword: true });
    return { user, oneTimePassword };
  }

  /** Changes role, name, enabled state or sending mailbox, keeping one enabled admin. */
  async update(id: number, change: UserChange): Promise<User> {
    const before = await this.users.getById(id);
    const losesAdmin = before.role === 'admin' && !before.disabled && ((change.role !== undefined && change.role !== 'admin') || change.disabled === true);
    if (losesAdmin && (await this.users.countActiveAdmins()) <= 1) {
      throw new TidingsError('USERS_LAST_ADMIN', `${before.displayName} is the last enabled administrator: make another user an administrator first.`);
    }
    return this.users.update(id, {
      ...(change.role !== undefined && { role: change.role }),
      ...(change.displayName !== undefined && { displayName: change.displayName }),
      ...(change.disabled !== undefined && { disabled: change.disabled }),
      ...(change.mailAccountId !== undefined && { mailAccountId: change.mailAccountId }),
      ...(change.email !== undefined && { email: change.email }),
    });
  }

  /** A person sets their own email address (where their reminder digest goes); null or "" clears it. */
  async setOwnEmail(id: number, email: string | null): Promise<User> {
    return this.users.update(id, { email });
  }

  /**
   * Links a sending mailbox to the user. `transfer` also makes the mailbox theirs, taking it from
   * its previous owner (whose link to it ends); without it the mailbox must be shared or theirs.
   */
  async assignMailbox(id: number, mailAccountId: number | null, options: { transfer?: boolean } = {}): Promise<User> {
    if (mailAccountId !== null && options.transfer) return this.users.transferMailbox(id, mailAccountId);
    return this.users.update(id, { mailAccountId });
  }

  /** A new one-time password for the user; their sessions end and they must change it at sign-in. */
  async resetPassword(id: number): Promise<{ user: User; oneTimePassword: string }> {
    const oneTimePassword = newOneTimePassword();
    await this.users.setPassword(id, oneTimePassword, { mustChange: true });
    return { user: await this.users.getById(id), oneTimePassword };
  }

  /** An admin sets a password they chose (the CLI's `user passwd`): not a one-time password. */
  async setPassword(id: number, password: string): Promise<void> {
    await this.users.setPassword(id, password);
  }

  /**
   * A user replaces their own password, proving the current one. Wrong current passwords count
   * against the sign-in limiter (by user name and `ip`), so a stolen session cannot be used to
   * guess the password. Their other sessions end; the one they use (`keepSession`) stays, and
   * the one-time mark is cleared.
   */
  async changeOwnPassword(id: number, current: string, next: string, options: { keepSession?: string | undefined; ip: string }): Promise<User> {
    checkPassword(next);
    const user = await this.users.getById(id);
    const attempt = await this.#limiter.begin(user.username, options.ip);
    try {
      const hash = await this.users.passwordHashOf(id);
      if (!hash || !(await verifyPassword(current, hash))) {
        await attempt.failed();
        throw new TidingsError('AUTH_CURRENT_PASSWORD_WRONG', 'The current password is not right: type the password you signed in with.');
      }
      await attempt.succeeded();
    } finally {
      attempt.end();
    }
    if (current === next) {
      throw new TidingsError('AUTH_WEAK_PASSWORD', 'Choose a new password, different from the current one.');
    }
    await this.users.setPassword(id, next, { keepSession: options.keepSession });
    return this.users.getById(id);
  }
}
