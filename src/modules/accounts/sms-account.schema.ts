import { z } from 'zod';
import { AccountNameSchema } from './mail-account.schema.js';

const Secret = z.string().trim().min(1).max(512);

/** Credentials per SMS provider; all of it is sealed at rest. */
export const SmsCredentialsSchemas = {
  twilio: z
    .object({
      accountSid: z.string().regex(/^AC[0-9a-fA-F]{32}$/, 'expected a Twilio Account SID (AC + 32 hex digits)'),
      authToken: Secret.optional(),
      apiKeySid: z.string().regex(/^SK[0-9a-fA-F]{32}$/, 'expected a Twilio API key SID (SK + 32 hex digits)').optional(),
      apiKeySecret: Secret.optional(),
    })
    .strict()
    .refine((c) => c.authToken || (c.apiKeySid && c.apiKeySecret), {
      message: 'give authToken, or apiKeySid with apiKeySecret',
    }),
  aliyun: z.object({ accessKeyId: Secret, accessKeySecret: Secret }).strict(),
  /** Tencent Cloud API key pair (CAM → API keys): SecretId AKID…, SecretKey. */
  tencent: z.object({ secretId: Secret, secretKey: Secret }).strict(),
  smpp: z.object({ systemId: Secret, password: Secret }).strict(),
  /** The local sandbox needs no credentials: nothing leaves the machine. */
  sandbox: z.object({}).strict(),
} as const;

/** SMS providers Tidings sends through. */
export const SmsProviderSchema = z.enum(['twilio', 'aliyun', 'tencent', 'smpp', 'sandbox'], { message: 'expected twilio, aliyun, tencent, smpp or sandbox' });
export type SmsProviderName = z.infer<typeof SmsProviderSchema>;

/** A China-style signature, stored as 【…】; "某某公司" is accepted and wrapped. */
const Signature = z
  .string()
  .trim()
  .transform((s) => (s.startsWith('【') && s.endsWith('】') ? s : `【${s.replace(/^[[【]|[\]】]$/g, '')}】`))
  .refine((s) => /^【[^【】]{1,20}】$/.test(s), 'expected a signature of 1-20 characters, e.g. 【某某公司】');

const TimeZone = z.string().refine((zone) => {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}, 'expected an IANA time zone such as Asia/Shanghai');

const Common = {
  name: AccountNameSchema,
  /** Non-secret settings: endpoint, region, template code, SMPP host/port… */
  settings: z
    .record(z.string(), z.unknown())
    // The webhook token is a secret Tidings generates and seals; a plain setting would be shown.
    .refine((settings) => !('callbackToken' in settings), {
      message: 'callbackToken is no longer a setting: Tidings makes the webhook token itself; get the link with "New webhook link" or `tidings sms-account rotate-webhook-token <name>`',
    })
    .default({}),
  senderId: z.string().trim().min(1).max(32).optional(),
  signature: Signature.optional(),
  currency: z.string().regex(/^[A-Z]{3}$/, 'expected an ISO 4217 code such as CNY').default('CNY'),
  timeZone: TimeZone.default('Asia/Shanghai'),
  isDefault: z.boolean().default(false),
};

/** Tencent Cloud cannot send without its SMS application's SdkAppId; say so at save, not at the first send. */
export const TencentAccountSettingsSchema = Common.settings.refine((settings) => /^\d{6,12}$/.test(String(settings.sdkAppId ?? '')), {
  message: 'expected settings.sdkAppId, the SdkAppId of the SMS application (e.g. 1400006666)',
  path: ['sdkAppId'],
});

/** Everything needed to create an SMS account. */
export const SmsAccountInputSchema = z.discriminatedUnion('provider', [
  z.object({ provider: z.literal('twilio'), credentials: SmsCredentialsSchemas.twilio, ...Common }),
  z.object({ provider: z.literal('aliyun'), credentials: SmsCredentialsSchemas.aliyun, ...Common }),
  z.object({ provider: z.literal('tencent'), credentials: SmsCredentialsSchemas.tencent, ...Common, settings: TencentAccountSettingsSchema }),
  z.object({ provider: z.literal('smpp'), credentials: SmsCredentialsSchemas.smpp, ...Common }),
  z.object({ provider: z.literal('sandbox'), credentials: SmsCredentialsSchemas.sandbox.default({}), ...Common }),
]);

export type SmsAccountInput = z.input<typeof SmsAccountInputSchema>;

/**
 * An edit of an SMS account. The provider and currency stay (the wallet's ledger is in that
 * currency); a credential left blank or absent keeps the stored one; null clears sender/signature.
 */
export const SmsAccountPatchSchema = z
  .object({
    name: AccountNameSchema.optional(),
    credentials: z.record(z.string(), z.string().max(512)).optional(),
    settings: Common.settings.unwrap().optional(),
    senderId: z.string().trim().min(1).max(32).nullable().optional(),
    signature: Signature.nullable().optional(),
    timeZone: TimeZone.optional(),
  })
  .strict();
export type SmsAccountPatch = z.input<typeof SmsAccountPatchSchema>;
