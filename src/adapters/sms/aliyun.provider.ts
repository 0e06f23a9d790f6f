import { randomUUID } from 'node:crypto';
import { DateTime } from 'luxon';
import { guardedHttpRequest, type ConnectGuard, type GuardedResponse } from '../../platform/net/guarded.connector.js';
import { isTidingsError, TidingsError } from '../../platform/errors/index.js';
import { signRpc } from './aliyun-signature.js';
import { checkCallbackToken } from './callback-token.js';
import { tryNormalisePhone } from './phone.js';
import { countSegments } from './segments.js';
import { failedBeforeSending, rateLimited, unresolvedIsUnavailable } from './sms-errors.js';
import type { DeliveryReceipt, InboundSms, SmsProvider, SmsSendRequest, SmsSendResult, WebhookRequest } from './sms-provider.js';
import { systemClock, type Clock } from '../../platform/clock/index.js';

/** Options for {@link AliyunProvider}. */
export interface AliyunProviderOptions {
  readonly accessKeyId: string;
  readonly accessKeySecret: string;
  /** Sign name registered at Aliyun (without 【】). */
  readonly signName?: string;
  /** Default template code (SMS_…). */
  readonly templateCode?: string;
  /** API endpoint; default https://dysmsapi.aliyuncs.com (tests: a local server). */
  readonly endpoint?: string;
  /** The SSRF guard: the endpoint is resolved once per request, checked, and connected to at that address. */
  readonly guard: ConnectGuard;
  readonly regionId?: string;
  /** Shared secret expected as `?token=` on receipt/inbound push URLs (Aliyun's HTTP push is unsigned); without it every push is refused. */
  readonly callbackToken?: string;
  readonly timeoutMs?: number;
  /** Stamps each request (Aliyun refuses ones more than 15 minutes off). */
  readonly clock?: Clock;
}

/** A SendSms / SendBatchSms answer. */
interface AliyunResponse {
  readonly Code?: string;
  readonly Message?: string;
  readonly BizId?: string;
  readonly RequestId?: string;
}

const RATE_LIMIT_CODES = new Set(['isv.BUSINESS_LIMIT_CONTROL', 'Throttling.User', 'Throttling', 'isv.DAY_LIMIT_CONTROL']);
const INVALID_NUMBER_CODES = new Set(['isv.MOBILE_NUMBER_ILLEGAL', 'isv.MOBILE_COUNT_OVER_LIMIT', 'isv.BLACK_KEY_CONTROL_LIMIT']);
const AUTH_CODES = new Set(['SignatureDoesNotMatch', 'InvalidAccessKeyId.NotFound', 'InvalidAccessKeyId', 'isp.RAM_PERMISSION_DENY', 'isv.ACCOUNT_NOT_EXISTS', 'isv.ACCOUNT_ABNORMAL', 'SignatureNonceUsed', 'InvalidTimeStamp.Expired']);
const UNKNOWN_CODES = new Set(['isp.SYSTEM_ERROR', 'InternalError', 'ServiceUnavailable']);

/** Aliyun wants mainland numbers as 11 digits, others with their country code and no "+". */
export function aliyunPhone(e164: string): string {
  return e164.startsWith('+86') ? e164.slice(3) : e164.replace(/^\+/, '');
}

/** Alibaba Cloud SMS (Dysmsapi 2017-05-25), spoken over its documented RPC wire format. */
export class AliyunProvider implements SmsProvider {
  readonly kind = 'aliyun' as const;
  readonly #options: AliyunProviderOptions;

  constructor(options: AliyunProviderOptions) {
    this.#options = options;
  }

  async send(request: SmsSendRequest): Promise<SmsSendResult> {
    const signName = request.signature ?? this.#options.signName;
    const templateCode = request.templateCode ?? this.#options.templateCode;
    if (!signName || !templateCode) {
      throw new TidingsError('SMS_PROVIDER_NOT_SUPPORTED', 'Aliyun SMS needs a sign name and a template code (account settings or the message).');
    }
    const response = await this.#call({
      Action: 'SendSms',
      PhoneNumbers: aliyunPhone(request.to),
      SignName: signName,
      TemplateCode: templateCode,
      TemplateParam: JSON.stringify(request.params ?? {}),
      OutId: request.idempotencyKey.slice(0, 256),
    });
    return {
      providerMessageId: response.BizId ?? '',
      parts: countSegments(request.text, { provider: 'aliyun', signature: signName }).segments,
      status: 'accepted',
    };
  }

  /**
   * SendBatchSms: up to 100 numbers, each with its own sign name and parameters, one template.
   * Aliyun answers with one BizId for the batch; receipts carry it with each phone number.
   */
  async sendBatch(input: {
    templateCode?: string;
    messages: readonly { to: string; signName?: string; params?: Readonly<Record<string, string>> }[];
  }): Promise<{ bizId: string }> {
    const templateCode = input.templateCode ?? this.#options.templateCode;
    const signName = this.#options.signName;
    if (!templateCode) throw new TidingsError('SMS_PROVIDER_NOT_SUPPORTED', 'Aliyun SendBatchSms needs a template code.');
    const response = await this.#call({
      Action: 'SendBatchSms',
      PhoneNumberJson: JSON.stringify(input.messages.map((m) => aliyunPhone(m.to))),
      SignNameJson: JSON.stringify(input.messages.map((m) => m.signName ?? signName)),
      TemplateCode: templateCode,
      TemplateParamJson: JSON.stringify(input.messages.map((m) => m.params ?? {})),
    });
    return { bizId: response.BizId ?? '' };
  }

  /**
   * Parses an SmsReport push: a JSON array of {phone_number, success, err_code, biz_id,
   * report_time (Beijing time), sms_size, out_id}. Checks the `token` query parameter when one
   * (Aliyun's HTTP push carries no signature of its own); refuses every push when none is configured.
   */
  parseStatusCallback(request: WebhookRequest): DeliveryReceipt[] {
    this.#checkToken(request.url);
    const items = Array.isArray(request.body) ? (request.body as Record<string, unknown>[]) : [];
    return items.flatMap((item) => {
      const bizId = String(item.biz_id ?? '');
      if (!bizId) return [];
      const success = item.success === true || item.success === 'true';
      const to = tryNormalisePhone(String(item.phone_number ?? ''));
      const reported = DateTime.fromFormat(String(item.report_time ?? ''), 'yyyy-MM-dd HH:mm:ss', { zone: 'Asia/Shanghai' });
      const receipt: DeliveryReceipt = {
        providerMessageId: bizId,
        status: success ? 'delivered' : 'failed',
        providerStatus: String(item.err_code ?? (success ? 'DELIVERED' : 'UNKNOWN')),
        ...(success ? {} : { errorCode: String(item.err_code ?? '') }),
        ...(to ? { to } : {}),
        ...(success && reported.isValid ? { deliveredAt: reported.toMillis() } : {}),
      };
      return [receipt];
    });
  }

  /** Parses an SmsUp push (inbound): [{phone_number, content, sign_name, dest_code, send_time}]. */
  parseInbound(request: WebhookRequest): InboundSms[] {
    this.#checkToken(request.url);
    const items = Array.isArray(request.body) ? (request.body as Record<string, unknown>[]) : [];
    return items.flatMap((item) => {
      const from = tryNormalisePhone(String(item.phone_number ?? ''));
      return from ? [{ from, to: String(item.dest_code ?? ''), text: String(item.content ?? '') }] : [];
    });
  }

  #checkToken(url: string): void {
    checkCallbackToken('Aliyun', url, this.#options.callbackToken);
  }

  async #call(action: Record<string, string>): Promise<AliyunResponse> {
    const params: Record<string, string> = {
      AccessKeyId: this.#options.accessKeyId,
      Format: 'JSON',
      RegionId: this.#options.regionId ?? 'cn-hangzhou',
      SignatureMethod: 'HMAC-SHA1',
      SignatureNonce: randomUUID(),
      SignatureVersion: '1.0',
      Timestamp: (this.#options.clock ?? systemClock).date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
      Version: '2017-05-25',
      ...action,
    };
    params.Signature = signRpc('GET', params, this.#options.accessKeySecret);
    const url = new URL(this.#options.endpoint ?? 'https://dysmsapi.aliyuncs.com/');
    url.search = new URLSearchParams(params).toString();
    let response: GuardedResponse;
    const { guard } = this.#options;
    try {
      response = await guardedHttpRequest(url, {
        guard,
        setting: guard.setting ?? `Aliyun endpoint ${url.origin}`,
        signal: AbortSignal.timeout(this.#options.timeoutMs ?? 15_000),
      });
    } catch (error) {
      if (isTidingsError(error, 'ACCOUNT_HOST_FORBIDDEN') || isTidingsError(error, 'ACCOUNT_HOST_UNRESOLVED')) throw unresolvedIsUnavailable(error);
      if (failedBeforeSending(error)) {
        throw new TidingsError('SMS_PROVIDER_UNAVAILABLE', `aliyun unreachable: ${(error as Error).message}`, { cause: error });
      }
      throw new TidingsError('SMS_OUTCOME_UNKNOWN', `aliyun: no clear answer (${(error as Error).message})`, { cause: error });
    }
    let body: AliyunResponse;
    try {
      body = JSON.parse(response.body ?? '') as AliyunResponse;
    } catch (cause) {
      throw new TidingsError('SMS_OUTCOME_UNKNOWN', `aliyun: HTTP ${response.status} with a body that is not JSON`, { cause });
    }
    if (body.Code === 'OK') return body;
    throw translateAliyunError(response.status, body);
  }
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
