import type { Command } from 'commander';
import type { AppContext } from '../../app/index.js';
import { withContext } from '../cli-context.js';
import { formatTable, printResult, type CliIo } from '../io.js';
import { loadConfig } from '../../app/index.js';
import { TidingsError, type ErrorCode } from '../../platform/errors/index.js';
import { intFlag, readSecretFromStdin } from './cli-input.js';
import { deleteMailAccount, detect, type DetectResult, getMailAccount, listMailAccounts, type MailAccountInput, type MailAccountPatch, MailAccountService, type MailAccountView, parseAddress, type Security, type ServerSettings, SYSTEM_ACTOR, type VerifyReport } from '../../modules/accounts/index.js';
import { UserRepository } from '../../modules/users/index.js';

/** The CLI is run by whoever holds the server's keys: it acts as the system (an admin). */
const serviceOf = (context: AppContext) =>
  new MailAccountService({ db: context.store.db, secrets: context.secrets, allowPrivateHosts: context.config.TIDINGS_ALLOW_PRIVATE_HOSTS });

/** A user named by user name or numeric id, for --owner; null for "shared". */
async function ownerId(context: AppContext, ref: string): Promise<number | null> {
  const value = ref.trim().toLowerCase();
  if (value === 'shared' || value === '-') return null;
  const byName = await new UserRepository(context.store).findByUsername(value);
  if (byName) return byName.id;
  if (/^\d{1,15}$/.test(value)) return Number(value);
  throw new TidingsError('NOT_FOUND', `No user named ${value}. List them with: tidings user list`, { context: { owner: value } });
}

/** Flags shared by `account add` and `account update`. */
interface ServerFlags {
  json?: boolean;
  name?: string;
  email?: string;
  displayName?: string;
  replyTo?: string;
  provider?: string;
  signatureText?: string;
  signatureHtml?: string;
  incoming?: string;
  imapHost?: string;
  imapPort?: string;
  imapSecurity?: string;
  pop3Host?: string;
  pop3Port?: string;
  pop3Security?: string;
  username?: string;
  smtpHost?: string;
  smtpPort?: string;
  smtpSecurity?: string;
  smtpUsername?: string;
  smtpAuth?: boolean;
  leaveCopy?: boolean;
  passwordStdin?: boolean;
  smtpPasswordStdin?: boolean;
  limitPerSecond?: string;
  limitPerMinute?: string;
  limitPerHour?: string;
  limitPerDay?: string;
  plusAddressing?: boolean;
  tlsVerify?: boolean;
  default?: boolean;
  offline?: boolean;
  verify?: boolean;
  owner?: string;
}

function serverOptions(command: Command): Command {
  return command
    .option('--display-name <name>', "sender's display name")
    .option('--reply-to <address>', 'Reply-To address (default: the email address)')
    .option('--provider <key>', 'provider key or name from the bundled table (e.g. gmail, qq)')
    .option('--signature-text <text>', 'plain-text signature')
    .option('--signature-html <html>', 'HTML signature')
    .option('--incoming <protocol>', 'incoming protocol: imap or pop3')
    .option('--imap-host <host>')
    .option('--imap-port <port>')
    .option('--imap-security <security>', 'tls, starttls or none')
    .option('--pop3-host <host>')
    .option('--pop3-port <port>')
    .option('--pop3-security <security>', 'tls, starttls or none')
    .option('--username <user>', 'incoming user name (default per provider: full address or local part)')
    .option('--smtp-host <host>')
    .option('--smtp-port <port>')
    .option('--smtp-security <security>', 'tls, starttls or none')
    .option('--smtp-username <user>', 'SMTP user name (default: the incoming one)')
    .option('--no-smtp-auth', 'the SMTP server needs no authentication')
    .option('--no-leave-copy', 'POP3: delete mail from the server after fetching')
    .option('--password-stdin', 'read the mailbox password (or 授权码) from standard input')
    .option('--smtp-password-stdin', 'read a separate SMTP password from standard input')
    .option('--limit-per-second <n>')
    .option('--limit-per-minute <n>')
    .option('--limit-per-hour <n>')
    .option('--limit-per-day <n>')
    .option('--plus-addressing', 'the server delivers user+tag@domain to user@domain')
    .option('--no-tls-verify', 'accept self-signed certificates (on-premises servers only)')
    .option('--json', 'print JSON');
}

const security = (flag: string, value: string | undefined): Security | undefined => {
  if (value === undefined) return undefined;
  if (value === 'tls' || value === 'starttls' || value === 'none') return value;
  if (value === 'ssl') return 'tls';
  throw new TidingsError('VALIDATION_FAILED', `${flag}: expected tls, starttls or none, got "${value}"`);
};

/** Picks the incoming server: flags first, then what detection found (IMAP preferred). */
function incomingFrom(flags: ServerFlags, found: DetectResult | undefined, address: string) {
  const protocol = (flags.incoming ?? (flags.pop3Host && !flags.imapHost ? 'pop3' : found?.imap || flags.imapHost ? 'imap' : found?.pop3 ? 'pop3' : undefined)) as 'imap' | 'pop3' | undefined;
  if (protocol === undefined) return undefined;
  if (protocol !== 'imap' && protocol !== 'pop3') throw new TidingsError('VALIDATION_FAILED', `--incoming: expected imap or pop3, got "${String(protocol)}"`);
  const detected: ServerSettings | undefined = found?.[protocol];
  const host = (protocol === 'imap' ? flags.imapHost : flags.pop3Host) ?? detected?.host;
  const port = intFlag(`--${protocol}-port`, protocol === 'imap' ? flags.imapPort : flags.pop3Port) ?? detected?.port;
  const sec = security(`--${protocol}-security`, protocol === 'imap' ? flags.imapSecurity : flags.pop3Security) ?? detected?.security ?? 'tls';
  if (!host) throw new TidingsError('VALIDATION_FAILED', `No ${protocol.toUpperCase()} server known for ${address}; give --${protocol}-host.`);
  const defaultPort = protocol === 'imap' ? (sec === 'tls' ? 993 : 143) : sec === 'tls' ? 995 : 110;
  return { protocol, host, port: port ?? defaultPort, security: sec, username: flags.username ?? detected?.username ?? address };
}

async function addAccount(
  io: CliIo,
  context: AppContext,
  flags: ServerFlags,
): Promise<{ account: MailAccountView; detected?: DetectResult; verify?: VerifyReport; warnings: readonly string[] }> {
  const parts = parseAddress(flags.email ?? '');
  if (!parts) throw new TidingsError('VALIDATION_FAILED', `--email: expected an email address, got "${flags.email ?? ''}"`);
  const config = context.config;
  const needsDetection = !(flags.smtpHost && (flags.imapHost || flags.pop3Host));
  const found = needsDetection
    ? await detect(parts.address, {
        offline: flags.offline,
        ispdbBaseUrl: config.TIDINGS_ISPDB_URL,
        timeoutMs: config.TIDINGS_AUTODETECT_TIMEOUT_MS,
        allowPrivateHosts: config.TIDINGS_ALLOW_PRIVATE_HOSTS,
      })
    : undefined;
  const smtpHost = flags.smtpHost ?? found?.smtp?.host;
  if (!smtpHost) {
    throw new TidingsError('ACCOUNT_AUTODETECT_MISS', `Could not find the servers of ${parts.address}${flags.offline ? ' in the bundled table (--offline)' : ''}; give --smtp-host and --imap-host or --pop3-host.`, {
      context: { address: parts.address },
    });
  }
  const smtpSecurity = security('--smtp-security', flags.smtpSecurity) ?? found?.smtp?.security ?? 'tls';
  const incoming = incomingFrom(flags, found, parts.address);
  const password = flags.passwordStdin || flags.smtpPasswordStdin ? await readSecretFromStdin(io, 'password') : undefined;
  const detectedSmtpUser = found?.smtp?.username;
  const input: MailAccountInput = {
    name: flags.name ?? parts.address,
    displayName: flags.displayName,
    email: parts.address,
    replyTo: flags.replyTo,
    signatureText: flags.signatureText,
    signatureHtml: flags.signatureHtml,
    provider: flags.provider ?? found?.provider,
    incoming: incoming ? { ...incoming, password: flags.smtpPasswordStdin ? undefined : password } : undefined,
    leaveCopy: flags.leaveCopy !== false,
    smtp: {
      host: smtpHost,
      port: intFlag('--smtp-port', flags.smtpPort) ?? found?.smtp?.port ?? (smtpSecurity === 'tls' ? 465 : 587),
      security: smtpSecurity,
      auth: flags.smtpAuth !== false,
      // A provider whose SMTP user differs from the IMAP one (iCloud) keeps its own.
      username: flags.smtpUsername ?? (detectedSmtpUser && detectedSmtpUser !== incoming?.username ? detectedSmtpUser : undefined) ?? (incoming ? undefined : parts.address),
      password: flags.smtpPasswordStdin || !incoming ? password : undefined,
    },
    limits: {
      perSecond: intFlag('--limit-per-second', flags.limitPerSecond),
      perMinute: intFlag('--limit-per-minute', flags.limitPerMinute),
      perHour: intFlag('--limit-per-hour', flags.limitPerHour),
      perDay: intFlag('--limit-per-day', flags.limitPerDay),
    },
    plusAddressing: flags.plusAddressing ?? false,
    tlsVerify: flags.tlsVerify !== false,
    isDefault: flags.default ?? false,
  };
  // "Always a login test before saving" when asked: the service logs in with the unsaved
  // settings and stores the mailbox (with the test's result) only when every login works.
  const service = serviceOf(context);
  const owner = flags.owner === undefined ? undefined : await ownerId(context, flags.owner);
  const { account, warnings, check: verify } = await service.create(SYSTEM_ACTOR, input, {
    ...(owner === undefined ? {} : { ownerUserId: owner }),
    ...(flags.verify ? { verify: 'required' as const } : {}),
  });
  return { account, ...(found ? { detected: found } : {}), ...(verify ? { verify } : {}), warnings };
}

function patchFrom(flags: ServerFlags, password: string | undefined): MailAccountPatch {
  const protocol = flags.incoming as 'imap' | 'pop3' | undefined;
  const incomingHost = flags.imapHost ?? flags.pop3Host;
  const incoming: NonNullable<MailAccountPatch['incoming']> = {};
  if (protocol ?? (flags.pop3Host ? 'pop3' : flags.imapHost ? 'imap' : undefined)) incoming.protocol = protocol ?? (flags.pop3Host ? 'pop3' : 'imap');
  if (incomingHost) incoming.host = incomingHost;
  const port = intFlag('--imap-port', flags.imapPort) ?? intFlag('--pop3-port', flags.pop3Port);
  if (port) incoming.port = port;
  const sec = security('--imap-security', flags.imapSecurity) ?? security('--pop3-security', flags.pop3Security);
  if (sec) incoming.security = sec;
  if (flags.username) incoming.username = flags.username;
  if (password !== undefined && !flags.smtpPasswordStdin) incoming.password = password;
  const smtp: NonNullable<MailAccountPatch['smtp']> = {};
  if (flags.smtpHost) smtp.host = flags.smtpHost;
  const smtpPort = intFlag('--smtp-port', flags.smtpPort);
  if (smtpPort) smtp.port = smtpPort;
  const smtpSec = security('--smtp-security', flags.smtpSecurity);
  if (smtpSec) smtp.security = smtpSec;
  if (flags.smtpUsername) smtp.username = flags.smtpUsername;
  if (flags.smtpAuth === false) smtp.auth = false;
  if (password !== undefined && flags.smtpPasswordStdin) smtp.password = password;
  const limits = {
    perSecond: intFlag('--limit-per-second', flags.limitPerSecond),
    perMinute: intFlag('--limit-per-minute', flags.limitPerMinute),
    perHour: intFlag('--limit-per-hour', flags.limitPerHour),
    perDay: intFlag('--limit-per-day', flags.limitPerDay),
  };
  return {
    name: flags.name,
    displayName: flags.displayName,
    email: flags.email,
    replyTo: flags.replyTo,
    provider: flags.provider,
    signatureText: flags.signatureText,
    signatureHtml: flags.signatureHtml,
    incoming: Object.keys(incoming).length ? incoming : undefined,
    smtp: Object.keys(smtp).length ? smtp : undefined,
    limits: Object.values(limits).some((v) => v !== undefined) ? limits : undefined,
    leaveCopy: flags.leaveCopy === false ? false : undefined,
    plusAddressing: flags.plusAddressing,
    tlsVerify: flags.tlsVerify === false ? false : undefined,
  };
}

const server = (s: { host: string; port: number; security: string } | null | undefined) => (s ? `${s.host}:${s.port} (${s.security})` : '-');

/** The human form of one account; passwords only ever appear as ••••. */
export function describeAccount(a: MailAccountView): string {
  return [
    `${a.name}${a.isDefault ? ' (default)' : ''}: ${a.displayName} <${a.email}>`,
    `  reply-to: ${a.replyTo ?? a.email}`,
    `  owner:    ${a.ownerUserId === null ? 'shared' : `user ${a.ownerUserId}`}`,
    `  provider: ${a.provider ?? '-'}`,
    `  incoming: ${a.incoming ? `${a.incoming.protocol.toUpperCase()} ${server(a.incoming)} user ${a.incoming.username}, password ${a.incoming.password ?? '(asked when fetching)'}${a.incoming.protocol === 'pop3' ? `, leave copy: ${a.leaveCopy ? 'yes' : 'no'}` : ''}` : '-'}`,
    `  smtp:     ${server(a.smtp)}${a.smtp.auth ? ` user ${a.smtp.username ?? a.incoming?.username ?? '-'}, password ${a.smtp.password ?? (a.incoming?.password ? 'same as incoming' : '-')}` : ', no auth'}`,
    `  limits:   ${(['perSecond', 'perMinute', 'perHour', 'perDay'] as const).map((k) => `${k} ${a.limits[k] ?? '∞'}`).join(', ')}`,
  ].join('\n');
}

function describeDetection(r: DetectResult): string {
  const lines = [`${r.address}: ${r.provider ?? 'unknown provider'} (from ${r.source})`, `  matched:  ${r.source} — ${r.reason}`];
  for (const key of ['imap', 'pop3', 'smtp'] as const) {
    const s = r[key];
    if (s) lines.push(`  ${key.padEnd(4)} ${s.host}:${s.port} ${s.security}, user ${s.username}`);
  }
  for (const hint of r.hints) lines.push(`  hint: ${hint}`);
  return lines.join('\n');
}

/** The CLI's own spelling of the advice the (surface-neutral) messages give in words. */
function cliHintOf(error: { code: string; message: string } | undefined): string {
  return error?.code === 'ACCOUNT_CONNECT_FAILED' && /certificate check/.test(error.message) ? ' (command line: update with --no-tls-verify)' : '';
}

function describeVerify(report: VerifyReport): string {
  return report.checks.map((c) => `${c.protocol.toUpperCase()} ${c.server}: ${c.ok ? 'ok' : `FAILED ${c.error?.code}: ${c.error?.message}${cliHintOf(c.error)}`}`).join('\n');
}

/** `tidings account …`: detect, add, list, show, update, delete, set-default, verify. */
export function registerMailAccountCommands(program: Command, io: CliIo): void {
  const account = program.command('account').description('mail accounts (mailboxes to send from and read replies in)');

  account
    .command('detect <address>')
    .description('find the IMAP/POP3/SMTP servers of an address')
    .option('--offline', 'use the bundled provider table only')
    .option('--json', 'print JSON')
    .action(async (address: string, flags: { offline?: boolean; json?: boolean }) => {
      // No database needed: only the configuration (allow list, ISPDB URL, timeout).
      const config = loadConfig({ LOG_LEVEL: 'warn', ...io.env });
      const result = await detect(address, {
        offline: flags.offline,
        ispdbBaseUrl: config.TIDINGS_ISPDB_URL,
        timeoutMs: config.TIDINGS_AUTODETECT_TIMEOUT_MS,
        allowPrivateHosts: config.TIDINGS_ALLOW_PRIVATE_HOSTS,
      });
      if (!result) {
        io.stderr.write(`No server settings found for ${address}${flags.offline ? ' in the bundled table' : ''}.\n`);
        process.exitCode = 3;
        return;
      }
      printResult(io, flags.json, result, describeDetection);
    });

  serverOptions(account.command('add').description('add a mail account; servers are filled in from the address'))
    .requiredOption('--email <address>', 'the email address')
    .option('--name <name>', 'short name (default: the address)')
    .option('--default', 'make it the default sending account')
    .option('--offline', 'detect servers from the bundled table only')
    .option('--verify', 'log in to SMTP and IMAP/POP3 before saving')
    .option('--owner <user>', "the user (name or id) whose personal mailbox this is; default: shared")
    .action(async (flags: ServerFlags) => {
      await withContext(io, async (context) => {
        const result = await addAccount(io, context, flags);
        printResult(io, flags.json, result, (r) =>
          [
            `added ${describeAccount(r.account)}`,
            ...(r.detected?.hints.map((h) => `hint: ${h}`) ?? []),
            ...r.warnings.map((w) => `warning: ${w}`),
            ...(r.verify ? [describeVerify(r.verify)] : []),
          ].join('\n'),
        );
      });
    });

  account
    .command('list')
    .description('list mail accounts')
    .option('--json', 'print JSON')
    .action(async (flags: { json?: boolean }) => {
      await withContext(io, async (context) => {
        const accounts = await listMailAccounts(context.store.db);
        printResult(io, flags.json, accounts, (list) =>
          formatTable(
            list.map((a) => ({
              name: a.name,
              default: a.isDefault ? '*' : '',
              email: a.email,
              owner: a.ownerUserId === null ? 'shared' : `user ${a.ownerUserId}`,
              incoming: a.incoming ? `${a.incoming.protocol} ${a.incoming.host}` : '-',
              smtp: a.smtp.host,
            })),
          ),
        );
      });
    });

  account
    .command('show <name>')
    .description('show one mail account (passwords masked)')
    .option('--json', 'print JSON')
    .action(async (name: string, flags: { json?: boolean }) => {
      await withContext(io, async (context) => {
        printResult(io, flags.json, await getMailAccount(context.store.db, name), describeAccount);
      });
    });

  serverOptions(account.command('update <name>').description('change a mail account; omitted settings stay'))
    .option('--name <name>', 'rename')
    .option('--email <address>', 'change the address')
    .option('--clear-password', 'forget the stored incoming password (it will be asked when fetching)')
    .action(async (name: string, flags: ServerFlags & { clearPassword?: boolean }) => {
      await withContext(io, async (context) => {
        const password = flags.passwordStdin || flags.smtpPasswordStdin ? await readSecretFromStdin(io, 'password') : undefined;
        const patch = patchFrom(flags, password);
        if (flags.clearPassword) patch.incoming = { ...patch.incoming, password: null };
        const saved = await serviceOf(context).update(SYSTEM_ACTOR, name, patch);
        printResult(io, flags.json, saved.account, (a) =>
          [
            `updated ${describeAccount(a)}`,
            ...saved.droppedPasswords.map((p) => `note: the ${p === 'smtp' ? 'SMTP' : 'incoming'} server changed, so its saved password was dropped; enter it again with --${p === 'smtp' ? 'smtp-' : ''}password-stdin`),
            ...saved.warnings.map((w) => `warning: ${w}`),
          ].join('\n'),
        );
      });
    });

  account
    .command('delete <name>')
    .description('delete a mail account (campaigns using it are paused)')
    .option('--json', 'print JSON')
    .action(async (name: string, flags: { json?: boolean }) => {
      await withContext(io, async (context) => {
        await serviceOf(context).delete(SYSTEM_ACTOR, name);
        printResult(io, flags.json, { deleted: name }, () => `deleted ${name}`);
      });
    });

  account
    .command('set-default <name>')
    .description('make this the default sending account')
    .option('--json', 'print JSON')
    .action(async (name: string, flags: { json?: boolean }) => {
      await withContext(io, async (context) => {
        printResult(io, flags.json, await serviceOf(context).setDefault(SYSTEM_ACTOR, name), (a) => `${a.name} is now the default account`);
      });
    });

  account
    .command('set-owner <name> <user>')
    .description('give the mailbox to a user (name or id) as their personal mailbox, or "shared"')
    .option('--json', 'print JSON')
    .action(async (name: string, user: string, flags: { json?: boolean }) => {
      await withContext(io, async (context) => {
        const updated = await serviceOf(context).setOwner(SYSTEM_ACTOR, name, await ownerId(context, user));
        printResult(io, flags.json, updated, (a) => `${a.name} is now ${a.ownerUserId === null ? 'a shared mailbox' : `the personal mailbox of user ${a.ownerUserId}`}`);
      });
    });

  account
    .command('verify <name>')
    .description('log in to the SMTP and IMAP/POP3 servers and report each result')
    .option('--password-stdin', 'read the incoming password from standard input (when not stored)')
    .option('--json', 'print JSON')
    .action(async (name: string, flags: { json?: boolean; passwordStdin?: boolean }) => {
      await withContext(io, async (context) => {
        const incomingPassword = flags.passwordStdin ? await readSecretFromStdin(io, 'password') : undefined;
        const report = await serviceOf(context).verify(SYSTEM_ACTOR, name, { incomingPassword });
        printResult(io, flags.json, report, describeVerify);
        if (!report.ok) process.exitCode = 1;
      });
    });
}
