import type { Kysely } from 'kysely';
import type { ConnectionOptions } from 'node:tls';
import type { HostGuardOptions } from '../../../platform/net/ssrf.guard.js';
import type { SecretBox } from '../../../platform/crypto/index.js';
import { TidingsError } from '../../../platform/errors/index.js';
import type { Logger } from '../../../platform/logger/index.js';
import type { DatabaseSchema, MailAccountsTable } from '../../../platform/db/index.js';
import { ImapReader } from '../../../adapters/mail/imap/imap.reader.js';
import type { MailboxReader } from '../../../adapters/mail/mailbox.reader.js';
import { Pop3Reader } from '../../../adapters/mail/pop3/pop3.reader.js';

/** A mail account's incoming server, password opened. */
export interface IncomingAccount {
  readonly id: number;
  readonly name: string;
  readonly email: string;
  readonly protocol: 'imap' | 'pop3';
  readonly host: string;
  readonly port: number;
  readonly security: 'tls' | 'starttls' | 'none';
  readonly username: string;
  readonly password: string;
  readonly leaveCopy: boolean;
  /** Verify the server's TLS certificate (the account's tlsVerify; off for on-premises self-signed servers). */
  readonly tlsVerify: boolean;
}

type AccountRow = Pick<
  MailAccountsTable,
  'name' | 'email' | 'incoming_protocol' | 'incoming_host' | 'incoming_port' | 'incoming_security' | 'incoming_username' | 'incoming_password_enc' | 'leave_copy'
> & { id: number; verify_certificates: number | null };

/** Mail accounts that have an incoming server (the ones the poller service watches). */
export async function listIncomingAccountIds(db: Kysely<DatabaseSchema>): Promise<number[]> {
  const rows = await db
    .selectFrom('mail_accounts')
    .select('id')
    .where('incoming_protocol', 'is not', null)
    .where('incoming_host', 'is not', null)
    .orderBy('id')
    .execute();
  return rows.map((r) => Number(r.id));
}

/**
 * Whether account `id` still exists with an incoming server: a poller whose mailbox was deleted
 * (or lost its incoming server) meanwhile stops instead of retrying forever.
 */
export async function isStillPolled(db: Kysely<DatabaseSchema>, id: number): Promise<boolean> {
  const row = await db
    .selectFrom('mail_accounts')
    .select('id')
    .where('id', '=', id)
    .where('incoming_protocol', 'is not', null)
    .where('incoming_host', 'is not', null)
    .executeTakeFirst();
  return row !== undefined;
}

/**
 * Loads an account (by name or numeric id) with its incoming password opened. `password` overrides
 * the stored one (`--password-stdin`); with neither, `INBOX_PASSWORD_REQUIRED` says how to give one.
 */
export async function loadIncomingAccount(
  db: Kysely<DatabaseSchema>,
  secrets: SecretBox,
  nameOrId: string | number,
  password?: string,
): Promise<IncomingAccount> {
  const row = (await db
    .selectFrom('mail_accounts')
    .leftJoin('mail_account_tls', 'mail_account_tls.mail_account_id', 'mail_accounts.id')
    .select(['id', 'name', 'email', 'incoming_protocol', 'incoming_host', 'incoming_port', 'incoming_security', 'incoming_username', 'incoming_password_enc', 'leave_copy'])
    .select('mail_account_tls.verify_certificates')
    .where((eb) =>
      typeof nameOrId === 'number' || /^\d+$/.test(nameOrId)
        ? eb.or([eb('mail_accounts.id', '=', Number(nameOrId)), eb('mail_accounts.name', '=', String(nameOrId))])
        : eb('mail_accounts.name', '=', nameOrId),
    )
    .executeTakeFirst()) as AccountRow | undefined;
  if (!row) throw new TidingsError('NOT_FOUND', `mail account ${nameOrId} does not exist`);
  if (!row.incoming_protocol || !row.incoming_host) {
    throw new TidingsError('INBOX_NO_INCOMING_SERVER', `account ${row.name} has no incoming server (IMAP/POP3) configured`);
  }
  const secret = password ?? (row.incoming_password_enc ? secrets.open(row.incoming_password_enc) : undefined);
  if (!secret) {
    throw new TidingsError('INBOX_PASSWORD_REQUIRED', `account ${row.name} has no stored password; pass --password-stdin or store one`, {
      context: { account: row.name },
    });
  }
  const security = row.incoming_security ?? 'tls';
  return {
    id: Number(row.id),
    name: row.name,
    email: row.email,
    protocol: row.incoming_protocol,
    host: row.incoming_host,
    port: row.incoming_port ?? defaultPort(row.incoming_protocol, security),
    security,
    username: row.incoming_username ?? row.email,
    password: secret,
    leaveCopy: row.leave_copy !== 0,
    tlsVerify: row.verify_certificates !== 0,
  };
}

const defaultPort = (protocol: 'imap' | 'pop3', security: string): number =>
  protocol === 'imap' ? (security === 'tls' ? 993 : 143) : security === 'tls' ? 995 : 110;

/** Options for {@link readerFor}. */
export interface ReaderOptions {
  readonly tls?: ConnectionOptions;
  /**
   * TIDINGS_ALLOW_PRIVATE_HOSTS (and a resolver, for tests). Absent means nothing private is
   * allowed: every poll connects through the SSRF guard, to the address it checked.
   */
  readonly guard?: HostGuardOptions;
  readonly maxMessageBytes?: number;
  readonly logger?: Logger;
}

/** The reader for an account's protocol; it connects only through the SSRF guard (`options.guard`). */
export function readerFor(account: IncomingAccount, options: ReaderOptions = {}): MailboxReader {
  const { host, port, security, username, password } = account;
  // The account's own "do not verify" (self-signed on-premises servers) holds for the poller too, as it does for sending.
  const tls = account.tlsVerify ? options.tls : { rejectUnauthorized: false, ...options.tls };
  const guard = { ...options.guard, setting: `${account.protocol.toUpperCase()} host of account ${account.name}` };
  if (account.protocol === 'imap') {
    return new ImapReader({ host, port, guard, security, username, password, tls, maxMessageBytes: options.maxMessageBytes, logger: options.logger });
  }
  return new Pop3Reader({
    connection: { host, port, security, username, password, tls, maxMessageBytes: options.maxMessageBytes },
    guard,
    leaveCopy: account.leaveCopy,
  });
}
