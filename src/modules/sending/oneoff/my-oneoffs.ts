import type { Kysely } from 'kysely';
import type { DatabaseSchema } from '../../../platform/db/index.js';

/** One of a writer's one-offs as their "Sent" list shows it. */
export interface MyOneoff {
  readonly campaignId: number;
  readonly createdAt: number;
  /** The subject as the first recipient received it (merged), else the template's. */
  readonly subject: string | null;
  readonly recipients: number;
  readonly sent: number;
  /** Failed, bounced, suppressed, unknown or cancelled: did not (or may not have) arrive. */
  readonly notDelivered: number;
  /** Still queued, deferred or being sent. */
  readonly pending: number;
}

const PENDING = new Set(['queued', 'deferred', 'sending']);

/** The one-offs `username` wrote, newest first (a sales rep's own "Sent" list). */
export async function myOneoffs(db: Kysely<DatabaseSchema>, username: string, limit = 100): Promise<MyOneoff[]> {
  const campaigns = await db
    .selectFrom('campaigns')
    .leftJoin('template_versions', 'template_versions.id', 'campaigns.template_version_id')
    .select(['campaigns.id', 'campaigns.created_at', 'template_versions.subject'])
    .where('campaigns.kind', '=', 'oneoff')
    .where('campaigns.created_by', '=', username)
    .orderBy('campaigns.id', 'desc')
    .limit(limit)
    .execute();
  if (campaigns.length === 0) return [];
  const rows = await db
    .selectFrom('outbox')
    .select(['campaign_id', 'state', 'subject'])
    .where(
      'campaign_id',
      'in',
      campaigns.map((c) => Number(c.id)),
    )
    .orderBy('id')
    .execute();
  return campaigns.map((c) => {
    const mine = rows.filter((r) => Number(r.campaign_id) === Number(c.id));
    const sent = mine.filter((r) => r.state === 'sent').length;
    const pending = mine.filter((r) => PENDING.has(r.state)).length;
    return {
      campaignId: Number(c.id),
      createdAt: Number(c.created_at),
      subject: mine.find((r) => r.subject !== null)?.subject ?? c.subject ?? null,
      recipients: mine.length,
      sent,
      notDelivered: mine.length - sent - pending,
      pending,
    };
  });
}
