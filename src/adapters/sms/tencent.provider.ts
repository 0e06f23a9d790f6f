import { Buffer } from 'node:buffer';
import { TidingsError } from '../../platform/errors/index.js';
import { checkCallbackToken } from './callback-token.js';
import { bareSignName, countSegments } from './segments.js';
import type { DeliveryReceipt, InboundSms, SmsProvider, SmsSendRequest, SmsSendResult, WebhookRequest } from './sms-provider.js';
import { callTencent, type TencentApiOptions } from './tencent-api.js';
import { parseTencentReplies, parseTencentReports } from './tencent-callbacks.js';
import { translateTencentError } from './tencent-errors.js';

/** Options for {@link TencentProvider}. */
export interface TencentProviderOptions extends TencentApiOptions {
  /** The SMS application's SdkAppId (1400…), from the console's application list. */
  readonly sdkAppId: string;
  /** Approved sign name, without 【】 (required for mainland numbers). */
  readonly signName?: string | undefined;
  /** Default template: an approved template of one parameter, `{1}`, that carries the whole text. */
  readonly templateId?: string | undefined;
  /** Shared secret expected as `?token=` on push URLs (Tencent's pushes are unsigned); without it every push is refused. */
  readonly callbackToken?: string | undefined;
}

/** One number's answer in SendStatusSet. */
interface SendStatus {
  readonly SerialNo?: string;
  readonly PhoneNumber?: string;
  readonly Fee?: number;
  readonly SessionContext?: string;
  readonly Code?: string;
  readonly Message?: string;
}

/** SessionContext must stay under 512 bytes. */
const MAX_CONTEXT_BYTES = 511;

/**
 * Positional template parameters: `params` keyed "1", "2", … become TemplateParamSet in that order
 * (Tencent templates number their variables {1}, {2}…). Without params the text itself is the one
 * parameter of the account's default template `{1}`; an empty object sends none.
 */
export function tencentParams(request: Pick<SmsSendRequest, 'params' | 'text'>): string[] {
  if (!request.params) return [request.text];
  const keys = Object.keys(request.params);
  const positional = keys.map(Number).sort((a, b) => a - b);
  if (positional.some((n, i) => n !== i + 1)) {
    throw new TidingsError('SMS_REJECTED', `Tencent Cloud templates take positional parameters {1}, {2}…; got ${keys.join(', ')}.`, { context: { provider: 'tencent' } });
  }
  return positional.map((n) => request.params?.[String(n)] ?? '');
}

function sessionContext(key: string): string {
  let context = key;
  while (Buffer.byteLength(context) > MAX_CONTEXT_BYTES) context = context.slice(0, -1);
  return context;
}

/** Tencent Cloud SMS (API 2021-01-11), spoken over its documented JSON wire format with TC3 signing. */
export class TencentProvider implements SmsProvider {
  readonly kind = 'tencent' as const;
  readonly #options: TencentProviderOptions;

  constructor(options: TencentProviderOptions) {
    this.#options = options;
  }

  /**
   * SendSms to one number. The idempotency key travels as SessionContext (Tencent echoes it; it
   * does not deduplicate, so the billing module's own key is what prevents a second charge).
   * The parts are Tencent's Fee for the number, else our China count.
   */
  async send(request: SmsSendRequest): Promise<SmsSendResult> {
    // The billing path hands over the account signature as 【name】; SignName wants the bare name.
    const signName = bareSignName(request.signature) ?? bareSignName(this.#options.signName);
    const templateId = request.templateCode ?? this.#options.templateId;
    const mainland = request.to.startsWith('+86');
    if (!templateId || (mainland && !signName)) {
      throw new TidingsError('SMS_PROVIDER_NOT_SUPPORTED', 'Tencent Cloud SMS needs an approved template ID and, for mainland numbers, a sign name (account settings or the message).');
    }
    const answer = await callTencent(this.#options, 'SendSms', {
      PhoneNumberSet: [request.to],
      SmsSdkAppId: this.#options.sdkAppId,
      TemplateId: templateId,
      ...(signName ? { SignName: signName } : {}),
      TemplateParamSet: tencentParams(request),
      SessionContext: sessionContext(request.idempotencyKey),
      ...(request.senderId && !mainland ? { SenderId: request.senderId } : {}),
    });
    const status = (answer.SendStatusSet as SendStatus[] | undefined)?.[0];
    if (!status) throw new TidingsError('SMS_OUTCOME_UNKNOWN', 'tencent: SendSms answered without a SendStatusSet', { context: { provider: 'tencent', requestId: answer.RequestId } });
    if (status.Code !== 'Ok') throw translateTencentError({ code: status.Code ?? 'Unknown', message: status.Message, requestId: String(answer.RequestId ?? '') });
    const fee = Number(status.Fee);
    return {
      providerMessageId: status.SerialNo ?? '',
      parts: Number.isInteger(fee) && fee > 0 ? fee : countSegments(request.text, { provider: 'tencent', signature: signName }).segments,
      status: 'accepted',
    };
  }

  /** Parses a status report push (`sid` is the SerialNo), after the URL token check. */
  parseStatusCallback(request: WebhookRequest): DeliveryReceipt[] {
    checkCallbackToken('Tencent Cloud', request.url, this.#options.callbackToken);
    return parseTencentReports(request.body);
  }

  /** Parses a reply push (opt-out keywords such as T, TD, R, 退订), after the URL token check. */
  parseInbound(request: WebhookRequest): InboundSms[] {
    checkCallbackToken('Tencent Cloud', request.url, this.#options.callbackToken);
    return parseTencentReplies(request.body);
  }
}
