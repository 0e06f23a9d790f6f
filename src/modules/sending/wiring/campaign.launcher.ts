import type { Kysely } from 'kysely';
import { TidingsError } from '../../../platform/errors/index.js';
import type { CampaignLauncher, LaunchOccurrence } from '../../schedule/index.js';
import type { CampaignService } from '../campaign.service.js';
import type { Campaign } from '../ports.js';
import { inheritedCopyToSent } from '../sent-copy/copy-to-sent.js';
import type { SendingTables } from '../send.tables.js';
import { systemClock, type Clock } from '../../../platform/clock/index.js';

/**
 * The schedule module's launcher on the send pipeline. The outbox is unique per (campaign,
 * customer, channel), so each occurrence of a standing campaign runs as a child campaign keyed by
 * (parent, occurrence key): created with INSERT … ON CONFLICT DO NOTHING, then started — both
 * idempotent, so a launch the scheduler retries after a crash never sends twice. A key that comes
 * back with more customers (`birthday:2027`, day after day) adds them to the same run, which is
 * what makes "at most one birthday greeting per customer and year" hold.
 */
export class SendCampaignLauncher implements CampaignLauncher {
  constructor(
    private readonly db: Kysely<SendingTables>,
    private readonly campaigns: () => Promise<CampaignService>,
    private readonly clock: Clock = systemClock,
  ) {}

  async launch(campaignId: number, occurrence: LaunchOccurrence): Promise<void> {
    const child = await this.occurrenceRun(campaignId, occurrence);
    const campaigns = await this.campaigns();
    const fresh = child.status === 'draft';
    await campaigns.start(child.id);
    // A run created by an earlier launch of the same key: this launch's customers join it.
    if (!fresh && occurrence.customerIds?.length) await campaigns.addRecipients(child.id, occurrence.customerIds);
  }

  /** The child campaign of this occurrence, created on first sight (copying the parent's settings). */
  async occurrenceRun(parentId: number, occurrence: LaunchOccurrence): Promise<Campaign> {
    const { db } = this;
    const parent = await db.selectFrom('campaigns').selectAll().where('id', '=', parentId).executeTakeFirst();
    if (!parent) throw new TidingsError('NOT_FOUND', `No campaign ${parentId} to launch.`, { context: { id: parentId } });
    if (parent.parent_id !== null) {
      throw new TidingsError('SEND_CAMPAIGN_STATE', `Campaign ${parentId} is itself an occurrence of campaign ${parent.parent_id}.`, { context: { id: parentId } });
    }
    const now = this.clock.now();
    await db
      .insertInto('campaigns')
      .values({
        name: `${parent.name} [${occurrence.key}]`.slice(0, 500),
        channel: parent.channel,
        kind: parent.kind,
        mail_account_id: parent.mail_account_id,
        sms_account_id: parent.sms_account_id,
        template_version_id: parent.template_version_id,
        audience: occurrence.customerIds ? JSON.stringify({ customerIds: occurrence.customerIds }) : parent.audience,
        // Null: the scheduler looks only at campaigns with a schedule, so a run never fires again.
        schedule: null,
        status: 'draft',
        status_reason: null,
        tracking: parent.tracking,
        created_by: parent.created_by,
        created_at: now,
        started_at: null,
        finished_at: null,
        updated_at: now,
        parent_id: parentId,
        occurrence_key: occurrence.key,
        ...inheritedCopyToSent(parent),
      })
      .onConflict((oc) => oc.columns(['parent_id', 'occurrence_key']).doNothing())
      .execute();
    const child = await db
      .selectFrom('campaigns')
      .selectAll()
      .where('parent_id', '=', parentId)
      .where('occurrence_key', '=', occurrence.key)
      .executeTakeFirstOrThrow();
    // The standing campaign shows as running once its first occurrence went out.
    if (parent.status === 'scheduled') {
      await db.updateTable('campaigns').set({ status: 'running', started_at: now, updated_at: now }).where('id', '=', parentId).where('status', '=', 'scheduled').execute();
    }
    return child;
  }
}
