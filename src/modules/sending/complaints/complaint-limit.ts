import type { Kysely } from 'kysely';
import type { DatabaseSchema } from '../../../platform/db/index.js';
import { pauseCampaign } from '../campaign.store.js';
import { campaignComplaintCounts, runningCampaignsWithComplaints, type ComplaintCounts } from './complaint.store.js';

/**
 * When a campaign's complaints pause it: more than `maxBasisPoints` (hundredths of a percent)
 * complaints per delivered message, once at least `minDelivered` messages were delivered.
 */
export interface ComplaintLimit {
  /** 30 = 0.3 %, the spam-rate ceiling the large mailbox providers publish for bulk senders. */
  readonly maxBasisPoints: number;
  /**
   * Below this many delivered messages the rate says little and never pauses. 500 by default:
   * with the 0.3 % bound that is more than 1 / 0.3 % (≈ 334), so one stray complaint can never
   * pause a campaign on its own; it takes two in 500 (0.4 %), four in 1,000.
   */
  readonly minDelivered: number;
}

export const DEFAULT_COMPLAINT_LIMIT: ComplaintLimit = { maxBasisPoints: 30, minDelivered: 500 };

/** The code a complaint pause's reason starts with (the web UI translates reasons by it). */
export const COMPLAINT_PAUSE_CODE = 'SEND_COMPLAINT_RATE';

/** Complaints ÷ delivered, 0 when nothing was delivered. */
export const complaintRate = (counts: ComplaintCounts): number => (counts.delivered === 0 ? 0 : counts.complaints / counts.delivered);

/** True when the counts pass the limit (strictly above the bound, after the minimum sample). Exact: integers only. */
export function complaintLimitPassed(counts: ComplaintCounts, limit: ComplaintLimit): boolean {
  return counts.delivered >= limit.minDelivered && counts.complaints * 10_000 > limit.maxBasisPoints * counts.delivered;
}

/** A percentage with at most two decimals and no trailing zeros: 0.6, 0.25, 3. */
export function formatPercent(fraction: number): string {
  return String(Math.round(fraction * 10_000) / 100);
}

/**
 * The pause reason, in words a marketer understands:
 * "SEND_COMPLAINT_RATE: Paused: 3 complaints in 500 delivered (0.6 %), above the 0.3 % limit. …"
 * (the web UI shows it in the reader's language, matching this wording).
 */
export function complaintPauseReason(counts: ComplaintCounts, limit: ComplaintLimit): string {
  const noun = counts.complaints === 1 ? 'complaint' : 'complaints';
  return (
    `${COMPLAINT_PAUSE_CODE}: Paused: ${counts.complaints} ${noun} in ${counts.delivered} delivered (${formatPercent(complaintRate(counts))} %), ` +
    `above the ${formatPercent(limit.maxBasisPoints / 10_000)} % limit. Check the audience and content before resuming.`
  );
}

/** Pauses campaign `campaignId` if it is running and its complaint rate passed the limit; returns the reason when this call paused it. */
export async function pauseOnComplaintRate(db: Kysely<DatabaseSchema>, campaignId: number, limit: ComplaintLimit): Promise<string | undefined> {
  const counts = await campaignComplaintCounts(db, campaignId);
  if (!complaintLimitPassed(counts, limit)) return undefined;
  const reason = complaintPauseReason(counts, limit);
  return (await pauseCampaign(db, campaignId, reason)) ? reason : undefined;
}

/**
 * Checks every running campaign with a complaint since it was started or resumed (the sweeper
 * runs it, so a campaign that reaches the minimum sample after its complaints still pauses);
 * returns the ids it paused. A person who resumes a paused campaign overrides the pause until
 * the next complaint, which pauses it again while the rate is still above the bound.
 */
export async function pauseCampaignsOverComplaintLimit(db: Kysely<DatabaseSchema>, limit: ComplaintLimit): Promise<number[]> {
  const paused: number[] = [];
  for (const id of await runningCampaignsWithComplaints(db)) {
    if (await pauseOnComplaintRate(db, id, limit)) paused.push(id);
  }
  return paused;
}
