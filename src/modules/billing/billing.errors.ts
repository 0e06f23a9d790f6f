import type { ErrorTable } from '../../platform/errors/error-table.js';

/**
 * Error codes raised by src/billing (ledger, prices, statistics) and src/send/sms (providers,
 * segments, webhooks). One table for both, so a provider failure and its ledger consequence are
 * documented side by side.
 */
export const billingErrors = {
  BILLING_INSUFFICIENT_BALANCE: {
    retryable: false,
    http: 402,
    description:
      'The prepaid SMS balance cannot cover this message (price × parts). Nothing was reserved; the campaign pauses with "balance too low". Top up the account (tidings wallet topup) and resume.',
  },
  BILLING_IDEMPOTENCY_CONFLICT: {
    retryable: false,
    http: 409,
    description:
      'A ledger entry with this idempotency key already exists with different details (account, kind, amount or parts). Use a fresh key for a different operation.',
  },
  BILLING_RESERVATION_NOT_FOUND: {
    retryable: false,
    http: 404,
    description: 'No pending reservation has this idempotency key; check the key the message was reserved with.',
  },
  BILLING_RESERVATION_RESOLVED: {
    retryable: false,
    http: 409,
    description:
      'The reservation was already resolved the other way (posted when voiding, or voided when posting). Each reservation is resolved exactly once; look at the ledger entry to see what happened.',
  },
  BILLING_RESERVATION_BUSY: {
    retryable: true,
    http: 409,
    description:
      'The message of this reservation is being handed to the provider right now, so its outcome is about to be known; nothing was settled. Wait a minute and look at the held list again: it ends by itself, or stays held (outcome unknown) to be settled then.',
  },
  BILLING_INVALID_AMOUNT: {
    retryable: false,
    http: 400,
    description: 'An amount, price or part count is not a positive safe integer in minor units (fen), or an adjustment is zero.',
  },
  BILLING_AMOUNT_TOO_LARGE: {
    retryable: false,
    http: 400,
    description:
      'An amount, price or threshold is larger than the most one booking may carry, or a booking would take the balance above the most a wallet may hold (both 10,000,000,000.00 yuan, 10^12 fen). Check the amount is in fen and not mistyped; nothing was booked.',
  },
  BILLING_INCONSISTENT: {
    retryable: false,
    http: 500,
    description:
      'The wallet running totals differ from the totals recomputed from the ledger entries. Stop sending on the account and report it: the entries are authoritative.',
  },
  SMS_INVALID_NUMBER: {
    retryable: false,
    http: 400,
    description: 'The phone number is not a valid number (E.164 after normalisation). Fix the customer record; nothing was charged.',
  },
  SMS_RATE_LIMITED: {
    retryable: true,
    http: 429,
    description: 'The SMS provider asked us to slow down (HTTP 429, throttling). The message is retried after the delay in the error context (retryAfterMs).',
  },
  SMS_REJECTED: {
    retryable: false,
    http: 422,
    description:
      'The SMS provider refused the message for good (invalid or blocked number, bad template or sign name, content). The reservation is voided; fix the cause before resending.',
  },
  SMS_PROVIDER_UNAVAILABLE: {
    retryable: true,
    http: 503,
    description: 'The SMS provider could not be reached or answered with a temporary error before accepting the message. Retried later; nothing was charged.',
  },
  SMS_OUTCOME_UNKNOWN: {
    retryable: true,
    http: 502,
    description:
      'The request reached the SMS provider but no clear answer came back (timeout, dropped connection). The reservation is kept until the outcome is resolved; the retry reuses the same idempotency key.',
  },
  SMS_AUTH_FAILED: {
    retryable: false,
    http: 502,
    description: 'The SMS provider refused our credentials (wrong AccountSid/AuthToken, AccessKey or signature, SMPP bind refused). Fix the SMS account credentials.',
  },
  SMS_PROVIDER_FUNDS: {
    retryable: false,
    http: 402,
    description: 'The account at the SMS provider itself is out of money (e.g. Aliyun isv.AMOUNT_NOT_ENOUGH). Top up with the vendor; our wallet was not charged.',
  },
  SMS_WEBHOOK_SIGNATURE_INVALID: {
    retryable: false,
    http: 403,
    description: 'A provider callback (delivery receipt or inbound message) failed its signature check and was ignored. Check the auth token and the public URL configured at the provider.',
  },
  SMS_PROVIDER_NOT_SUPPORTED: {
    retryable: false,
    http: 400,
    description: 'The SMS account names a provider Tidings does not support, or its settings are incomplete. Supported: twilio, aliyun, smpp.',
  },
} as const satisfies ErrorTable;
