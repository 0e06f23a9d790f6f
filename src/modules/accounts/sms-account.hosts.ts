import { isTidingsError, TidingsError } from '../../platform/errors/index.js';
import type { SmsProviderName } from './sms-account.schema.js';
import { assertHostAllowed, type HostGuardOptions } from '../../platform/net/ssrf.guard.js';

/** The user-supplied endpoint of each provider's settings: a URL or a bare host. */
const ENDPOINTS: Readonly<Partial<Record<SmsProviderName, { readonly key: string; readonly kind: 'url' | 'host'; readonly label: string }>>> = {
  twilio: { key: 'apiBaseUrl', kind: 'url', label: 'Twilio API base URL' },
  aliyun: { key: 'endpoint', kind: 'url', label: 'Aliyun endpoint' },
  tencent: { key: 'endpoint', kind: 'url', label: 'Tencent Cloud endpoint' },
  smpp: { key: 'host', kind: 'host', label: 'SMPP host' },
};

/**
 * The save-time half of the SSRF guard for SMS accounts: the endpoint a user typed (Twilio API
 * base URL, Aliyun or Tencent Cloud endpoint, SMPP host) must not resolve to a private/loopback address unless
 * allow-listed (`ACCOUNT_HOST_FORBIDDEN`). A name that does not resolve now is accepted (DNS may
 * be down); the connector checks it again on every connection anyway.
 */
export async function assertSmsEndpointAllowed(
  provider: SmsProviderName,
  name: string,
  settings: Readonly<Record<string, unknown>>,
  guard: HostGuardOptions,
): Promise<void> {
  const endpoint = ENDPOINTS[provider];
  // The sandbox connects nowhere.
  if (!endpoint) return;
  const value = settings[endpoint.key];
  if (value === undefined) return;
  const setting = `${endpoint.label} of SMS account ${name}`;
  let host: string;
  if (endpoint.kind === 'url') {
    const url = typeof value === 'string' && URL.canParse(value) ? new URL(value) : undefined;
    if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:')) {
      throw new TidingsError('VALIDATION_FAILED', `The ${setting} must be an http(s) URL, e.g. https://dysmsapi.aliyuncs.com/.`, {
        context: { fields: [`settings.${endpoint.key}`] },
      });
    }
    host = url.hostname;
  } else {
    if (typeof value !== 'string' || value.trim() === '') {
      throw new TidingsError('VALIDATION_FAILED', `The ${setting} must be a host name or IP address.`, { context: { fields: [`settings.${endpoint.key}`] } });
    }
    host = value;
  }
  try {
    await assertHostAllowed(host, guard, setting);
  } catch (error) {
    if (isTidingsError(error, 'ACCOUNT_HOST_UNRESOLVED')) return;
    throw error;
  }
}
