/** Shapes of the campaign API as the screens read them, generated from src/api/schemas/campaign.schemas.ts. */
import type { ApiResponse, Item } from '../../api/shapes.js';

type ServedDetail = ApiResponse<'/api/campaigns/{id}'>;
/** GET /api/campaigns/{id}: the campaign and its progress. */
export type CampaignDetail = Omit<ServedDetail, 'progress'> & { readonly progress: Progress };
/** A campaign as GET /api/campaigns lists it. */
export type Campaign = Item<ApiResponse<'/api/campaigns'>>;
export type CampaignStatus = Campaign['status'];
export const CAMPAIGN_STATUSES = ['draft', 'scheduled', 'running', 'paused', 'cancelled', 'finished', 'failed'] as const satisfies readonly CampaignStatus[];

/**
 * Progress: messages per state, rate and time left. The server's `counts` is a zod record over
 * every state; its JSON Schema keeps only "numbers by name", so the keys are restored here.
 */
export type Progress = Omit<ServedDetail['progress'], 'counts'> & { readonly counts: Readonly<Record<MessageState, number>> };
/** Opens and clicks, on campaigns with tracking on. */
export type TrackingCounts = NonNullable<Progress['tracking']>;

/** One message of a campaign (GET /api/campaigns/{id}/messages). */
export type CampaignMessage = Item<ApiResponse<'/api/campaigns/{id}/messages'>['items']>;
export type MessageState = CampaignMessage['state'];
export const MESSAGE_STATES = ['queued', 'sending', 'sent', 'failed', 'deferred', 'unknown', 'suppressed', 'cancelled'] as const satisfies readonly MessageState[];

/** SMS cost estimate (GET /api/campaigns/{id}/estimate, POST /api/campaigns/estimate). */
export type Estimate = ApiResponse<'/api/campaigns/estimate', 'post'>;

/** POST /api/audience/preview. */
export type AudienceCounts = ApiResponse<'/api/audience/preview', 'post'>;

/** Messages done (no longer waiting): everything but queued, deferred and sending. */
export function doneCount(progress: Progress): number {
  return progress.total - progress.remaining;
}
