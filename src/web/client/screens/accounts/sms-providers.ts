import type { Translate } from '../../i18n/index.js';
import type { SmsProvider } from './accounts.api.js';
import type { accountsMessages } from './accounts.messages.js';

type Key = keyof (typeof accountsMessages)['en'];

/** The provider's name in the reader's language. */
export function providerLabel(provider: SmsProvider, t: Translate<Key>): string {
  const labels: Readonly<Record<SmsProvider, Key>> = { twilio: 'providerTwilio', aliyun: 'providerAliyun', tencent: 'providerTencent', smpp: 'providerSmpp', sandbox: 'providerSandbox' };
  return t(labels[provider]);
}

/** One field of a provider's form: where it goes in the request and whether it is a secret. */
export interface ProviderField {
  readonly key: string;
  readonly label: Key;
  /** A line under the field saying where to find the value. */
  readonly hint?: Key;
  readonly target: 'credentials' | 'settings';
  readonly secret?: boolean;
  readonly required?: boolean;
  readonly numeric?: boolean;
  readonly placeholder?: string;
}

/**
 * What each provider needs (src/accounts/sms-account.schema.ts for credentials,
 * src/send/sms/provider-factory.ts for settings). Secrets are password inputs and are sent once.
 */
export const PROVIDER_FIELDS: Readonly<Record<SmsProvider, readonly ProviderField[]>> = {
  twilio: [
    { key: 'accountSid', label: 'accountSid', target: 'credentials', required: true, placeholder: 'AC…' },
    { key: 'authToken', label: 'authToken', target: 'credentials', secret: true, required: true },
    { key: 'messagingServiceSid', label: 'messagingServiceSid', target: 'settings', placeholder: 'MG…' },
  ],
  aliyun: [
    { key: 'accessKeyId', label: 'accessKeyId', target: 'credentials', required: true },
    { key: 'accessKeySecret', label: 'accessKeySecret', target: 'credentials', secret: true, required: true },
    { key: 'templateCode', label: 'templateCode', target: 'settings', placeholder: 'SMS_123456789' },
    { key: 'regionId', label: 'regionId', target: 'settings', placeholder: 'cn-hangzhou' },
  ],
  tencent: [
    { key: 'secretId', label: 'secretId', target: 'credentials', required: true, placeholder: 'AKID…' },
    { key: 'secretKey', label: 'secretKey', target: 'credentials', secret: true, required: true },
    { key: 'sdkAppId', label: 'sdkAppId', hint: 'sdkAppIdHint', target: 'settings', required: true, placeholder: '1400006666' },
    { key: 'templateId', label: 'tencentTemplateId', hint: 'tencentTemplateIdHint', target: 'settings', placeholder: '1234567' },
    { key: 'region', label: 'tencentRegion', hint: 'tencentRegionHint', target: 'settings', placeholder: 'ap-guangzhou' },
  ],
  smpp: [
    { key: 'host', label: 'smppHost', target: 'settings', required: true },
    { key: 'port', label: 'smppPort', target: 'settings', numeric: true, placeholder: '2775' },
    { key: 'systemId', label: 'systemId', target: 'credentials', required: true },
    { key: 'password', label: 'smppPassword', target: 'credentials', secret: true, required: true },
  ],
  // Local: nothing to connect to, nothing to authenticate.
  sandbox: [],
};

/** A stored credential's label in the reader's language (its key when the form does not know it). */
export function credentialLabel(provider: SmsProvider, key: string, t: Translate<Key>): string {
  const field = PROVIDER_FIELDS[provider].find((f) => f.key === key);
  return field ? t(field.label) : key;
}
