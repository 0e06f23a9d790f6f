import { defineErrors } from '../../platform/errors/index.js';

/** Error codes raised by the SMS providers (Twilio, Aliyun, Tencent Cloud, SMPP) and their webhooks. */
export const smsProviderErrors = defineErrors({
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
    description: 'The account at the SMS provider itself is out of money (e.g. Aliyun isv.AMOUNT_NOT_ENOUGH, Tencent FailedOperation.InsufficientBalanceInSmsPackage). Top up with the vendor; our wallet was not charged.',
  },
  SMS_WEBHOOK_SIGNATURE_INVALID: {
    retryable: false,
    http: 403,
    description: 'A provider callback (delivery receipt or inbound message) failed its signature check and was ignored. Check the auth token and the public URL configured at the provider.',
  },
  SMS_PROVIDER_NOT_SUPPORTED: {
    retryable: false,
    http: 400,
    description: 'The SMS account names a provider Tidings does not support, or its settings are incomplete. Supported: twilio, aliyun, tencent, smpp, sandbox.',
  },
});

type SmsProviderErrors = typeof smsProviderErrors;
declare module '../../platform/errors/error-table.js' {
  // Adds this table's codes to ErrorCode
  interface ErrorCodes extends SmsProviderErrors {}
}
