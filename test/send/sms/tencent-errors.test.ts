import { describe, expect, it } from 'vitest';
import { translateTencentError } from '../../../src/adapters/sms/index.js';

// Tencent Cloud SMS codes (API 2021-01-11 error list) → the SmsProvider port's classes.
const table: { code: string; httpStatus?: number; expected: string; retryAfterMs?: number }[] = [
  { code: 'LimitExceeded.PhoneNumberThirtySecondLimit', expected: 'SMS_RATE_LIMITED', retryAfterMs: 30_000 },
  { code: 'LimitExceeded.PhoneNumberOneHourLimit', expected: 'SMS_RATE_LIMITED', retryAfterMs: 3_600_000 },
  { code: 'LimitExceeded.PhoneNumberDailyLimit', expected: 'SMS_RATE_LIMITED', retryAfterMs: 3_600_000 },
  { code: 'LimitExceeded.DeliveryFrequencyLimit', expected: 'SMS_RATE_LIMITED', retryAfterMs: 60_000 },
  { code: 'RequestLimitExceeded', expected: 'SMS_RATE_LIMITED', retryAfterMs: 1_000 },
  { code: 'HTTP429', httpStatus: 429, expected: 'SMS_RATE_LIMITED' },
  // More than 200 numbers in one call is our mistake, not a frequency limit.
  { code: 'LimitExceeded.PhoneNumberCountLimit', expected: 'SMS_REJECTED' },
  { code: 'InvalidParameterValue.IncorrectPhoneNumber', expected: 'SMS_INVALID_NUMBER' },
  { code: 'FailedOperation.PhoneNumberInBlacklist', expected: 'SMS_INVALID_NUMBER' },
  { code: 'FailedOperation.InsufficientBalanceInSmsPackage', expected: 'SMS_PROVIDER_FUNDS' },
  { code: 'UnauthorizedOperation.SerivceSuspendDueToArrears', expected: 'SMS_PROVIDER_FUNDS' },
  { code: 'AuthFailure.SignatureFailure', expected: 'SMS_AUTH_FAILED' },
  { code: 'AuthFailure.SignatureExpire', expected: 'SMS_AUTH_FAILED' },
  { code: 'AuthFailure.SecretIdNotFound', expected: 'SMS_AUTH_FAILED' },
  { code: 'UnauthorizedOperation.SmsSdkAppIdVerifyFail', expected: 'SMS_AUTH_FAILED' },
  { code: 'UnauthorizedOperation.RequestIpNotInWhitelist', expected: 'SMS_AUTH_FAILED' },
  { code: 'InvalidParameterValue.SdkAppIdNotExist', expected: 'SMS_AUTH_FAILED' },
  { code: 'InternalError.RequestTimeException', expected: 'SMS_AUTH_FAILED' },
  { code: 'InternalError.Timeout', expected: 'SMS_OUTCOME_UNKNOWN' },
  { code: 'InternalError.SendAndRecvFail', expected: 'SMS_OUTCOME_UNKNOWN' },
  { code: 'HTTP502', httpStatus: 502, expected: 'SMS_OUTCOME_UNKNOWN' },
  { code: 'ResourceUnavailable', expected: 'SMS_PROVIDER_UNAVAILABLE' },
  { code: 'FailedOperation.TemplateIncorrectOrUnapproved', expected: 'SMS_REJECTED' },
  { code: 'FailedOperation.SignatureIncorrectOrUnapproved', expected: 'SMS_REJECTED' },
  { code: 'FailedOperation.ContainSensitiveWord', expected: 'SMS_REJECTED' },
  { code: 'FailedOperation.MarketingSendTimeConstraint', expected: 'SMS_REJECTED' },
  { code: 'UnauthorizedOperation.IndividualUserMarketingSmsPermissionDeny', expected: 'SMS_REJECTED' },
];

describe('translateTencentError', () => {
  for (const row of table) {
    it(`${row.code} → ${row.expected}`, () => {
      const error = translateTencentError({ code: row.code, message: 'm', requestId: 'r', httpStatus: row.httpStatus ?? 200 });
      expect(error.code).toBe(row.expected);
      if (row.retryAfterMs !== undefined) expect(error.context?.retryAfterMs).toBe(row.retryAfterMs);
      expect(error.message).toContain(row.code);
    });
  }
});
