import type { Generated } from 'kysely';

/**
 * A person's reminder settings. No row means the defaults (digest on, 7 days ahead, 08:00 on the
 * company's clock, in the company's language), so existing users need no migration of data.
 */
export interface ReminderSettingsTable {
  user_id: number;
  /** 1 = send the morning digest (when the person has an email address and is enabled). */
  digest_enabled: number;
  /** Birthdays this many days ahead, today being day 0 (1–60). */
  days_ahead: number;
  /** `HH:mm` on the person's clock. */
  send_time: string;
  /** IANA zone; null = the company's. */
  time_zone: string | null;
  /** `en` or `zh-CN`; null = the company's language. */
  language: string | null;
  updated_at: number;
}

/**
 * One row per digest sent (or being sent): the unique (user_id, local_date) pair is the claim
 * that makes a digest go out at most once per person and local day, whatever the number of
 * workers or restarts.
 */
export interface ReminderDigestsTable {
  id: Generated<number>;
  user_id: number;
  /** `YYYY-MM-DD` on the person's clock when it was due. */
  local_date: string;
  /** `claimed` while being sent, then `sent`. A failed send deletes the claim (tried again next tick). */
  state: string;
  claimed_at: number;
  sent_at: number | null;
  /** The SMTP server's answer, for support ("250 2.0.0 Ok: queued as …"). */
  response: string | null;
}

/** The tables of src/modules/reminders. */
export interface RemindersTables {
  reminder_settings: ReminderSettingsTable;
  reminder_digests: ReminderDigestsTable;
}

declare module '../../platform/db/schema.js' {
  // Registers this module's tables in the store's schema (see DatabaseSchema).
  interface DatabaseSchema extends RemindersTables {}
}
