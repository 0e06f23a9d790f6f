import type { Campaign } from '../ports.js';

/**
 * The column migration 0420 adds to the core `campaigns` table. Kept out of the core row type
 * (a shared contract), like the run columns of migration 0410: rows read with `selectAll()` carry
 * it at run time, and {@link copiesToSent} reads it from there.
 */
export interface CopyToSentColumn {
  /** 1: file a copy in the Sent folder; 0: don't; null: the kind's default. */
  copy_to_sent: number | null;
}

/** Whether messages of `campaign` are copied to the sender's Sent folder: the explicit flag, else on for one-offs only. */
export function copiesToSent(campaign: Campaign): boolean {
  const flag = (campaign as Campaign & Partial<CopyToSentColumn>).copy_to_sent;
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
  const flag = (parent as Campaign & Partial<CopyToSentColumn>).copy_to_sent;
  return flag === null || flag === undefined ? {} : { copy_to_sent: flag };
}
