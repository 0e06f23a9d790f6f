import type { Selectable } from 'kysely';
import { z } from 'zod';
import { TidingsError } from '../../platform/errors/index.js';
import { orConflict, type Store } from '../../platform/db/index.js';
import type { UsersTable } from './users.tables.js';
import { hashPassword } from './password.hash.js';
import type { Role } from './permissions.js';
import { systemClock, type Clock } from '../../platform/clock/index.js';
import { changeMailboxOwner } from '../accounts/index.js';

/** A user as the rest of the code sees it: never the password hash. */
export interface User {
  readonly id: number;
  readonly username: string;
  readonly displayName: string;
  readonly role: Role;
  readonly disabled: boolean;
  readonly mailAccountId: number | null;
  /** The password is a one-time password: the user must choose their own before anything else. */
  readonly mustChangePassword: boolean;
  /** Their own address for system mail (the reminder digest); null when none is given. */
  readonly email: string | null;
  readonly createdAt: number;
  readonly updatedAt: number;
}

/** Input of {@link createUser}. */
export interface NewUser {
  readonly username: string;
  readonly role: Role;
  readonly displayName?: string | undefined;
  /** Omit for a user that only uses API tokens. */
  readonly password?: string | undefined;
  readonly mailAccountId?: number | null | undefined;
  /** The password is a one-time password someone else chose (see {@link User.mustChangePassword}). */
  readonly mustChangePassword?: boolean | undefined;
  readonly email?: string | null | undefined;
}

/** Lower-case letters, digits and . _ - @, 1 to 64 characters; no spaces or control characters. */
export const USERNAME_PATTERN = /^[a-z0-9][a-z0-9._@-]{0,63}$/;
export const PASSWORD_MIN = 12;
export const PASSWORD_MAX = 1024;

export function toUser(row: Selectable<UsersTable>): User {
  return {
    id: row.id,
    username: row.username,
    displayName: row.display_name,
    role: row.role,
    disabled: row.disabled === 1,
    mailAccountId: row.mail_account_id,
    mustChangePassword: row.must_change_password === 1,
    email: row.email ?? null,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** Normalises and checks a user name; throws VALIDATION_FAILED saying what is allowed. */
export function normaliseUsername(raw: string): string {
  const username = raw.trim().toLowerCase();
  if (!USERNAME_PATTERN.test(username)) {
    throw new TidingsError(
      'VALIDATION_FAILED',
      'username: use 1 to 64 lower-case letters, digits, ".", "_", "-" or "@", starting with a letter or digit',
    );
  }
  return username;
}

/** One address, as a person types it: `li@example.com`, no display name, no list. */
export const UserEmailSchema = z
  .string()
  .trim()
  .max(254, 'an email address has at most 254 characters')
  .pipe(z.email({ message: 'expected one email address such as li.lei@example.com' }));

/**
 * Checks and normalises a user's email (VALIDATION_FAILED saying what is expected); an empty
 * string or null clears it. The domain is lower-cased, the local part kept as typed.
 */
export function normaliseEmail(raw: string | null | undefined): string | null {
  if (raw === undefined || raw === null || raw.trim() === '') return null;
  const parsed = UserEmailSchema.safeParse(raw);
  if (!parsed.success) throw new TidingsError('VALIDATION_FAILED', `email: ${parsed.error.issues[0]?.message ?? 'expected one email address'}`);
  const at = parsed.data.lastIndexOf('@');
  return `${parsed.data.slice(0, at)}@${parsed.data.slice(at + 1).toLowerCase()}`;
}

/** Throws AUTH_WEAK_PASSWORD unless the password has an acceptable length. */
export function checkPassword(password: string): void {
  if ([...password].length < PASSWORD_MIN || password.length > PASSWORD_MAX) {
    throw new TidingsError('AUTH_WEAK_PASSWORD', `The password must have ${PASSWORD_MIN} to ${PASSWORD_MAX} characters.`);
  }
}

/** Users in the store. */
export class UserRepository {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock = systemClock,
  ) {}

  /**
   * A user's sending account must exist and be shared or theirs: linking someone else's personal
   * mailbox would let this user send from it (ownership is the mailbox's, see src/accounts).
   */
  async #checkSendingAccount(mailAccountId: number | null | undefined, userId: number | undefined): Promise<void> {
    if (mailAccountId === null || mailAccountId === undefined) return;
    const mailbox = await this.store.db.selectFrom('mail_accounts').select(['name', 'owner_user_id']).where('id', '=', mailAccountId).executeTakeFirst();
    if (!mailbox) throw new TidingsError('NOT_FOUND', `No mailbox with id ${mailAccountId}: choose one of the mailboxes listed.`);
    const owner = mailbox.owner_user_id === null ? null : Number(mailbox.owner_user_id);
    if (owner !== null && owner !== userId) {
      throw new TidingsError('CONFLICT', `The mailbox ${mailbox.name} belongs to another person. Transfer it to this user first, or choose a shared mailbox.`);
    }
  }

  async create(input: NewUser): Promise<User> {
    const username = normaliseUsername(input.username);
    await this.#checkSendingAccount(input.mailAccountId, undefined);
    if (input.password !== undefined) checkPassword(input.password);
    const now = this.clock.now();
    const passwordHash = input.password === undefined ? null : await hashPassword(input.password);
    const row = await orConflict(
      () =>
        this.store.db
          .insertInto('users')
          .values({
            username,
            display_name: input.displayName?.trim() || username,
            role: input.role,
            password_hash: passwordHash,
            disabled: 0,
            mail_account_id: input.mailAccountId ?? null,
            must_change_password: input.mustChangePassword && passwordHash !== null ? 1 : 0,
            email: normaliseEmail(input.email),
            created_at: now,
            updated_at: now,
          })
          .returningAll()
          .executeTakeFirstOrThrow(),
      `A user named ${username} already exists.`,
    );
    return toUser(row);
  }

  async count(): Promise<number> {
    const row = await this.store.db.selectFrom('users').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    return Number(row.n);
  }

  async list(): Promise<User[]> {
    const rows = await this.store.db.selectFrom('users').selectAll().orderBy('id').execute();
    return rows.map(toUser);
  }

  async findById(id: number): Promise<User | undefined> {
    const row = await this.store.db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
    return row && toUser(row);
  }

  /** The user by name (case-insensitive), if there is one. */
  async findByUsername(username: string): Promise<User | undefined> {
    return (await this.findForLogin(username))?.user;
  }

  /** The user and its password hash, for sign-in only. */
  async findForLogin(username: string): Promise<{ user: User; passwordHash: string | null } | undefined> {
    const row = await this.store.db
      .selectFrom('users')
      .selectAll()
      .where('username', '=', username.trim().toLowerCase())
      .executeTakeFirst();
    return row && { user: toUser(row), passwordHash: row.password_hash };
  }

  /** The user by name; throws NOT_FOUND naming it. */
  async get(username: string): Promise<User> {
    const found = await this.findForLogin(username);
    if (!found) throw new TidingsError('NOT_FOUND', `No user named ${username.trim().toLowerCase()}.`);
    return found.user;
  }

  async getById(id: number): Promise<User> {
    const user = await this.findById(id);
    if (!user) throw new TidingsError('NOT_FOUND', `No user with id ${id}.`);
    return user;
  }

  async update(
    id: number,
    changes: { role?: Role; displayName?: string; disabled?: boolean; mailAccountId?: number | null; email?: string | null },
  ): Promise<User> {
    await this.getById(id);
    await this.#checkSendingAccount(changes.mailAccountId, id);
    await this.store.db
      .updateTable('users')
      .set({
        ...(changes.role !== undefined && { role: changes.role }),
        ...(changes.displayName !== undefined && { display_name: changes.displayName.trim() }),
        ...(changes.disabled !== undefined && { disabled: changes.disabled ? 1 : 0 }),
        ...(changes.mailAccountId !== undefined && { mail_account_id: changes.mailAccountId }),
        ...(changes.email !== undefined && { email: normaliseEmail(changes.email) }),
        updated_at: this.clock.now(),
      })
      .where('id', '=', id)
      .execute();
    // A disabled user's sessions end at once; tokens are refused on use (the user is checked).
    if (changes.disabled) await this.store.db.deleteFrom('sessions').where('user_id', '=', id).execute();
    return this.getById(id);
  }

  /**
   * Replaces a hash made with older scrypt parameters by one made with the current ones, after
   * `password` was verified against `oldHash`. Sessions stay (the password did not change), and a
   * password changed meanwhile is kept: the update only applies while the row still holds `oldHash`.
   */
  async rehashPassword(id: number, oldHash: string, password: string): Promise<void> {
    const hash = await hashPassword(password);
    await this.store.db
      .updateTable('users')
      .set({ password_hash: hash, updated_at: this.clock.now() })
      .where('id', '=', id)
      .where('password_hash', '=', oldHash)
      .execute();
  }

  /**
   * Sets a new password and ends the user's sessions (they sign in again with the new one), except
   * `keepSession` (the session of a user changing their own password). `mustChange` marks it a
   * one-time password (an admin chose it); otherwise the mark is cleared.
   */
  async setPassword(id: number, password: string, options: { mustChange?: boolean; keepSession?: string | undefined } = {}): Promise<void> {
    checkPassword(password);
    await this.getById(id);
    const hash = await hashPassword(password);
    await this.store.db
      .updateTable('users')
      .set({ password_hash: hash, must_change_password: options.mustChange ? 1 : 0, updated_at: this.clock.now() })
      .where('id', '=', id)
      .execute();
    let ending = this.store.db.deleteFrom('sessions').where('user_id', '=', id);
    if (options.keepSession !== undefined) ending = ending.where('id', '!=', options.keepSession);
    await ending.execute();
  }

  /** The password hash of a user, to check the current password before changing it. */
  async passwordHashOf(id: number): Promise<string | null> {
    const row = await this.store.db.selectFrom('users').select('password_hash').where('id', '=', id).executeTakeFirst();
    return row?.password_hash ?? null;
  }

  /** How many enabled admins there are (the last one may not be demoted or disabled). */
  async countActiveAdmins(): Promise<number> {
    const row = await this.store.db
      .selectFrom('users')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('role', '=', 'admin')
      .where('disabled', '=', 0)
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  /**
   * Gives a personal mailbox to `userId` and makes it their sending account, in one transaction:
   * the mailbox's owner becomes the user, and the previous owner's sending account, if it was this
   * mailbox, is unlinked (the same effect as an admin transferring it on the accounts screen).
   */
  async transferMailbox(userId: number, mailAccountId: number): Promise<User> {
    await this.getById(userId);
    // The accounts module's owner change: the address claim moves with the mailbox and the previous owner's link ends.
    await changeMailboxOwner(this.store.db, mailAccountId, userId, this.clock.now());
    await this.store.db.updateTable('users').set({ mail_account_id: mailAccountId, updated_at: this.clock.now() }).where('id', '=', userId).execute();
    return this.getById(userId);
  }
}
