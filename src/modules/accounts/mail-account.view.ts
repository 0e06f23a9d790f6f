import type { Selectable } from 'kysely';
import { MASK } from '../../platform/crypto/index.js';
import type { MailAccountsTable } from '../../platform/db/index.js';
import type { Security } from './detect/server.types.js';
import { mailCheckOf, type MailCheckView } from './mail-account.check.js';

/** A mail_accounts row as read (ids and flags already numbers). */
export type MailAccountRow = { [K in keyof Selectable<MailAccountsTable>]: K extends 'id' ? number : Selectable<MailAccountsTable>[K] } & {
  verify_certificates: number | null;
  /** From mail_account_checks (null: never checked). */
  checked_at: number | string | null;
  check_ok: number | null;
  checks: string | null;
};

/**
 * What the CLI and API show of a mail account: everything but passwords, which appear as
 * `••••` when one is stored and null when not.
 */
export interface MailAccountView {
  readonly id: number;
  readonly name: string;
  readonly displayName: string;
  readonly email: string;
  /** Where replies go; null means the email address itself. */
  readonly replyTo: string | null;
  readonly signatureText: string | null;
  readonly signatureHtml: string | null;
  readonly provider: string | null;
  readonly incoming: {
    readonly protocol: 'imap' | 'pop3';
    readonly host: string;
    readonly port: number;
    readonly security: Security;
    readonly username: string;
    /** `••••` when stored, null when it must be supplied at fetch time. */
    readonly password: string | null;
  } | null;
  readonly leaveCopy: boolean;
  readonly smtp: {
    readonly host: string;
    readonly port: number;
    readonly security: Security;
    readonly auth: boolean;
    /** Null: the incoming user name is used. */
    readonly username: string | null;
    /** `••••` when an SMTP password is stored; null when the incoming one is reused. */
    readonly password: string | null;
  };
  readonly limits: { perSecond: number | null; perMinute: number | null; perHour: number | null; perDay: number | null };
  readonly plusAddressing: boolean;
  readonly tlsVerify: boolean;
  readonly isDefault: boolean;
  /** The user whose personal mailbox this is; null for a shared mailbox. */
  readonly ownerUserId: number | null;
  /** The last login test (when, whether it worked, what failed); null when never checked. */
  readonly lastCheck: MailCheckView | null;
  readonly createdAt: number;
  readonly updatedAt: number;
}

/** Maps a row to its public view; never opens a sealed value. */
export function toMailAccountView(row: MailAccountRow): MailAccountView {
  const incoming =
    row.incoming_protocol && row.incoming_host && row.incoming_port && row.incoming_security && row.incoming_username
      ? {
          protocol: row.incoming_protocol,
          host: row.incoming_host,
          port: row.incoming_port,
          security: row.incoming_security,
          username: row.incoming_username,
          password: row.incoming_password_enc ? MASK : null,
        }
      : null;
  return {
    id: Number(row.id),
    name: row.name,
    displayName: row.display_name,
    email: row.email,
    replyTo: row.reply_to,
    signatureText: row.signature_text,
    signatureHtml: row.signature_html,
    provider: row.provider,
    incoming,
    leaveCopy: row.leave_copy === 1,
    smtp: {
      host: row.smtp_host,
      port: row.smtp_port,
      security: row.smtp_security,
      auth: row.smtp_auth === 1,
      username: row.smtp_username,
      password: row.smtp_password_enc ? MASK : null,
    },
    limits: {
      perSecond: row.limit_per_second,
      perMinute: row.limit_per_minute,
      perHour: row.limit_per_hour,
      perDay: row.limit_per_day,
    },
    plusAddressing: row.plus_addressing === 1,
    tlsVerify: row.verify_certificates !== 0,
    isDefault: row.is_default === 1,
    ownerUserId: row.owner_user_id === null ? null : Number(row.owner_user_id),
    lastCheck: mailCheckOf(row),
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
  };
}
