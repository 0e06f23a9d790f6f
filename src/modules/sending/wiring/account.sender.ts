import type { Kysely } from 'kysely';
import { assertHostAllowed } from '../../../platform/net/index.js';
import { loadDkimKeyForAddress, loadMailAccount, type DkimSigningKey, type MailAccount } from '../../accounts/index.js';
import type { SecretBox } from '../../../platform/crypto/index.js';
import { TidingsError } from '../../../platform/errors/index.js';
import type { DatabaseSchema } from '../../../platform/db/index.js';
import type { Campaign, SenderResolver, SendingAccount, SentFolderSettings } from '../ports.js';
import { systemClock, type Clock } from '../../../platform/clock/index.js';

/** Options for {@link AccountSenderResolver}. */
export interface AccountSenderOptions {
  /** TIDINGS_ALLOW_PRIVATE_HOSTS: private/loopback SMTP hosts that may be contacted. */
  readonly allowPrivateHosts: string;
  /** SEND_SMTP_ALLOW_SELF_SIGNED: accept self-signed certificates for every account. */
  readonly allowSelfSigned?: boolean;
  /** How long a resolved account is reused before the row is read (and the host checked) again. */
  readonly cacheMs?: number;
  /** The time source; defaults to the system clock. */
  readonly clock?: Clock;
}

/** What {@link sendingAccountOf} adds besides the account row. */
export interface SendingExtras {
  /** The From domain's DKIM key, when it has one (accounts' `dkim_keys`). */
  readonly dkim?: DkimSigningKey | undefined;
  /** Why the SSRF guard refused the IMAP host; the Sent-folder copy is then skipped and logged. */
  readonly imapRefused?: string | undefined;
}

/** The account's IMAP mailbox for Sent-folder copies: IMAP accounts with a stored password only. */
function sentFolderOf(account: MailAccount, allowSelfSigned: boolean, refused: string | undefined): SentFolderSettings | undefined {
  const incoming = account.incoming;
  if (!incoming || incoming.protocol !== 'imap' || !incoming.password) return undefined;
  return {
    host: incoming.host,
    port: incoming.port,
    security: incoming.security,
    auth: { user: incoming.username, pass: incoming.password },
    allowSelfSigned: allowSelfSigned || !incoming.tls.rejectUnauthorized,
    refused,
  };
}

/** The pipeline's view of a mail account loaded by the accounts module. */
export function sendingAccountOf(account: MailAccount, allowSelfSigned = false, extras: SendingExtras = {}): SendingAccount {
  const limit = (n: number | null) => n ?? undefined;
  const { dkim } = extras;
  return {
    key: `mail:${account.id}`,
    fromAddress: account.email,
    fromName: account.displayName,
    replyTo: account.replyTo,
    plusAddressing: account.plusAddressing,
    smtp: {
      host: account.smtp.host,
      port: account.smtp.port,
      security: account.smtp.security,
      auth: account.smtp.auth,
      allowSelfSigned: allowSelfSigned || !account.smtp.tls.rejectUnauthorized,
    },
    limits: {
      perSecond: limit(account.limits.perSecond),
      perMinute: limit(account.limits.perMinute),
      perHour: limit(account.limits.perHour),
      perDay: limit(account.limits.perDay),
    },
    // Signs with both List-Unsubscribe headers in h= (see SmtpTransport), as Gmail/Yahoo require.
    dkim: dkim ? { domainName: dkim.domain, keySelector: dkim.selector, privateKey: dkim.privateKey } : undefined,
    sentFolder: sentFolderOf(account, allowSelfSigned, extras.imapRefused),
  };
}

/**
 * The campaign's mail account via the accounts module's `loadMailAccount` (credentials opened,
 * TLS and limits as saved), its SMTP host passed through the SSRF guard before any connection.
 */
export class AccountSenderResolver implements SenderResolver {
  private readonly cache = new Map<number, { at: number; account: Promise<SendingAccount> }>();

  constructor(
    private readonly db: Kysely<DatabaseSchema>,
    private readonly secrets: SecretBox,
    private readonly options: AccountSenderOptions,
  ) {}

  resolve(campaign: Campaign): Promise<SendingAccount> {
    const id = campaign.mail_account_id;
    if (id === null) return Promise.reject(new TidingsError('SEND_NO_ACCOUNT', `Campaign ${campaign.id} has no mailbox to send from (it was deleted). Cancel it and send again from another mailbox.`, { context: { id: campaign.id } }));
    const hit = this.cache.get(id);
    if (hit && (this.options.clock ?? systemClock).now() - hit.at < (this.options.cacheMs ?? 30_000)) return hit.account;
    const account = this.load(id);
    this.cache.set(id, { at: (this.options.clock ?? systemClock).now(), account });
    account.catch(() => this.cache.delete(id));
    return account;
  }

  /** Loads and checks one account (also used by test sends, outside any campaign). */
  async load(ref: number | string): Promise<SendingAccount> {
    const account = await loadMailAccount(this.db, this.secrets, ref);
    const guard = { allowPrivateHosts: this.options.allowPrivateHosts };
    await assertHostAllowed(account.smtp.host, guard, `SMTP host of account ${account.name}`);
    // A refused IMAP host costs only the Sent-folder copy, never the send itself.
    let imapRefused: string | undefined;
    if (account.incoming?.protocol === 'imap') {
      imapRefused = await assertHostAllowed(account.incoming.host, guard, `IMAP host of account ${account.name}`).then(
        () => undefined,
        (error: Error) => error.message,
      );
    }
    const dkim = await loadDkimKeyForAddress(this.db, this.secrets, account.email);
    return sendingAccountOf(account, this.options.allowSelfSigned, { dkim, imapRefused });
  }
}
