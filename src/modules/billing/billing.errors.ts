import { defineErrors } from '../../platform/errors/index.js';

/**
 * Error codes raised by the billing module (ledger, prices, statistics). The providers' own codes
 * (SMS_…) live with the providers in src/adapters/sms/sms.errors.ts: an adapter cannot reach up here.
 */
export const billingErrors = defineErrors({
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
    description: 'An amount, price or part count is not a positive safe integer in minor units (厘, 0.001 yuan), or an adjustment is zero.',
  },
  BILLING_AMOUNT_TOO_LARGE: {
    retryable: false,
    http: 400,
    description:
      'An amount, price or threshold is larger than the most one booking may carry, or a booking would take the balance above the most a wallet may hold (both 10,000,000,000 yuan, 10^13 厘). Check the amount is not mistyped; nothing was booked.',
  },
  BILLING_INCONSISTENT: {
    retryable: false,
    http: 500,
    description:
      'The wallet running totals differ from the totals recomputed from the ledger entries. Stop sending on the account and report it: the entries are authoritative.',
  },
});

type BillingErrors = typeof billingErrors;
declare module '../../platform/errors/error-table.js' {
  // Adds this table's codes to ErrorCode
  interface ErrorCodes extends BillingErrors {}
}
