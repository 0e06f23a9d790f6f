import type { Kysely } from 'kysely';
import { resolveAudience, type AudienceSelection } from '../../src/modules/customers/index.js';
import type { Campaign, ComposedMessage, MessageComposer, OutboxRow, Recipient, RecipientSource } from '../../src/modules/sending/index.js';
import { unsubscribeUrl } from '../../src/modules/sending/index.js';
import type { DatabaseSchema } from '../../src/platform/db/index.js';
import { loadMergeCustomer } from '../../src/modules/customers/index.js';
import { loadMailAccount, type MergeAccount, type TemplateRenderer } from '../../src/modules/templates/index.js';

type Db = Kysely<DatabaseSchema>;

/**
 * The send pipeline's MessageComposer over the templates module, as the app wires it: the
 * campaign's version compiled once (MJML + Handlebars, cached by TemplateRenderer), then merged
 * per recipient with the customer's record, the account's signature and the unsubscribe link.
 * (The bench carries its own until the team lead's composer lands in src/send.)
 */
export class TemplateComposer implements MessageComposer {
  private readonly accounts = new Map<number, Promise<MergeAccount | undefined>>();

  constructor(
    private readonly db: Db,
    private readonly renderer: TemplateRenderer,
    private readonly publicUrl: string,
  ) {}

  async compose(row: OutboxRow, campaign: Campaign): Promise<ComposedMessage> {
    const compiled = await this.renderer.compileVersion(campaign.template_version_id);
    const [customer, account] = await Promise.all([loadMergeCustomer(this.db, row.customer_id), this.account(campaign)]);
    const rendered = compiled.renderEmail(
      {
        customer,
        account: account ?? { displayName: '' },
        campaign: { id: campaign.id, name: campaign.name },
        links: { unsubscribe: unsubscribeUrl(this.publicUrl, row.reply_token) },
        now: new Date(),
      },
      'send',
    );
    return {
      subject: rendered.subject,
      text: rendered.text,
      ...(rendered.html ? { html: rendered.html } : {}),
      attachments: rendered.attachments.flatMap((a) => (a.content ? [{ filename: a.filename, content: a.content, contentType: a.contentType }] : [])),
    };
  }

  private account(campaign: Campaign): Promise<MergeAccount | undefined> {
    const id = campaign.mail_account_id ?? undefined;
    const key = id ?? 0;
    let hit = this.accounts.get(key);
    if (!hit) this.accounts.set(key, (hit = loadMailAccount(this.db, id)));
    return hit;
  }
}

/** Recipients through the customers module's `resolveAudience` (selection = the campaign's audience JSON). */
export class AudienceRecipientSource implements RecipientSource {
  constructor(private readonly db: Db) {}

  async *batches(campaign: Campaign, batchSize: number): AsyncIterable<readonly Recipient[]> {
    const selection = JSON.parse(campaign.audience || '{}') as AudienceSelection;
    yield* resolveAudience(this.db, { channel: campaign.channel, selection, batchSize });
  }
}
