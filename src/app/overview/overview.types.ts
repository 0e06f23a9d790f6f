import type { DigestBirthday, DigestHoliday } from '../../modules/reminders/index.js';

/**
 * A note on an overview item that someone should act on, e.g. an SMS template still under the
 * provider's review. Empty today: the slot the SMS approval work fills (code + message to show).
 */
export interface OverviewWarning {
  readonly code: string;
  readonly message: string;
  /** The same in Chinese. */
  readonly messageZh: string;
}

/** A campaign as the overview lists it. */
export interface OverviewCampaign {
  readonly id: number;
  readonly name: string;
  readonly channel: 'email' | 'sms';
  readonly status: 'running' | 'scheduled' | 'paused';
  /** Why it is paused (as stored; the UI translates the codes it knows). */
  readonly statusReason: string | null;
  /** ISO instant of its next send; null when it will not fire again or is running now. */
  readonly nextAt: string | null;
  readonly warnings: OverviewWarning[];
}

/** A holiday ahead with the campaigns scheduled for it. */
export interface OverviewHoliday extends DigestHoliday {
  /** Scheduled campaigns whose schedule is this holiday; null for roles that may not read campaigns. */
  readonly campaigns: { readonly id: number; readonly name: string; readonly channel: 'email' | 'sms' }[] | null;
  readonly warnings: OverviewWarning[];
}

/** One SMS account's balance against its scheduled campaigns of the next 30 days. */
export interface OverviewSmsAccount {
  readonly smsAccountId: number;
  readonly name: string;
  readonly currency: string;
  readonly balanceMinor: number;
  readonly neededMinor: number;
  readonly shortMinor: number;
  /** `YYYY-MM-DD` on the reader's clock (their digest zone, else the company's) to top up by; null when the balance covers it. */
  readonly topUpBy: string | null;
  readonly campaigns: { readonly id: number; readonly name: string; readonly sends: number; readonly costMinor: number }[];
}

/** Everything the overview page shows; a section is null when the caller's role may not open it. */
export interface Overview {
  /** `YYYY-MM-DD` on the caller's clock. */
  readonly today: string;
  readonly timeZone: string;
  readonly holidays: OverviewHoliday[];
  readonly birthdays: { readonly daysAhead: number; readonly items: DigestBirthday[] } | null;
  readonly campaigns: OverviewCampaign[] | null;
  readonly inbox: { readonly mineUnread: number; readonly unfiled: number | null } | null;
  readonly sms: { readonly accounts: OverviewSmsAccount[]; readonly notCounted: { readonly id: number; readonly name: string; readonly reason: 'birthday-schedule' | 'cannot-estimate' }[] } | null;
}
