/** What the scheduler asks the send pipeline to do when something is due. */
export interface CampaignLauncher {
  /**
   * Enqueue these customers of the campaign now. Must be idempotent per
   * (campaign, customer, occurrence.key): the scheduler retries a launch whose completion it did
   * not record (crash, error) after the claim lease.
   */
  launch(campaignId: number, occurrence: LaunchOccurrence): Promise<void>;
}

/** One due occurrence handed to the launcher. */
export interface LaunchOccurrence {
  /** Stable idempotency key, e.g. `birthday:2027` or `local:2027-02-06T09:00@Europe/Berlin`. */
  readonly key: string;
  /** The customers to enqueue; undefined = the campaign's whole audience. */
  readonly customerIds?: number[];
}

/** The scheduler's time source is the platform clock; tests inject a fake one and never wait real hours. */
export { systemClock, type Clock } from '../../platform/clock/index.js';
