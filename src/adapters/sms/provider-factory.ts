import { z } from 'zod';
import type { ConnectGuard } from '../../platform/net/guarded.connector.js';
import { TidingsError } from '../../platform/errors/index.js';
import { bareSignName } from './segments.js';
import type { Clock } from '../../platform/clock/index.js';
import { AliyunApprovalClient } from './aliyun-approval.client.js';
import { AliyunProvider } from './aliyun.provider.js';
import type { SmsApprovalClient } from './approval.js';
import { SandboxApprovalClient } from './sandbox-approval.client.js';
import { SandboxProvider, type SandboxOutbox } from './sandbox.provider.js';
import { SmppProvider } from './smpp.provider.js';
import type { DeliveryReceipt, InboundSms, SmsProvider } from './sms-provider.js';
import { TencentApprovalClient } from './tencent-approval.js';
import { TencentProvider } from './tencent.provider.js';
import { TwilioProvider } from './twilio.provider.js';

/** Callbacks for providers that push over their own connection (SMPP). */
export interface ProviderHooks {
  readonly onReceipt?: (receipt: DeliveryReceipt) => void;
  readonly onInbound?: (message: InboundSms) => void;
  readonly onError?: (error: Error) => void;
  /** Where the sandbox provider stores what it "sends" (required for a sandbox account). */
  readonly sandbox?: SandboxOutbox;
}

const TwilioSettings = z.object({
  messagingServiceSid: z.string().optional(),
  statusCallbackUrl: z.string().url().optional(),
  apiBaseUrl: z.string().url().optional(),
});
const AliyunSettings = z.object({
  templateCode: z.string().optional(),
  endpoint: z.string().url().optional(),
  regionId: z.string().optional(),
});
/** Tencent Cloud: the SMS application, the default template ({1} carrying the text), region, and an endpoint for tests. */
export const TencentSettings = z.object({
  sdkAppId: z.coerce.string().regex(/^\d{6,12}$/, 'expected the SMS application SdkAppId, e.g. 1400006666'),
  templateId: z.coerce.string().regex(/^\d+$/, 'expected a numeric template ID').optional(),
  region: z.string().min(1).default('ap-guangzhou'),
  endpoint: z.string().url().optional(),
});
const SmppSettings = z.object({
  host: z.string().min(1),
  port: z.coerce.number().int().min(1).max(65535).default(2775),
  systemType: z.string().optional(),
  enquireLinkMs: z.coerce.number().int().positive().optional(),
});

/**
 * What the factory reads of an SMS account, credentials already decrypted (the accounts module's
 * `SmsAccount` has this shape). Never log it whole.
 */
export interface SmsProviderAccount {
  readonly name: string;
  readonly provider: 'twilio' | 'aliyun' | 'tencent' | 'smpp' | 'sandbox';
  /** twilio {accountSid, authToken | apiKeySid+apiKeySecret}; aliyun {accessKeyId, accessKeySecret}; tencent {secretId, secretKey}; smpp {systemId, password}. */
  readonly credentials: Readonly<Record<string, string>>;
  readonly settings: Readonly<Record<string, unknown>>;
  readonly senderId: string | null;
  readonly signature: string | null;
  /** The callback token (providers that do not sign callbacks); null when none is stored. */
  readonly webhookToken: string | null;
}

/** Reads an account's settings against a provider's schema; SMS_PROVIDER_NOT_SUPPORTED naming what is missing. */
export function settings<T extends z.ZodType>(schema: T, account: SmsProviderAccount): z.infer<T> {
  const parsed = schema.safeParse(account.settings);
  if (!parsed.success) {
    throw new TidingsError('SMS_PROVIDER_NOT_SUPPORTED', `SMS account ${account.name}: settings are incomplete: ${parsed.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ')}`);
  }
  return parsed.data;
}


/**
 * Builds the provider adapter for an SMS account (credentials already decrypted by loadSmsAccount).
 * `guard` (TIDINGS_ALLOW_PRIVATE_HOSTS) applies to every user-supplied endpoint the provider
 * connects to (Twilio API base URL, Aliyun and Tencent endpoints, SMPP host); webhook parsing never connects.
 */
export function createSmsProvider(account: SmsProviderAccount, hooks: ProviderHooks = {}, guard: ConnectGuard = {}): SmsProvider {
  const c = account.credentials;
  const guardFor = (what: string): ConnectGuard => ({ ...guard, setting: `${what} of SMS account ${account.name}` });
  switch (account.provider) {
    case 'twilio': {
      const s = settings(TwilioSettings, account);
      if (!c.authToken) {
        throw new TidingsError('SMS_PROVIDER_NOT_SUPPORTED', `SMS account ${account.name}: Tidings needs the Twilio auth token (it also verifies X-Twilio-Signature).`);
      }
      return new TwilioProvider({
        accountSid: c.accountSid ?? '',
        authToken: c.authToken,
        ...(account.senderId ? { from: account.senderId } : {}),
        ...s,
        guard: guardFor('Twilio API base URL'),
      });
    }
    case 'aliyun': {
      const s = settings(AliyunSettings, account);
      const signName = bareSignName(account.signature);
      const callbackToken = account.webhookToken ?? undefined;
      return new AliyunProvider({
        accessKeyId: c.accessKeyId ?? '',
        accessKeySecret: c.accessKeySecret ?? '',
        ...(signName ? { signName } : {}),
        ...(callbackToken ? { callbackToken } : {}),
        ...s,
        guard: guardFor('Aliyun endpoint'),
      });
    }
    case 'tencent': {
      const s = settings(TencentSettings, account);
      return new TencentProvider({
        secretId: c.secretId ?? '',
        secretKey: c.secretKey ?? '',
        sdkAppId: s.sdkAppId,
        signName: bareSignName(account.signature),
        templateId: s.templateId,
        region: s.region,
        endpoint: s.endpoint,
        callbackToken: account.webhookToken ?? undefined,
        guard: guardFor('Tencent Cloud endpoint'),
      });
    }
    case 'smpp': {
      const s = settings(SmppSettings, account);
      return new SmppProvider({
        host: s.host,
        port: s.port,
        guard: guardFor('SMPP host'),
        systemId: c.systemId ?? '',
        password: c.password ?? '',
        sourceAddr: account.senderId ?? '',
        ...(s.systemType ? { systemType: s.systemType } : {}),
        ...(s.enquireLinkMs ? { enquireLinkMs: s.enquireLinkMs } : {}),
        ...hooks,
      });
    }
    case 'sandbox': {
      if (!hooks.sandbox) throw new TidingsError('SMS_PROVIDER_NOT_SUPPORTED', `SMS account ${account.name}: the sandbox provider has nowhere to store messages in this process.`);
      return new SandboxProvider({
        outbox: hooks.sandbox,
        ...(account.senderId ? { senderId: account.senderId } : {}),
        ...(hooks.onError ? { onError: hooks.onError } : {}),
      });
    }
    default:
      throw new TidingsError('SMS_PROVIDER_NOT_SUPPORTED', `SMS account ${(account as SmsProviderAccount).name} uses an unknown provider.`);
  }
}

/**
 * The review API of an SMS account's provider (credentials already decrypted), or undefined for
 * providers that deliver without reviewing templates and signatures (Twilio, SMPP). Every call goes
 * through the SSRF guard like sending does. The sandbox gets a local, deterministic reviewer.
 */
export function createSmsApprovalClient(account: SmsProviderAccount, guard: ConnectGuard = {}, clock?: Clock): SmsApprovalClient | undefined {
  const c = account.credentials;
  switch (account.provider) {
    case 'aliyun': {
      const s = settings(AliyunSettings, account);
      return new AliyunApprovalClient({
        accessKeyId: c.accessKeyId ?? '',
        accessKeySecret: c.accessKeySecret ?? '',
        ...(s.endpoint ? { endpoint: s.endpoint } : {}),
        ...(s.regionId ? { regionId: s.regionId } : {}),
        guard: { ...guard, setting: `Aliyun endpoint of SMS account ${account.name}` },
        ...(clock ? { clock } : {}),
      });
    }
    case 'tencent': {
      const s = settings(TencentSettings, account);
      return new TencentApprovalClient({
        secretId: c.secretId ?? '',
        secretKey: c.secretKey ?? '',
        region: s.region,
        endpoint: s.endpoint,
        guard: { ...guard, setting: `Tencent Cloud endpoint of SMS account ${account.name}` },
        ...(clock ? { clock } : {}),
      });
    }
    case 'sandbox':
      return new SandboxApprovalClient();
    default:
      return undefined;
  }
}
