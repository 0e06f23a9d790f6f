import type { CoreContext } from '../../platform/runtime/index.js';
import { isTidingsError } from '../../platform/errors/index.js';
import { newOneTimePassword } from './user-admin.service.js';
import { UserRepository } from './user.repository.js';

/**
 * On an empty users table, creates the user `admin` with a random password and hands one line
 * with that one-time password (to be replaced at the first sign-in) to `print` (the terminal, never the logger). Afterwards the users table is
 * no longer empty, so the password is never shown again. Two API processes starting at once on
 * one database race on the unique user name; the loser prints nothing.
 */
export async function ensureFirstAdmin(context: Pick<CoreContext, 'store' | 'logger' | 'clock'>, print: (line: string) => void): Promise<boolean> {
  const users = new UserRepository(context.store, context.clock);
  if ((await users.count()) > 0) return false;
  const password = newOneTimePassword();
  try {
    await users.create({ username: 'admin', role: 'admin', displayName: 'Administrator', password, mustChangePassword: true });
  } catch (error) {
    if (isTidingsError(error, 'CONFLICT')) return false;
    throw error;
  }
  print(
    `First start: created user "admin" with the one-time password ${password} — it is shown only now. ` +
      'Sign in with it; you will then be asked to choose your own password.',
  );
  context.logger.info({ username: 'admin' }, 'first admin created (password printed to the terminal, not logged)');
  return true;
}
