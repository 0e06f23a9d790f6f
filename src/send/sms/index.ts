export type { DeliveryReceipt, E164, InboundSms, SmsProvider, SmsSendRequest, SmsSendResult, WebhookRequest } from './sms-provider.js';
export { countSegments, chinaSignature, type CountSegmentsOptions, type SegmentCount, type SmsProviderKind } from './segments.js';
export { splitParts } from './gsm-split.js';
export { normalisePhone, tryNormalisePhone } from './phone.js';
export { TwilioProvider, translateTwilioError, type TwilioProviderOptions } from './twilio.provider.js';
export { AliyunProvider, aliyunPhone, translateAliyunError, type AliyunProviderOptions } from './aliyun.provider.js';
export { SmppProvider, translateSmppStatus, type SmppProviderOptions } from './smpp.provider.js';
export { parseSmppReceipt } from './smpp-receipt.js';
export { createSmsProvider, type ProviderHooks } from './provider-factory.js';
