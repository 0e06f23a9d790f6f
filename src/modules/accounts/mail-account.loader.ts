import type { Kysely } from 'kysely';
import type { SecretBox } from '../../platform/crypto/index.js';
import { TidingsError } from '../../platform/errors/index.js';
import type { DatabaseSchema } from '../../platform/db/index.js';
import { findAccountId, type AccountRef } from './account.lookup.js';
import type { Security } from './detect/server.types.js';
import { readMailAccountRows } from './mail-account.repository.js';
import { defaultAccountId, noDefaultAccountError } from './sending-account.js';

/** User name and password for one server. */
export interface ServerAuth {
  readonly user: string;
  readonly pass: string;
}

/** TLS options to hand to nodemailer / imapflow / node:tls as `tls`. */
export interface TlsOptions {
  /** False only when the account was saved with certificate checking off (self-signed on-premises server). */
  readonly rejectUnauthorized: boolean;
}

/** The outgoing server, ready for nodemailer's `createTransport`. */
export interface SmtpSettings {
  readonly host: string;
  readonly port: number;
  /** `tls`: implicit TLS (nodemailer `secure: true`); `starttls`: `requireTLS: true`; `none`: plain. */
  readonly security: Security;
  /** Undefined when the server needs no authentication. */
  readonly auth: ServerAuth | undefined;
  readonly tls: TlsOptions;
}

/** The incoming server. `password` is undefined when the user chose not to store it. */
export interface IncomingSettings {
  readonly protocol: 'imap' | 'pop3';
  readonly host: string;
  readonly port: number;
  readonly security: Security;
  readonly username: string;
  /** Decrypted stored password, or undefined: then call {@link incomingAuth} with one supplied by the user. */
  readonly password: string | undefined;
  /** POP3: leave a copy on the server after fetching. */
  readonly leaveCopy: boolean;
  readonly tls: TlsOptions;
}

/** Per-account sending limits; null means unlimited at that scale. */
export interface SendingLimits {
  readonly perSecond: number | null;
  readonly perMinute: number | null;
  readonly perHour: number | null;
  readonly perDay: number | null;
}

/** A mail account with decrypted credentials, for the send pipeline and the inbox. Never log it whole. */
export interface MailAccount {
  readonly id: number;
  readonly name: string;
  /** The sender's display name (From: "displayName" <email>). */
  readonly displayName: string;
  readonly email: string;
  /** Effective Reply-To: the stored one, or the email address. */
  readonly replyTo: string;
  readonly signature: { readonly text: string | null; readonly html: string | null };
  /** Provider key from the autodetect table (e.g. "netease163"), or null. */
  readonly provider: string | null;
  readonly smtp: SmtpSettings;
  /** Undefined when the account has no incoming server (send-only). */
  readonly incoming: IncomingSettings | undefined;
  readonly limits: SendingLimits;
  /** The server delivers user+tag@domain to user@domain (reply tokens may ride in Reply-To). */
  readonly plusAddressing: boolean;
  readonly isDefault: boolean;
}

/**
 * Loads a mail account by id or name with its credentials decrypted, ready for sending and
 * fetching. Pass `undefined` as `ref` to get the default account.
 *
 * - `smtp.auth` is `{ user, pass }` when the server needs AUTH: the SMTP user name/password, each
 *   falling back to the incoming one; throws `ACCOUNT_PASSWORD_REQUIRED` if no password is stored
 *   for SMTP at all (sending cannot ask anyone).
 * - `incoming.password` is undefined when not stored; {@link incomingAuth} turns that into
 *   `ACCOUNT_PASSWORD_REQUIRED` unless the caller supplies one.
 * - Throws `NOT_FOUND` for an unknown account, `SECRET_DECRYPT_FAILED` if the key changed.
 *
 * Connect only through the guarded connector (`guardedTarget`, guarded.connector.ts): it resolves
 * each host once, applies the SSRF guard and answers the address to connect to.
 */
export async function loadMailAccount(db: Kysely<DatabaseSchema>, secrets: SecretBox, ref?: AccountRef): Promise<MailAccount> {
  const id = ref === undefined ? await defaultAccountId(db, 'email') : await findAccountId(db, 'mail_accounts', ref);
  if (id === undefined) throw noDefaultAccountError('email');
  const [row] = await readMailAccountRows(db, id);
  if (!row) throw new TidingsError('NOT_FOUND', `Mail account "${String(ref)}" was deleted meanwhile.`);
  const tls: TlsOptions = { rejectUnauthorized: row.verify_certificates !== 0 };
  const incomingPassword = row.incoming_password_enc ? secrets.open(row.incoming_password_enc) : undefined;
  const incoming: IncomingSettings | undefined =
    row.incoming_protocol && row.incoming_host && row.incoming_port && row.incoming_security && row.incoming_username
      ? {
          protocol: row.incoming_protocol,
          host: row.incoming_host,
          port: row.incoming_port,
          security: row.incoming_security,
          username: row.incoming_username,
          password: incomingPassword,
          leaveCopy: row.leave_copy === 1,
          tls,
        }
      : undefined;
  let auth: ServerAuth | undefined;
  if (row.smtp_auth === 1) {
    const pass = row.smtp_password_enc ? secrets.open(row.smtp_password_enc) : incomingPassword;
    const user = row.smtp_username ?? incoming?.username;
    if (!pass || !user) {
      throw new TidingsError(
        'ACCOUNT_PASSWORD_REQUIRED',
        `Mail account "${row.name}" has no SMTP ${user ? 'password' : 'user name'} stored, so it cannot send. Open the mailbox's settings and enter the ${user ? 'SMTP password' : 'SMTP user name and password'}.`,
        { context: { account: row.name, server: 'smtp', cliHint: `tidings account update ${row.name} --smtp-password-stdin` } },
      );
    }
    auth = { user, pass };
  }
  return {
    id: row.id,
    name: row.name,
    displayName: row.display_name,
    email: row.email,
    replyTo: row.reply_to ?? row.email,
    signature: { text: row.signature_text, html: row.signature_html },
    provider: row.provider,
    smtp: { host: row.smtp_host, port: row.smtp_port, security: row.smtp_security, auth, tls },
    incoming,
    limits: {
      perSecond: row.limit_per_second,
      perMinute: row.limit_per_minute,
      perHour: row.limit_per_hour,
      perDay: row.limit_per_day,
    },
    plusAddressing: row.plus_addressing === 1,
    isDefault: row.is_default === 1,
  };
}

/**
 * The incoming server's credentials: the stored password, else `supplied` (asked of the user at
 * fetch time); throws `ACCOUNT_PASSWORD_REQUIRED` when neither exists or there is no incoming server.
 */
export function incomingAuth(account: MailAccount, supplied?: string): ServerAuth {
  const incoming = account.incoming;
  if (!incoming) {
    throw new TidingsError('VALIDATION_FAILED', `Mail account "${account.name}" has no incoming (IMAP/POP3) server; add one in the mailbox's settings.`, {
      context: { account: account.name, cliHint: `tidings account update ${account.name} --imap-host …` },
    });
  }
  const pass = supplied || incoming.password;
  if (!pass) {
    throw new TidingsError(
      'ACCOUNT_PASSWORD_REQUIRED',
      `Mail account "${account.name}" stores no ${incoming.protocol.toUpperCase()} password for ${incoming.host}:${incoming.port}; enter it for this fetch, or store it in the mailbox's settings.`,
      { context: { account: account.name, server: `${incoming.host}:${incoming.port}`, cliHint: `tidings account update ${account.name} --password-stdin` } },
    );
  }
  return { user: incoming.username, pass };
}
