import type { Kysely } from 'kysely';
import { AudienceSelectionSchema, resolveAudience } from '../../customers/index.js';
import type { Campaign, Recipient, RecipientSource } from '../../send/index.js';
import type { DatabaseSchema } from '../../store/index.js';

/**
 * Recipients of a campaign through the customers module's `resolveAudience`: the whole audience
 * language (customer ids, groups, saved and ad-hoc filters) on either channel, one primary
 * address per customer, suppressed and address-less customers left out. The send module's own
 * DbRecipientSource reads email ids and groups only.
 */
export class AudienceRecipientSource implements RecipientSource {
  constructor(
    private readonly db: Kysely<DatabaseSchema>,
    private readonly options: { readonly timeZone: string; readonly region: string },
  ) {}

  async *batches(campaign: Campaign, batchSize: number): AsyncIterable<readonly Recipient[]> {
    const selection = AudienceSelectionSchema.parse(JSON.parse(campaign.audience || '{}'));
    yield* resolveAudience(this.db, { channel: campaign.channel, selection, batchSize, ...this.options });
  }
}
