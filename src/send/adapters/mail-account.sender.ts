import type { Kysely } from 'kysely';
import type { SecretBox } from '../../crypto/index.js';
import { TidingsError } from '../../errors/index.js';
import type { DatabaseSchema } from '../../store/index.js';
import type { Campaign, SenderResolver, SendingAccount } from '../ports.js';

/** Options for {@link MailAccountSenderResolver}. */
export interface MailAccountSenderOptions {
  /** How long a resolved account is reused before the row is read again. */
  readonly cacheMs?: number;
  /** Accept self-signed server certificates (test servers). */
  readonly allowSelfSigned?: boolean;
}

/**
 * Reads the campaign's mail account from the core `mail_accounts` table and opens its SMTP
 * password. A stand-in for the accounts module's `loadMailAccount`.
 */
export class MailAccountSenderResolver implements SenderResolver {
  private readonly cache = new Map<number, { at: number; account: SendingAccount }>();

  constructor(
    private readonly db: Kysely<DatabaseSchema>,
    private readonly secrets: SecretBox,
    private readonly options: MailAccountSenderOptions = {},
  ) {}

  async resolve(campaign: Campaign): Promise<SendingAccount> {
    const id = campaign.mail_account_id;
    if (id === null) throw new TidingsError('SEND_NO_ACCOUNT', `Campaign ${campaign.id} has no mail account.`);
    const hit = this.cache.get(id);
    if (hit && Date.now() - hit.at < (this.options.cacheMs ?? 30_000)) return hit.account;
    const a = await this.db.selectFrom('mail_accounts').selectAll().where('id', '=', id).executeTakeFirst();
    if (!a) throw new TidingsError('SEND_NO_ACCOUNT', `Mail account ${id} of campaign ${campaign.id} no longer exists.`);
    const password = a.smtp_password_enc ?? a.incoming_password_enc;
    const user = a.smtp_username ?? a.incoming_username ?? a.email;
    const account: SendingAccount = {
      key: `mail:${a.id}`,
      fromAddress: a.email,
      fromName: a.display_name,
      replyTo: a.reply_to ?? undefined,
      plusAddressing: a.plus_addressing === 1,
      smtp: {
        host: a.smtp_host,
        port: a.smtp_port,
        security: a.smtp_security,
        auth: a.smtp_auth === 1 && password ? { user, pass: this.secrets.open(password) } : undefined,
        allowSelfSigned: this.options.allowSelfSigned ?? false,
      },
      limits: {
        perSecond: a.limit_per_second ?? undefined,
        perMinute: a.limit_per_minute ?? undefined,
        perHour: a.limit_per_hour ?? undefined,
        perDay: a.limit_per_day ?? undefined,
      },
    };
    this.cache.set(id, { at: Date.now(), account });
    return account;
  }
}
