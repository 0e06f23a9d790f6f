import { z } from 'zod';
import type { SettingsOf } from '../../platform/config/index.js';

/** Opt-out keywords used when BILLING_SMS_OPT_OUT_KEYWORDS is not set. */
export const DEFAULT_OPT_OUT_KEYWORDS = ['STOP', 'UNSUBSCRIBE', 'TD', 'T', 'N', 'R', '退订'] as const;

/**
 * Environment variables read by src/billing (and the SMS providers in src/send/sms), merged into
 * the one config schema (src/config).
 */
export const billingEnv = {
  /** Comma-separated inbound SMS keywords that suppress the sender for SMS (case-insensitive, whole message). */
  BILLING_SMS_OPT_OUT_KEYWORDS: z
    .string()
    .optional()
    .transform((value) =>
      value === undefined || value.trim() === ''
        ? [...DEFAULT_OPT_OUT_KEYWORDS]
        : value
            .split(',')
            .map((k) => k.trim())
            .filter((k) => k.length > 0),
    )
    .pipe(z.array(z.string()).min(1, 'expected a comma-separated list of keywords, e.g. STOP,TD,退订')),
  /** Public base URL of the API as the SMS providers see it, used to check Twilio's X-Twilio-Signature. */
  BILLING_SMS_WEBHOOK_BASE_URL: z.url('expected the public https URL of the API, e.g. https://tidings.example.com').optional(),
};

/** The settings billing reads, parsed. */
export type BillingConfig = SettingsOf<typeof billingEnv>;
