/** Shapes of the campaign API as the screens read them (src/api/schemas/campaign.schemas.ts). */

export const CAMPAIGN_STATUSES = ['draft', 'scheduled', 'running', 'paused', 'cancelled', 'finished', 'failed'] as const;
export type CampaignStatus = (typeof CAMPAIGN_STATUSES)[number];

export const MESSAGE_STATES = ['queued', 'sending', 'sent', 'failed', 'deferred', 'unknown', 'suppressed', 'cancelled'] as const;
export type MessageState = (typeof MESSAGE_STATES)[number];

/** A campaign (GET /api/campaigns). */
export interface Campaign {
  readonly id: number;
  readonly name: string;
  readonly channel: 'email' | 'sms';
  readonly kind: 'bulk' | 'oneoff';
  readonly mailAccountId: number | null;
  readonly smsAccountId: number | null;
  readonly templateVersionId: number;
  readonly audience: Readonly<Record<string, unknown>>;
  readonly schedule: Readonly<Record<string, unknown>> | null;
  readonly status: CampaignStatus;
  readonly statusReason: string | null;
  readonly tracking: boolean;
  readonly createdBy: string | null;
  readonly createdAt: number;
  readonly startedAt: number | null;
  readonly finishedAt: number | null;
  readonly updatedAt: number;
}

/** Opens and clicks, on campaigns with tracking on. */
export interface TrackingCounts {
  readonly opened: number;
  readonly clicked: number;
  readonly opens: number;
  readonly clicks: number;
}

/** Progress: messages per state, rate and time left. */
export interface Progress {
  readonly id: number;
  readonly status: CampaignStatus;
  readonly statusReason: string | null;
  readonly total: number;
  readonly counts: Readonly<Record<MessageState, number>>;
  readonly remaining: number;
  readonly ratePerSecond: number;
  readonly etaSeconds: number | null;
  readonly materialized: boolean;
  readonly tracking?: TrackingCounts;
}

/** GET /api/campaigns/{id}. */
export interface CampaignDetail extends Campaign {
  readonly progress: Progress;
}

/** One message of a campaign (GET /api/campaigns/{id}/messages). */
export interface CampaignMessage {
  readonly id: number;
  readonly customerId: number;
  readonly address: string;
  readonly state: MessageState;
  readonly attempts: number;
  readonly errorCode: string | null;
  readonly error: string | null;
  readonly messageId: string | null;
  readonly parts: number | null;
  readonly costMinor: number | null;
  readonly nextAttemptAt: number | null;
  readonly sentAt: number | null;
  readonly updatedAt: number;
  readonly opens?: number;
  readonly clicks?: number;
}

/** SMS cost estimate (GET /api/campaigns/{id}/estimate, POST /api/campaigns/estimate). */
export interface Estimate {
  readonly provider: 'twilio' | 'aliyun' | 'smpp';
  readonly selected: number;
  readonly recipients: number;
  readonly suppressed: number;
  readonly noAddress: number;
  readonly characters: number;
  readonly encoding: 'GSM-7' | 'UCS-2';
  readonly partsPerMessage: number;
  readonly priceMinor: number;
  readonly costMinor: number;
  readonly currency: string;
  readonly balanceMinor: number;
  readonly sufficient: boolean;
}

/** POST /api/audience/preview. */
export interface AudienceCounts {
  readonly everybody: boolean;
  readonly total: number;
  readonly reachable: number;
  readonly suppressed: number;
  readonly noAddress: number;
}

/** Messages done (no longer waiting): everything but queued, deferred and sending. */
export function doneCount(progress: Progress): number {
  return progress.total - progress.remaining;
}
