import type { Birthday } from './birthday.parser.js';
import type { CustomValue } from './custom-fields.js';
import type { LunarBirthday } from './lunar-birthday.parser.js';

/** The calendar a customer's birthday is celebrated in. */
export type BirthdayCalendar = 'gregorian' | 'lunar';

/** A customer as read back from the store. */
export interface Customer {
  readonly id: number;
  readonly familyName: string | null;
  readonly givenName: string | null;
  readonly displayName: string;
  readonly title: string | null;
  readonly gender: 'female' | 'male' | 'other' | null;
  readonly company: string | null;
  /** Lower-cased addresses, the primary first. */
  readonly emails: readonly string[];
  /** E.164 numbers, the primary first. */
  readonly phones: readonly string[];
  /** The Gregorian birthday. */
  readonly birthday: Birthday | null;
  /** The lunar birthday (农历生日). */
  readonly lunarBirthday: LunarBirthday | null;
  /**
   * Which of the two the customer celebrates, and so which one greetings, birthday filters and
   * reminders use: `lunar` needs a lunar birthday; a customer may have both stored.
   */
  readonly birthdayCalendar: BirthdayCalendar;
  readonly timeZone: string | null;
  readonly language: string | null;
  readonly owner: string | null;
  readonly custom: Readonly<Record<string, CustomValue>>;
  readonly notes: string | null;
  readonly locked: boolean;
  /** Ids of the static groups the customer is in. */
  readonly groupIds: readonly number[];
  readonly createdAt: number;
  readonly updatedAt: number;
}

/** Where the repository reads defaults from: a slice of the config. */
export interface CustomerOptions {
  /** Region for national phone numbers (TIDINGS_DEFAULT_REGION, e.g. CN). */
  readonly region: string;
}
