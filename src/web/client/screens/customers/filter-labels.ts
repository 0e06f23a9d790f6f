import type { MessageKey } from './customers.messages.js';
import type { QuickFilter } from './list-state.js';

/** The label of each quick filter. */
export const FILTER_LABELS: Record<QuickFilter, MessageKey> = {
  email: 'fHasEmail',
  phone: 'fHasPhone',
  birthdayMonth: 'fBirthdayMonth',
  birthdaySoon: 'fBirthdaySoon',
  subscribed: 'fNotUnsubscribed',
};
