import { DateTime } from 'luxon';
import type { ConnectGuard } from '../../platform/net/guarded.connector.js';
import { TidingsError } from '../../platform/errors/index.js';
import { callAliyun, translateAliyunError } from './aliyun-rpc.js';
import { checkCallbackToken } from './callback-token.js';
import { tryNormalisePhone } from './phone.js';
import { bareSignName, countSegments } from './segments.js';
import type { DeliveryReceipt, InboundSms, SmsProvider, SmsSendRequest, SmsSendResult, WebhookRequest } from './sms-provider.js';
import type { Clock } from '../../platform/clock/index.js';

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
    // The account stores 【name】; Aliyun's SignName is the bare name (it adds the brackets itself).
    const signName = bareSignName(request.signature) ?? this.#options.signName;
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
    return (await callAliyun(this.#options, action)) as AliyunResponse;
  }
}

export { translateAliyunError };
