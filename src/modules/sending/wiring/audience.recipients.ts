import type { Kysely } from 'kysely';
import { AudienceSelectionSchema, resolveAudience } from '../../customers/index.js';
import { TidingsError } from '../../../platform/errors/index.js';
import type { DatabaseSchema } from '../../../platform/db/index.js';
import type { Campaign, Recipient, RecipientSource } from '../ports.js';

/** Options for {@link AudienceRecipientSource}. */
export interface AudienceRecipientSourceOptions {
  /** Decides "today" for birthday filters (TIDINGS_DEFAULT_TIMEZONE). */
  readonly timeZone: string;
  /** Region for national numbers in filters and list files (TIDINGS_DEFAULT_REGION). */
  readonly region: string;
}

/**
 * A campaign's recipients from the customers module: the audience JSON (customer ids, groups,
 * saved or ad-hoc filters, a list file) resolved with `resolveAudience` — primary address on the
 * campaign's channel, suppressed and address-less customers left out.
 */
export class AudienceRecipientSource implements RecipientSource {
  constructor(
    private readonly db: Kysely<DatabaseSchema>,
    private readonly options: AudienceRecipientSourceOptions,
  ) {}

  async *batches(campaign: Campaign, batchSize: number): AsyncIterable<readonly Recipient[]> {
    let json: unknown;
    try {
      json = JSON.parse(campaign.audience || '{}');
    } catch (cause) {
      throw new TidingsError('VALIDATION_FAILED', `Campaign ${campaign.id} has an audience that is not JSON.`, { cause, context: { id: campaign.id } });
    }
    const parsed = AudienceSelectionSchema.safeParse(json);
    if (!parsed.success) {
      const problems = parsed.error.issues.map((i) => `${i.path.join('.') || 'audience'}: ${i.message}`).join('; ');
      throw new TidingsError('VALIDATION_FAILED', `Campaign ${campaign.id} has an invalid audience: ${problems}`, { context: { id: campaign.id } });
    }
    yield* resolveAudience(this.db, {
      channel: campaign.channel,
      selection: parsed.data,
      batchSize,
      timeZone: this.options.timeZone,
      region: this.options.region,
    });
  }
}
