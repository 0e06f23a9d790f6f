import { InvalidArgumentError, type Command } from 'commander';
import { withContext } from '../cli-context.js';
import { formatTable, printResult, type CliIo } from '../io.js';
import { TidingsError } from '../../platform/errors/index.js';
import { isRole, type Role, ROLES, TokenRepository, type User, UserAdminService, UserRepository } from '../../modules/users/index.js';

function parseRole(value: string): Role {
  if (!isRole(value)) throw new InvalidArgumentError(`expected one of ${ROLES.join(', ')}`);
  return value;
}

function parsePositiveInt(value: string): number {
  const n = /^\d{1,6}$/.test(value) ? Number(value) : Number.NaN;
  if (!(n >= 1)) throw new InvalidArgumentError('expected a whole number ≥ 1');
  return n;
}

/** The first line of standard input, for `--password-stdin` (the password never sits in argv or shell history). */
async function readFirstLine(stdin: NodeJS.ReadableStream): Promise<string> {
  let text = '';
  for await (const chunk of stdin) {
    text += typeof chunk === 'string' ? chunk : (chunk as Buffer).toString('utf8');
    if (text.includes('\n')) break;
  }
  const line = text.split(/\r?\n/)[0] ?? '';
  if (line === '') throw new TidingsError('VALIDATION_FAILED', 'password: nothing was read from standard input');
  return line;
}

const userRow = (u: User) => ({
  id: u.id,
  username: u.username,
  display_name: u.displayName,
  role: u.role,
  disabled: u.disabled ? 'yes' : 'no',
  mail_account: u.mailAccountId ?? '',
});

const day = (ms: number | null) => (ms === null ? '' : new Date(ms).toISOString().slice(0, 16).replace('T', ' '));

/** `tidings user …`: add, list, disable, enable, passwd, set-role, mailbox. */
function registerUserCommands(program: Command, io: CliIo): void {
  const user = program.command('user').description('manage the people and systems that use the API');

  user
    .command('add <username>')
    .description('create a user; without --password-stdin a random password is printed once')
    .requiredOption('--role <role>', `one of ${ROLES.join(', ')}`, parseRole)
    .option('--display-name <name>', 'name shown in the interface')
    .option('--mail-account <id>', "a sales rep's own sending account id", parsePositiveInt)
    .option('--password-stdin', 'read the password from the first line of standard input')
    .option('--json', 'print JSON')
    .action(async (username: string, options: { role: Role; displayName?: string; mailAccount?: number; passwordStdin?: boolean; json?: boolean }) => {
      const supplied = options.passwordStdin ? await readFirstLine(io.stdin) : undefined;
      const person = { username, role: options.role, displayName: options.displayName, mailAccountId: options.mailAccount ?? null };
      // Without a password of the admin's choosing, the user gets a one-time password to replace at sign-in.
      const { created, generated } = await withContext(io, async (ctx) => {
        if (supplied !== undefined) return { created: await new UserRepository(ctx.store, ctx.clock).create({ ...person, password: supplied }), generated: undefined };
        const made = await new UserAdminService(ctx.store, ctx.clock).create(person);
        return { created: made.user, generated: made.oneTimePassword };
      });
      printResult(io, options.json, { user: created, ...(generated && { password: generated }) }, (d) =>
        [`created user ${d.user.username} (${d.user.role}, id ${d.user.id})`, ...(generated ? [`password (shown once): ${generated}`] : [])].join('\n'),
      );
    });

  user
    .command('list')
    .description('list users')
    .option('--json', 'print JSON')
    .action(async (options: { json?: boolean }) => {
      const users = await withContext(io, (ctx) => new UserRepository(ctx.store).list());
      if (users.length === 0) process.exitCode = 3;
      printResult(io, options.json, users, (list) => formatTable(list.map(userRow)));
    });

  for (const [name, disabled] of [
    ['disable', true],
    ['enable', false],
  ] as const) {
    user
      .command(`${name} <username>`)
      .description(disabled ? 'stop a user signing in; ends their sessions and refuses their tokens' : 'let a disabled user sign in again')
      .option('--json', 'print JSON')
      .action(async (username: string, options: { json?: boolean }) => {
        const updated = await withContext(io, async (ctx) => {
          const admin = new UserAdminService(ctx.store, ctx.clock);
          return admin.update((await admin.users.get(username)).id, { disabled });
        });
        printResult(io, options.json, updated, (u) => `${u.username} is ${u.disabled ? 'disabled' : 'enabled'}`);
      });
  }

  user
    .command('set-role <username> <role>')
    .description('change a user\'s role')
    .option('--json', 'print JSON')
    .action(async (username: string, role: string, options: { json?: boolean }) => {
      const parsed = parseRole(role);
      const updated = await withContext(io, async (ctx) => {
        const admin = new UserAdminService(ctx.store, ctx.clock);
        return admin.update((await admin.users.get(username)).id, { role: parsed });
      });
      printResult(io, options.json, updated, (u) => `${u.username} is now ${u.role}`);
    });

  user
    .command('mailbox <username> <mailbox>')
    .description("link the mailbox (an id, or none) a sales rep sends from; it must be shared or theirs, unless --transfer gives it to them")
    .option('--transfer', "make the mailbox this user's, taken from its previous owner")
    .option('--json', 'print JSON')
    .action(async (username: string, mailbox: string, options: { transfer?: boolean; json?: boolean }) => {
      const mailAccountId = mailbox === 'none' ? null : parsePositiveInt(mailbox);
      const updated = await withContext(io, async (ctx) => {
        const admin = new UserAdminService(ctx.store, ctx.clock);
        return admin.assignMailbox((await admin.users.get(username)).id, mailAccountId, { transfer: options.transfer ?? false });
      });
      printResult(io, options.json, updated, (u) => (u.mailAccountId === null ? `${u.username} has no mailbox` : `${u.username} sends from mailbox ${u.mailAccountId}`));
    });

  user
    .command('passwd <username>')
    .description("set a new password (ends the user's sessions); without --password-stdin a one-time password is printed once, to be changed at sign-in")
    .option('--password-stdin', 'read the password from the first line of standard input')
    .option('--json', 'print JSON')
    .action(async (username: string, options: { passwordStdin?: boolean; json?: boolean }) => {
      const supplied = options.passwordStdin ? await readFirstLine(io.stdin) : undefined;
      const generated = await withContext(io, async (ctx) => {
        const admin = new UserAdminService(ctx.store, ctx.clock);
        const id = (await admin.users.get(username)).id;
        if (supplied !== undefined) return void (await admin.setPassword(id, supplied));
        return (await admin.resetPassword(id)).oneTimePassword;
      });
      printResult(io, options.json, { username, ...(generated && { password: generated }) }, () =>
        generated ? `new password for ${username} (shown once): ${generated}` : `password of ${username} changed`,
      );
    });
}

/** `tidings token …`: create (shown once), list, revoke. */
function registerTokenCommands(program: Command, io: CliIo): void {
  const token = program.command('token').description('manage API tokens for systems (Authorization: Bearer tid_…)');

  token
    .command('create')
    .description('create an API token; it is printed once and stored only as a hash')
    .requiredOption('--user <username>', 'the user the token acts as')
    .requiredOption('--name <name>', 'what the token is for, e.g. "crm sync"')
    .option('--expires-days <n>', 'expire after this many days', parsePositiveInt)
    .option('--json', 'print JSON')
    .action(async (options: { user: string; name: string; expiresDays?: number; json?: boolean }) => {
      const created = await withContext(io, async (ctx) => {
        const owner = await new UserRepository(ctx.store).get(options.user);
        const expiresAt = options.expiresDays ? ctx.clock.now() + options.expiresDays * 86_400_000 : null;
        return new TokenRepository(ctx.store).create({ userId: owner.id, name: options.name, expiresAt });
      });
      printResult(io, options.json, created, (c) =>
        [`token ${c.info.id} "${c.info.name}" for ${options.user}${c.info.expiresAt ? `, expires ${day(c.info.expiresAt)} UTC` : ''}`, `token (shown once): ${c.token}`].join('\n'),
      );
    });

  token
    .command('list')
    .description('list API tokens (never the tokens themselves)')
    .option('--user <username>', 'only this user\'s tokens')
    .option('--json', 'print JSON')
    .action(async (options: { user?: string; json?: boolean }) => {
      const rows = await withContext(io, async (ctx) => {
        const users = new UserRepository(ctx.store);
        const owner = options.user === undefined ? undefined : await users.get(options.user);
        const names = new Map((await users.list()).map((u) => [u.id, u.username]));
        const tokens = await new TokenRepository(ctx.store).list(owner?.id);
        return tokens.map((t) => ({ ...t, username: names.get(t.userId) ?? '' }));
      });
      if (rows.length === 0) process.exitCode = 3;
      printResult(io, options.json, rows, (list) =>
        formatTable(
          list.map((t) => ({
            id: t.id,
            user: t.username,
            name: t.name,
            prefix: `${t.prefix}…`,
            created: day(t.createdAt),
            last_used: day(t.lastUsedAt),
            expires: day(t.expiresAt),
            revoked: day(t.revokedAt),
          })),
        ),
      );
    });

  token
    .command('revoke <id>')
    .description('revoke an API token by id (see token list)')
    .option('--json', 'print JSON')
    .action(async (id: string, options: { json?: boolean }) => {
      const revoked = await withContext(io, (ctx) => new TokenRepository(ctx.store).revoke(parsePositiveInt(id)));
      printResult(io, options.json, revoked, (t) => `token ${t.id} "${t.name}" revoked`);
    });
}

/** Adds `tidings user …` and `tidings token …` to the program. */
export function registerApiCommands(program: Command, io: CliIo): void {
  registerUserCommands(program, io);
  registerTokenCommands(program, io);
}
