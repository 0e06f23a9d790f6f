import { readFile } from 'node:fs/promises';
import type { Kysely } from 'kysely';
import { TidingsError } from '../../../platform/errors/index.js';
import type { DatabaseSchema } from '../../../platform/db/index.js';
import { accountFromMailRow, type MergeAccount, type MergeContext, type TemplateRenderer } from '../../templates/index.js';
import { unsubscribeMailto, unsubscribeUrl, type UnsubscribeTokens } from '../unsubscribe.token.js';
import type { Campaign, ComposedAttachment, ComposedMessage, MessageComposer, OutboxRow } from '../ports.js';
import type { MergeCustomerCache } from './merge-customers.cache.js';
import { systemClock, type Clock } from '../../../platform/clock/index.js';

/** Options for {@link TemplateComposer}. */
export interface TemplateComposerOptions {
  readonly db: Kysely<DatabaseSchema>;
  /** One per process: compiles each template version once. */
  readonly renderer: TemplateRenderer;
  readonly customers: MergeCustomerCache;
  /** TIDINGS_PUBLIC_URL: one-click unsubscribe links point there; without it a mailto link is merged. */
  readonly publicUrl?: string | undefined;
  /** Signs the recipient's unsubscribe token (the same one the List-Unsubscribe header carries). */
  readonly unsubscribe: UnsubscribeTokens;
  /** How long a sender's signature and name are reused. */
  readonly accountCacheMs?: number;
  /** The time source; defaults to the system clock. */
  readonly clock?: Clock;
}

/**
 * Renders the campaign's template version for one outbox row with the templates module: the
 * customer (batch-loaded), the sending account's name and signature, the campaign and the
 * recipient's unsubscribe link. `send` mode: a missing value renders empty rather than failing the
 * message. A broken version or a deleted customer throws, and the row fails with the reason.
 */
export class TemplateComposer implements MessageComposer {
  private readonly accounts = new Map<number, { at: number; account: Promise<MergeAccount> }>();

  constructor(private readonly options: TemplateComposerOptions) {}

  async compose(row: OutboxRow, campaign: Campaign): Promise<ComposedMessage> {
    const [compiled, customer, account] = await Promise.all([
      this.options.renderer.compileVersion(campaign.template_version_id),
      this.options.customers.forRow(row),
      this.account(campaign),
    ]);
    if (!customer) throw new TidingsError('NOT_FOUND', `Customer ${row.customer_id} no longer exists.`, { context: { customerId: row.customer_id } });
    const ctx: MergeContext = {
      customer,
      account,
      campaign: { id: campaign.id, name: campaign.name },
      links: { unsubscribe: this.unsubscribeLink(row, campaign, account) },
      now: (this.options.clock ?? systemClock).date(),
    };
    const rendered = compiled.renderEmail(ctx, 'send');
    const attachments: ComposedAttachment[] = await Promise.all(
      rendered.attachments.map(async (a) => ({
        filename: a.filename,
        contentType: a.contentType,
        content: a.content ?? (a.path ? await readFile(a.path) : Buffer.alloc(0)),
      })),
    );
    return {
      subject: rendered.subject,
      text: rendered.text,
      language: rendered.variant.language,
      ...(rendered.html ? { html: rendered.html } : {}),
      ...(attachments.length > 0 ? { attachments } : {}),
    };
  }

  private unsubscribeLink(row: OutboxRow, campaign: Campaign, account: MergeAccount): string {
    if (campaign.kind === 'oneoff') return '';
    const token = this.options.unsubscribe.sign({ id: Number(row.id), channel: row.channel, address: row.address });
    if (this.options.publicUrl) return unsubscribeUrl(this.options.publicUrl, token);
    // The same request the List-Unsubscribe mailto makes; the inbox honours it for this token only.
    return account.email ? unsubscribeMailto(account.email, token) : '';
  }

  private account(campaign: Campaign): Promise<MergeAccount> {
    const id = campaign.mail_account_id;
    if (id === null) return Promise.reject(new TidingsError('SEND_NO_ACCOUNT', `Campaign ${campaign.id} has no mail account.`));
    const hit = this.accounts.get(id);
    if (hit && (this.options.clock ?? systemClock).now() - hit.at < (this.options.accountCacheMs ?? 30_000)) return hit.account;
    const account = this.options.db
      .selectFrom('mail_accounts')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst()
      .then((r) => {
        if (!r) throw new TidingsError('SEND_NO_ACCOUNT', `Mail account ${id} of campaign ${campaign.id} no longer exists.`);
        return accountFromMailRow(r);
      });
    this.accounts.set(id, { at: (this.options.clock ?? systemClock).now(), account });
    account.catch(() => this.accounts.delete(id));
    return account;
  }
}
