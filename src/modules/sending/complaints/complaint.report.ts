import type { Kysely } from 'kysely';
import type { DatabaseSchema } from '../../../platform/db/index.js';
import { TidingsError } from '../../../platform/errors/index.js';
import { getCampaign } from '../campaign.store.js';
import { complaintRate, type ComplaintLimit } from './complaint-limit.js';
import { accountComplaintCounts, campaignComplaintCounts, type ComplaintCounts } from './complaint.store.js';

/** Counts with their rate (complaints ÷ delivered, a fraction: 0.006 is 0.6 %). */
export interface ComplaintRate extends ComplaintCounts {
  readonly rate: number;
}

/** A campaign's complaint rate, its sending mailbox's, and the bound that pauses campaigns. */
export interface CampaignComplaintReport {
  readonly campaignId: number;
  readonly campaign: ComplaintRate;
  /** The campaign's mailbox over all its campaigns; null for SMS campaigns or without a mailbox. */
  readonly account: (ComplaintRate & { readonly mailAccountId: number }) | null;
  readonly limit: { readonly maxRate: number; readonly minDelivered: number };
}

const withRate = (counts: ComplaintCounts): ComplaintRate => ({ ...counts, rate: complaintRate(counts) });

/** The complaint figures the campaign screen shows (GET /api/campaigns/{id}/complaints). */
export async function campaignComplaintReport(db: Kysely<DatabaseSchema>, campaignId: number, limit: ComplaintLimit): Promise<CampaignComplaintReport> {
  const campaign = await getCampaign(db, campaignId);
  if (!campaign) throw new TidingsError('NOT_FOUND', `No campaign ${campaignId}.`, { context: { id: campaignId } });
  const accountId = campaign.channel === 'email' && campaign.mail_account_id !== null ? Number(campaign.mail_account_id) : null;
  return {
    campaignId,
    campaign: withRate(await campaignComplaintCounts(db, campaignId)),
    account: accountId === null ? null : { mailAccountId: accountId, ...withRate(await accountComplaintCounts(db, accountId)) },
    limit: { maxRate: limit.maxBasisPoints / 10_000, minDelivered: limit.minDelivered },
  };
}

/** One sending mailbox's complaint rate over all its campaigns (GET /api/accounts/{id}/complaints). */
export async function accountComplaintRate(db: Kysely<DatabaseSchema>, mailAccountId: number): Promise<ComplaintRate> {
  return withRate(await accountComplaintCounts(db, mailAccountId));
}
