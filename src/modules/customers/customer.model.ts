import type { Birthday } from './birthday.parser.js';
import type { CustomValue } from './custom-fields.js';

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
  readonly birthday: Birthday | null;
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
