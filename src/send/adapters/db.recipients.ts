import type { Kysely } from 'kysely';
import type { DatabaseSchema } from '../../store/index.js';
import type { Campaign, Recipient, RecipientSource } from '../ports.js';

/** The audience forms this source understands: explicit customer ids, groups, or everybody (`{}`). */
interface Audience {
  customerIds?: number[];
  groupIds?: number[];
}

/**
 * Recipients straight from the core tables: each customer's primary email (else their lowest-id
 * one), paged by customer id. A stand-in until the customers module's `resolveAudience` (filters,
 * imported lists) is wired in; suppressions are applied by the campaign service either way.
 */
export class DbRecipientSource implements RecipientSource {
  constructor(private readonly db: Kysely<DatabaseSchema>) {}

  async *batches(campaign: Campaign, batchSize: number): AsyncIterable<readonly Recipient[]> {
    if (campaign.channel !== 'email') throw new Error('DbRecipientSource reads email recipients only');
    const audience = JSON.parse(campaign.audience || '{}') as Audience;
    let after = 0;
    for (;;) {
      let page = this.db.selectFrom('customers').select('id').where('id', '>', after).orderBy('id').limit(batchSize);
      if (audience.customerIds?.length) page = page.where('id', 'in', audience.customerIds);
      if (audience.groupIds?.length) {
        page = page.where('id', 'in', this.db.selectFrom('customer_groups').select('customer_id').where('group_id', 'in', audience.groupIds));
      }
      const ids = (await page.execute()).map((r) => r.id);
      if (ids.length === 0) return;
      after = ids[ids.length - 1] ?? after;
      const emails = await this.db
        .selectFrom('customer_emails')
        .select(['customer_id', 'email'])
        .where('customer_id', 'in', ids)
        .orderBy('customer_id')
        .orderBy('is_primary', 'desc')
        .orderBy('id')
        .execute();
      const batch: Recipient[] = [];
      const seen = new Set<number>();
      for (const row of emails) {
        if (seen.has(row.customer_id)) continue;
        seen.add(row.customer_id);
        batch.push({ customerId: row.customer_id, address: row.email });
      }
      if (batch.length > 0) yield batch;
      if (ids.length < batchSize) return;
    }
  }
}
