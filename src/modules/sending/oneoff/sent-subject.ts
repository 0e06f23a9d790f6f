import type { Kysely } from 'kysely';
import type { DatabaseSchema } from '../../../platform/db/index.js';
import { loadMergeCustomers } from '../../customers/index.js';
import { accountFromMailRow, type MergeContext, type TemplateRenderer } from '../../templates/index.js';

/** Stores the merged subject of a sent row, so the customer's timeline shows what they received. */
export async function recordSentSubject(db: Kysely<DatabaseSchema>, outboxId: number, subject: string): Promise<void> {
  await db.updateTable('outbox').set({ subject: subject.slice(0, 998) }).where('id', '=', outboxId).execute();
}

/**
 * The subjects rows were sent with, merged for their customer, for rows that have none stored
 * (bulk campaigns keep only the template's; one-offs store theirs, see {@link recordSentSubject}).
 * Rendered with the same compiled version and merge data as sending, dated at the send time; a
 * row whose version or customer is gone is left out (the template's subject is shown then).
 */
export async function renderSentSubjects(deps: { readonly db: Kysely<DatabaseSchema>; readonly renderer: TemplateRenderer }, outboxIds: readonly number[]): Promise<Map<number, string>> {
  const { db } = deps;
  const result = new Map<number, string>();
  if (outboxIds.length === 0) return result;
  const rows = await db
    .selectFrom('outbox')
    .innerJoin('campaigns', 'campaigns.id', 'outbox.campaign_id')
    .select(['outbox.id', 'outbox.customer_id', 'outbox.sent_at', 'outbox.created_at', 'campaigns.id as campaign_id', 'campaigns.name', 'campaigns.template_version_id', 'campaigns.mail_account_id'])
    .where('outbox.id', 'in', [...outboxIds])
    .where('outbox.channel', '=', 'email')
    .where('outbox.subject', 'is', null)
    .execute();
  if (rows.length === 0) return result;
  const customers = await loadMergeCustomers(
    db,
    rows.map((r) => Number(r.customer_id)),
  );
  const accountIds = [...new Set(rows.map((r) => r.mail_account_id).filter((id): id is number => id !== null).map(Number))];
  const accounts = new Map(
    accountIds.length === 0 ? [] : (await db.selectFrom('mail_accounts').selectAll().where('id', 'in', accountIds).execute()).map((a) => [Number(a.id), accountFromMailRow(a)] as const),
  );
  for (const row of rows) {
    const customer = customers.get(Number(row.customer_id));
    if (!customer) continue;
    try {
      const compiled = await deps.renderer.compileVersion(Number(row.template_version_id));
      const ctx: MergeContext = {
        customer,
        account: (row.mail_account_id === null ? undefined : accounts.get(Number(row.mail_account_id))) ?? { displayName: '' },
        campaign: { id: Number(row.campaign_id), name: row.name },
        links: { unsubscribe: '' },
        now: new Date(Number(row.sent_at ?? row.created_at)),
      };
      result.set(Number(row.id), compiled.renderEmail(ctx, 'send').subject);
    } catch {
      // A version that no longer compiles: the timeline keeps the template's subject for this row.
      continue;
    }
  }
  return result;
}
