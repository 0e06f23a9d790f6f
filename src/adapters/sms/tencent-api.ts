import { isTidingsError, TidingsError } from '../../platform/errors/index.js';
import { guardedHttpRequest, type ConnectGuard, type GuardedResponse } from '../../platform/net/guarded.connector.js';
import { systemClock, type Clock } from '../../platform/clock/index.js';
import { failedBeforeSending, unresolvedIsUnavailable } from './sms-errors.js';
import { translateTencentError } from './tencent-errors.js';
import { signTc3 } from './tencent-signature.js';

/** The SMS API version every action here speaks. */
export const TENCENT_SMS_VERSION = '2021-01-11';
export const TENCENT_SMS_ENDPOINT = 'https://sms.tencentcloudapi.com/';
const CONTENT_TYPE = 'application/json; charset=utf-8';

/** How to reach and sign for Tencent Cloud SMS. */
export interface TencentApiOptions {
  readonly secretId: string;
  readonly secretKey: string;
  /** X-TC-Region; default ap-guangzhou. */
  readonly region?: string | undefined;
  /** Default https://sms.tencentcloudapi.com/ (tests: a local server). */
  readonly endpoint?: string | undefined;
  /** The SSRF guard: the endpoint is resolved once per request, checked, and connected to at that address. */
  readonly guard: ConnectGuard;
  readonly timeoutMs?: number | undefined;
  /** Stamps X-TC-Timestamp (Tencent refuses requests more than five minutes off). */
  readonly clock?: Clock | undefined;
}

/**
 * One API 3.0 call: POST of the JSON payload to "/", signed with TC3-HMAC-SHA256 over
 * content-type, host and x-tc-action, with X-TC-Action / X-TC-Version / X-TC-Timestamp /
 * X-TC-Region. Answers `Response` without its Error; a Response.Error becomes the translated
 * TidingsError. A network failure before the request left is SMS_PROVIDER_UNAVAILABLE, after it
 * SMS_OUTCOME_UNKNOWN.
 */
export async function callTencent(options: TencentApiOptions, action: string, payload: Readonly<Record<string, unknown>>): Promise<Record<string, unknown>> {
  const url = new URL(options.endpoint ?? TENCENT_SMS_ENDPOINT);
  const body = JSON.stringify(payload);
  const timestamp = Math.floor((options.clock ?? systemClock).now() / 1000);
  // The signed host must be the Host header Node sends: host[:port] of the endpoint.
  const signedHeaders = { 'Content-Type': CONTENT_TYPE, Host: url.host, 'X-TC-Action': action };
  const { authorization } = signTc3({ method: 'POST', headers: signedHeaders, payload: body, secretId: options.secretId, secretKey: options.secretKey, service: 'sms', timestamp });
  const headers = {
    ...signedHeaders,
    Authorization: authorization,
    'X-TC-Version': TENCENT_SMS_VERSION,
    'X-TC-Timestamp': String(timestamp),
    'X-TC-Region': options.region ?? 'ap-guangzhou',
  };
  const { guard } = options;
  let response: GuardedResponse;
  try {
    response = await guardedHttpRequest(url, {
      guard,
      setting: guard.setting ?? `Tencent Cloud endpoint ${url.origin}`,
      method: 'POST',
      headers,
      body,
      signal: AbortSignal.timeout(options.timeoutMs ?? 15_000),
    });
  } catch (error) {
    if (isTidingsError(error, 'ACCOUNT_HOST_FORBIDDEN') || isTidingsError(error, 'ACCOUNT_HOST_UNRESOLVED')) throw unresolvedIsUnavailable(error);
    if (failedBeforeSending(error)) throw new TidingsError('SMS_PROVIDER_UNAVAILABLE', `tencent unreachable: ${(error as Error).message}`, { cause: error });
    throw new TidingsError('SMS_OUTCOME_UNKNOWN', `tencent: no clear answer (${(error as Error).message})`, { cause: error });
  }
  let parsed: { Response?: Record<string, unknown> & { Error?: { Code?: string; Message?: string }; RequestId?: string } };
  try {
    parsed = JSON.parse(response.body ?? '') as typeof parsed;
  } catch (cause) {
    if (response.status === 429) throw translateTencentError({ code: 'HTTP429', httpStatus: 429 });
    throw new TidingsError('SMS_OUTCOME_UNKNOWN', `tencent: HTTP ${response.status} with a body that is not JSON`, { cause });
  }
  const answer = parsed.Response;
  if (!answer) throw new TidingsError('SMS_OUTCOME_UNKNOWN', `tencent: HTTP ${response.status} without a Response`);
  if (answer.Error) {
    throw translateTencentError({ code: answer.Error.Code ?? `HTTP${response.status}`, message: answer.Error.Message, requestId: answer.RequestId, httpStatus: response.status });
  }
  return answer;
}
