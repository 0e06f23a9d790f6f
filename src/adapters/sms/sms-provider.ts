import type { SmsProviderKind } from './segments.js';

/** An E.164 phone number, e.g. "+8613800138000" (see normalisePhone). */
export type E164 = string;

/** One message to hand to a provider. */
export interface SmsSendRequest {
  /** Recipient, already normalised to E.164. */
  readonly to: E164;
  /** Body text. Aliyun sends a template instead: `templateCode` + `params`, and `text` is what it renders to. */
  readonly text: string;
  /** Sender number / alphanumeric id (Twilio From, SMPP source_addr); defaults to the account's. */
  readonly senderId?: string;
  /** Sign name (Aliyun / Tencent SignName, shown as 【…】); defaults to the account's. */
  readonly signature?: string;
  /** Provider template (Aliyun TemplateCode, Tencent TemplateId). */
  readonly templateCode?: string;
  /** Template parameters (Aliyun TemplateParam by name; Tencent TemplateParamSet keyed "1", "2"… in order). */
  readonly params?: Readonly<Record<string, string>>;
  /** Same key for a retry of the same message; providers that support it deduplicate on it. */
  readonly idempotencyKey: string;
}

/** What a provider answers when it took the message. */
export interface SmsSendResult {
  /** The provider's id, used to match delivery receipts. */
  readonly providerMessageId: string;
  /** Parts the provider reports (or we split into). */
  readonly parts: number;
  readonly status: 'accepted';
}

/** A delivery receipt, whatever the provider's format. */
export interface DeliveryReceipt {
  readonly providerMessageId: string;
  readonly status: 'delivered' | 'failed' | 'accepted';
  /** The provider's own status/error code (DELIVRD, UNDELIV, 30003, …). */
  readonly providerStatus: string;
  readonly errorCode?: string;
  readonly to?: E164;
  /** When the handset got it (epoch ms), if the provider says. */
  readonly deliveredAt?: number;
}

/** A message sent by a customer to our number (opt-out keywords, replies). */
export interface InboundSms {
  readonly from: E164;
  readonly to: string;
  readonly text: string;
  readonly providerMessageId?: string;
}

/** A request as a provider pushed it to our webhook. */
export interface WebhookRequest {
  /** The full public URL the provider called (signatures cover it). */
  readonly url: string;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  /** Parsed body: form fields or JSON. */
  readonly body: unknown;
}

/**
 * The port every SMS provider adapter implements. `send` throws a TidingsError classified for the
 * caller: SMS_RATE_LIMITED (retry after `context.retryAfterMs`), SMS_REJECTED / SMS_INVALID_NUMBER /
 * SMS_AUTH_FAILED / SMS_PROVIDER_FUNDS (permanent: void the reservation), SMS_PROVIDER_UNAVAILABLE
 * (not sent: void and retry), SMS_OUTCOME_UNKNOWN (may have been sent: keep the reservation).
 */
export interface SmsProvider {
  readonly kind: SmsProviderKind;
  send(request: SmsSendRequest): Promise<SmsSendResult>;
  /** Parses (and verifies, where the provider signs) pushed delivery receipts; absent if the provider does not push. */
  parseStatusCallback?(request: WebhookRequest): DeliveryReceipt[];
  /** Parses (and verifies) pushed inbound messages. */
  parseInbound?(request: WebhookRequest): InboundSms[];
  /** Frees connections (SMPP sessions). */
  close?(): Promise<void>;
}
