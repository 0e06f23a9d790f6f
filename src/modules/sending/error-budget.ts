import type { Kysely } from 'kysely';
import type { SendingTables } from './send.tables.js';

/** Pause a campaign when more than `percent` of its last `window` outcomes failed permanently. */
export interface ErrorBudget {
  readonly percent: number;
  readonly window: number;
}

/**
 * True when the campaign has spent its error budget. Needs a full window first, so the first
 * failure of a tiny campaign does not pause it. Permanent failures are usually a bad list or a
 * blocked sender; carrying on burns the account's reputation.
 */
export async function errorBudgetSpent(db: Kysely<SendingTables>, campaignId: number, budget: ErrorBudget): Promise<boolean> {
  const recent = await db
    .selectFrom('outbox')
    .select('state')
    .where('campaign_id', '=', campaignId)
    .where('state', 'in', ['sent', 'failed'])
    .orderBy('updated_at', 'desc')
    .limit(budget.window)
    .execute();
  if (recent.length < budget.window) return false;
  const failed = recent.filter((r) => r.state === 'failed').length;
  return (failed * 100) / recent.length > budget.percent;
}
