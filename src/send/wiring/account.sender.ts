import type { Kysely } from 'kysely';
import { assertHostAllowed, loadMailAccount, type MailAccount } from '../../accounts/index.js';
import type { SecretBox } from '../../crypto/index.js';
import { TidingsError } from '../../errors/index.js';
import type { DatabaseSchema } from '../../store/index.js';
import type { Campaign, SenderResolver, SendingAccount } from '../ports.js';

/** Options for {@link AccountSenderResolver}. */
export interface AccountSenderOptions {
  /** TIDINGS_ALLOW_PRIVATE_HOSTS: private/loopback SMTP hosts that may be contacted. */
  readonly allowPrivateHosts: string;
  /** SEND_SMTP_ALLOW_SELF_SIGNED: accept self-signed certificates for every account. */
  readonly allowSelfSigned?: boolean;
  /** How long a resolved account is reused before the row is read (and the host checked) again. */
  readonly cacheMs?: number;
}

/** The pipeline's view of a mail account loaded by the accounts module. */
export function sendingAccountOf(account: MailAccount, allowSelfSigned = false): SendingAccount {
  const limit = (n: number | null) => n ?? undefined;
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
    if (id === null) return Promise.reject(new TidingsError('SEND_NO_ACCOUNT', `Campaign ${campaign.id} has no mail account.`, { context: { id: campaign.id } }));
    const hit = this.cache.get(id);
    if (hit && Date.now() - hit.at < (this.options.cacheMs ?? 30_000)) return hit.account;
    const account = this.load(id);
    this.cache.set(id, { at: Date.now(), account });
    account.catch(() => this.cache.delete(id));
    return account;
  }

  /** Loads and checks one account (also used by test sends, outside any campaign). */
  async load(ref: number | string): Promise<SendingAccount> {
    const account = await loadMailAccount(this.db, this.secrets, ref);
    await assertHostAllowed(account.smtp.host, { allowPrivateHosts: this.options.allowPrivateHosts }, `SMTP host of account ${account.name}`);
    return sendingAccountOf(account, this.options.allowSelfSigned);
  }
}
