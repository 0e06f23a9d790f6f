import type { ReminderSettings } from './reminder-settings.js';

/**
 * Whether a person's morning digest goes out, and if not why (their settings page says it):
 * `on`, `no-email` (no address of their own), `user-disabled` (their account is disabled),
 * `off` (they turned it off).
 */
export type DigestStatus = 'on' | 'no-email' | 'user-disabled' | 'off';

/** The {@link DigestStatus} of a person with these settings. */
export function digestStatusOf(user: { readonly email: string | null; readonly disabled: boolean }, settings: ReminderSettings): DigestStatus {
  if (user.disabled) return 'user-disabled';
  if (!settings.digestEnabled) return 'off';
  if (!user.email) return 'no-email';
  return 'on';
}
