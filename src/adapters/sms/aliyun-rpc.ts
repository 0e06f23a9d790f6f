import { randomUUID } from 'node:crypto';
import { guardedHttpRequest, type ConnectGuard, type GuardedResponse } from '../../platform/net/guarded.connector.js';
import { isTidingsError, TidingsError } from '../../platform/errors/index.js';
import { systemClock, type Clock } from '../../platform/clock/index.js';
import { signRpc } from './aliyun-signature.js';
import { failedBeforeSending, rateLimited, unresolvedIsUnavailable } from './sms-errors.js';

/** What one Dysmsapi RPC call needs: the key pair, where, and the SSRF guard. */
export interface AliyunRpcOptions {
  readonly accessKeyId: string;
  readonly accessKeySecret: string;
  /** API endpoint; default https://dysmsapi.aliyuncs.com (tests: a local server). */
  readonly endpoint?: string;
  /** The SSRF guard: the endpoint is resolved once per request, checked, and connected to at that address. */
  readonly guard: ConnectGuard;
  readonly regionId?: string;
  readonly timeoutMs?: number;
  /** Stamps each request (Aliyun refuses ones more than 15 minutes off). */
  readonly clock?: Clock;
}

/** The fields every Dysmsapi answer carries; each action adds its own. */
export interface AliyunAnswer {
  readonly Code?: string;
  readonly Message?: string;
  readonly RequestId?: string;
  readonly [field: string]: unknown;
}

const RATE_LIMIT_CODES = new Set(['isv.BUSINESS_LIMIT_CONTROL', 'Throttling.User', 'Throttling', 'isv.DAY_LIMIT_CONTROL']);
const INVALID_NUMBER_CODES = new Set(['isv.MOBILE_NUMBER_ILLEGAL', 'isv.MOBILE_COUNT_OVER_LIMIT', 'isv.BLACK_KEY_CONTROL_LIMIT']);
const AUTH_CODES = new Set(['SignatureDoesNotMatch', 'InvalidAccessKeyId.NotFound', 'InvalidAccessKeyId', 'isp.RAM_PERMISSION_DENY', 'isv.ACCOUNT_NOT_EXISTS', 'isv.ACCOUNT_ABNORMAL', 'SignatureNonceUsed', 'InvalidTimeStamp.Expired']);
const UNKNOWN_CODES = new Set(['isp.SYSTEM_ERROR', 'InternalError', 'ServiceUnavailable']);

/**
 * One signed Dysmsapi 2017-05-25 RPC call (GET, HMAC-SHA1 signature over the sorted query), the
 * same for sending (SendSms) and for the review API (AddSmsTemplate, QuerySmsSign …). Resolves
 * with the answer when Code is OK; throws the SMS provider codes otherwise.
 */
export async function callAliyun(options: AliyunRpcOptions, action: Readonly<Record<string, string>>): Promise<AliyunAnswer> {
  const params: Record<string, string> = {
    AccessKeyId: options.accessKeyId,
    Format: 'JSON',
    RegionId: options.regionId ?? 'cn-hangzhou',
    SignatureMethod: 'HMAC-SHA1',
    SignatureNonce: randomUUID(),
    SignatureVersion: '1.0',
    Timestamp: (options.clock ?? systemClock).date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
    Version: '2017-05-25',
    ...action,
  };
  params.Signature = signRpc('GET', params, options.accessKeySecret);
  const url = new URL(options.endpoint ?? 'https://dysmsapi.aliyuncs.com/');
  url.search = new URLSearchParams(params).toString();
  let response: GuardedResponse;
  const { guard } = options;
  try {
    response = await guardedHttpRequest(url, {
      guard,
      setting: guard.setting ?? `Aliyun endpoint ${url.origin}`,
      signal: AbortSignal.timeout(options.timeoutMs ?? 15_000),
    });
  } catch (error) {
    if (isTidingsError(error, 'ACCOUNT_HOST_FORBIDDEN') || isTidingsError(error, 'ACCOUNT_HOST_UNRESOLVED')) throw unresolvedIsUnavailable(error);
    if (failedBeforeSending(error)) {
      throw new TidingsError('SMS_PROVIDER_UNAVAILABLE', `aliyun unreachable: ${(error as Error).message}`, { cause: error });
    }
    throw new TidingsError('SMS_OUTCOME_UNKNOWN', `aliyun: no clear answer (${(error as Error).message})`, { cause: error });
  }
  let body: AliyunAnswer;
  try {
    body = JSON.parse(response.body ?? '') as AliyunAnswer;
  } catch (cause) {
    throw new TidingsError('SMS_OUTCOME_UNKNOWN', `aliyun: HTTP ${response.status} with a body that is not JSON`, { cause });
  }
  if (body.Code === 'OK') return body;
  throw translateAliyunError(response.status, body);
}

/** Aliyun error codes → our classification (see SmsProvider). */
export function translateAliyunError(httpStatus: number, body: { Code?: string; Message?: string; RequestId?: string }): TidingsError {
  const code = body.Code ?? `HTTP${httpStatus}`;
  const text = `aliyun ${code}: ${body.Message ?? ''}`.trim();
  const context = { provider: 'aliyun', providerCode: code, requestId: body.RequestId, status: httpStatus };
  // Aliyun's frequency control is per number: 1/minute, 5/hour, 10/day by default.
  if (RATE_LIMIT_CODES.has(code) || httpStatus === 429) return rateLimited('aliyun', text, 60_000);
  if (INVALID_NUMBER_CODES.has(code)) return new TidingsError('SMS_INVALID_NUMBER', text, { context });
  if (code === 'isv.AMOUNT_NOT_ENOUGH') return new TidingsError('SMS_PROVIDER_FUNDS', text, { context });
  if (AUTH_CODES.has(code) || httpStatus === 401 || httpStatus === 403) return new TidingsError('SMS_AUTH_FAILED', text, { context });
  if (UNKNOWN_CODES.has(code) || httpStatus >= 500) return new TidingsError('SMS_OUTCOME_UNKNOWN', text, { context });
  return new TidingsError('SMS_REJECTED', text, { context });
}
