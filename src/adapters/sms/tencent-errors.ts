import { TidingsError } from '../../platform/errors/index.js';
import { rateLimited } from './sms-errors.js';

/*
 * Tencent Cloud SMS (API 2021-01-11) error codes, from Response.Error.Code or a number's
 * SendStatus.Code, sorted into the SmsProvider port's classes. A top-level Error means the request
 * was refused as a whole, so nothing was sent, except the InternalError family, which Tencent also
 * uses for "the carrier did not answer in time": those may have gone out.
 */

/** Frequency limits and how long to wait before trying the number again. */
const RATE_LIMITS: Readonly<Record<string, number>> = {
  'LimitExceeded.PhoneNumberThirtySecondLimit': 30_000,
  'LimitExceeded.PhoneNumberOneHourLimit': 3_600_000,
  // Daily caps reset at midnight Beijing time; an hour's wait keeps retries rare without a calendar here.
  'LimitExceeded.PhoneNumberDailyLimit': 3_600_000,
  'LimitExceeded.PhoneNumberSameContentDailyLimit': 3_600_000,
  'LimitExceeded.AppDailyLimit': 3_600_000,
  'LimitExceeded.DailyLimit': 3_600_000,
  'LimitExceeded.DeliveryFrequencyLimit': 60_000,
};

const INVALID_NUMBER = new Set(['InvalidParameterValue.IncorrectPhoneNumber', 'MissingParameter.EmptyPhoneNumberSet', 'FailedOperation.PhoneNumberInBlacklist']);
const FUNDS = new Set(['FailedOperation.InsufficientBalanceInSmsPackage', 'UnauthorizedOperation.SerivceSuspendDueToArrears', 'UnauthorizedOperation.ServiceSuspendDueToArrears']);
/** Our keys, clock or app id are wrong: fix the account, not the message. */
const AUTH = new Set([
  'UnauthorizedOperation.SmsSdkAppIdVerifyFail',
  'UnauthorizedOperation.RequestIpNotInWhitelist',
  'UnauthorizedOperation.RequestPermissionDeny',
  'UnauthorizedOperation.SdkAppIdIsDisabled',
  'InvalidParameterValue.SdkAppIdNotExist',
  'InvalidParameter.AppidAndBizId',
  'InternalError.RequestTimeException',
  'InternalError.SigFieldMissing',
  'InternalError.SigVerificationFail',
]);
/** Reached the carrier side without a clear answer. */
const UNKNOWN = new Set(['InternalError', 'InternalError.Timeout', 'InternalError.SendAndRecvFail', 'InternalError.OtherError', 'InternalError.UnknownError']);

/** What Tencent said, for the error's context and message. */
export interface TencentErrorInfo {
  readonly code: string;
  readonly message?: string | undefined;
  readonly requestId?: string | undefined;
  readonly httpStatus?: number | undefined;
}

/** A Tencent Cloud error code → our classification (see SmsProvider). */
export function translateTencentError(info: TencentErrorInfo): TidingsError {
  const { code } = info;
  const text = `tencent ${code}: ${info.message ?? ''}`.trim();
  const context = { provider: 'tencent', providerCode: code, requestId: info.requestId, status: info.httpStatus };
  const wait = RATE_LIMITS[code];
  if (wait !== undefined) return rateLimited('tencent', text, wait);
  if (code.startsWith('RequestLimitExceeded') || info.httpStatus === 429) return rateLimited('tencent', text, 1_000);
  if (INVALID_NUMBER.has(code)) return new TidingsError('SMS_INVALID_NUMBER', text, { context });
  if (FUNDS.has(code)) return new TidingsError('SMS_PROVIDER_FUNDS', text, { context });
  if (code.startsWith('AuthFailure') || AUTH.has(code) || info.httpStatus === 401 || info.httpStatus === 403) return new TidingsError('SMS_AUTH_FAILED', text, { context });
  if (UNKNOWN.has(code) || (info.httpStatus ?? 200) >= 500) return new TidingsError('SMS_OUTCOME_UNKNOWN', text, { context });
  if (code.startsWith('ResourceUnavailable') || code === 'ServiceUnavailable') return new TidingsError('SMS_PROVIDER_UNAVAILABLE', text, { context });
  // Template or sign name not approved, sensitive words, marketing outside 8:00-22:00, bad parameters…
  return new TidingsError('SMS_REJECTED', text, { context });
}
