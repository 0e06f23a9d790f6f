import type { Campaign } from '../ports.js';

/** The column migration 0420 adds to `campaigns`, as a campaigns insert takes it. */
export interface CopyToSentColumn {
  /** 1: file a copy in the Sent folder; 0: don't; null: the kind's default. */
  copy_to_sent: number | null;
}

/** Whether messages of `campaign` are copied to the sender's Sent folder: the explicit flag, else on for one-offs only. */
export function copiesToSent(campaign: Campaign): boolean {
  const flag = campaign.copy_to_sent;
  return flag === null || flag === undefined ? campaign.kind === 'oneoff' : flag === 1;
}

/**
 * Columns to spread into a campaigns insert: nothing when the creator did not choose (the kind
 * decides), else the explicit flag.
 */
export function copyToSentValues(copyToSent: boolean | null | undefined): Partial<CopyToSentColumn> {
  return copyToSent === undefined || copyToSent === null ? {} : { copy_to_sent: copyToSent ? 1 : 0 };
}

/** A child campaign's value: the parent's stored flag, copied as is. */
export function inheritedCopyToSent(parent: Campaign): Partial<CopyToSentColumn> {
  const flag = parent.copy_to_sent;
  return flag === null || flag === undefined ? {} : { copy_to_sent: flag };
}
