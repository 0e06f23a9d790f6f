import { z } from 'zod';
import { MailAccountInputSchema, MailAccountPatchSchema, SmsAccountInputSchema, type MailAccountView, type SmsAccountView } from '../../modules/accounts/index.js';
import { MASK } from '../../platform/crypto/index.js';
import { EpochMs } from './common.schemas.js';

/** A stored secret as responses show it: the mask when one is stored, else null. Never the value. */
const Masked = z.literal(MASK).nullable().describe(`"${MASK}" when stored, null when not; secrets are write-only`);
const Security = z.enum(['tls', 'starttls', 'none']);

/** One server's login test: on failure, what failed and what to do. */
export const VerifyCheckSchema = z.object({
  protocol: z.enum(['smtp', 'imap', 'pop3']),
  server: z.string().describe('host:port'),
  ok: z.boolean(),
  error: z.object({ code: z.string(), message: z.string(), retryable: z.boolean() }).optional(),
});

/** A mail account as the API shows it. */
export const MailAccountSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  displayName: z.string(),
  email: z.string(),
  replyTo: z.string().nullable(),
  signatureText: z.string().nullable(),
  signatureHtml: z.string().nullable(),
  provider: z.string().nullable(),
  incoming: z
    .object({ protocol: z.enum(['imap', 'pop3']), host: z.string(), port: z.number().int(), security: Security, username: z.string(), password: Masked })
    .nullable(),
  leaveCopy: z.boolean(),
  smtp: z.object({ host: z.string(), port: z.number().int(), security: Security, auth: z.boolean(), username: z.string().nullable(), password: Masked }),
  limits: z.object({ perSecond: z.number().int().nullable(), perMinute: z.number().int().nullable(), perHour: z.number().int().nullable(), perDay: z.number().int().nullable() }),
  plusAddressing: z.boolean(),
  tlsVerify: z.boolean(),
  isDefault: z.boolean(),
  ownerUserId: z.number().int().nullable().describe("the user whose personal mailbox this is; null: shared"),
  lastCheck: z
    .object({ at: EpochMs, ok: z.boolean(), checks: z.array(VerifyCheckSchema).readonly() })
    .nullable()
    .describe('the last login test (stored when the mailbox was added with verify, or verified since); null: never checked'),
  createdAt: EpochMs,
  updatedAt: EpochMs,
});

/** A mail account just saved, with what the save did besides. */
export const MailAccountSavedSchema = MailAccountSchema.extend({
  droppedPasswords: z
    .array(z.enum(['incoming', 'smtp']))
    .readonly()
    .describe('stored passwords removed because host, port, security or user name of their server changed: enter them again'),
  warnings: z.array(z.string()).readonly().describe('e.g. a host that does not resolve right now'),
});

const create = MailAccountInputSchema.shape;
const patch = MailAccountPatchSchema.shape;

/**
 * The accounts module's own input schemas, made strict at every level so a misspelt field is a
 * 400 instead of silently ignored. The module validates again (cross-field rules) on save.
 */
export const MailAccountCreateSchema = z.strictObject({
  ...create,
  verify: z.boolean().optional().describe('log in to the servers first and store the result with the mailbox (lastCheck)'),
  ownerUserId: z.number().int().positive().nullable().optional().describe('admins only: the user whose mailbox this is (null or absent: shared; a sales rep\'s is always their own)'),
  incoming: create.incoming.unwrap().strict().optional(),
  smtp: create.smtp.strict(),
  limits: create.limits.unwrap().strict().default({}),
});

export const MailAccountUpdateSchema = z.strictObject({
  ...patch,
  incoming: patch.incoming.unwrap().unwrap().strict().nullable().optional(),
  smtp: patch.smtp.unwrap().strict().optional(),
  limits: patch.limits.unwrap().strict().optional(),
});

/** An SMS account as the API shows it: credential names with masked values. */
export const SmsAccountSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  provider: z.enum(['twilio', 'aliyun', 'tencent', 'smpp', 'sandbox']),
  credentials: z.record(z.string(), z.literal(MASK)).describe('each stored credential by name, its value masked'),
  settings: z.record(z.string(), z.unknown()),
  senderId: z.string().nullable(),
  signature: z.string().nullable(),
  currency: z.string(),
  timeZone: z.string(),
  isDefault: z.boolean(),
  webhook: z
    .object({
      auth: z.enum(['signature', 'token', 'none']).describe('signature: Twilio signs callbacks; token: the callback URL carries a secret token; none: no HTTP callbacks'),
      tokenSet: z.boolean().describe('whether a webhook token is stored; the token itself is shown only once, by POST /api/sms-accounts/{id}/webhook-token'),
    })
    .strict(),
  createdAt: EpochMs,
  updatedAt: EpochMs,
});

/** POST /api/sms-accounts/:id/webhook-token: the new callback links, token included, shown this once. */
export const SmsWebhookTokenSchema = z.object({
  account: SmsAccountSchema,
  token: z.string().describe('the new webhook token; not stored in readable form, not shown again'),
  statusUrl: z.string().describe('delivery-receipt callback URL to paste into the provider console'),
  inboundUrl: z.string().describe('inbound-message callback URL to paste into the provider console'),
});

const [twilio, aliyun, tencent, smpp, sandbox] = SmsAccountInputSchema.options;

/** Create body: the module's union by provider, strict (credentials are checked per provider). */
export const SmsAccountCreateSchema = z.discriminatedUnion('provider', [twilio.strict(), aliyun.strict(), tencent.strict(), smpp.strict(), sandbox.strict()]);

type MailAccountBody = z.infer<typeof MailAccountSchema>;
type SmsAccountBody = z.infer<typeof SmsAccountSchema>;

/** Whatever the view holds for a secret, the response gets the mask or null, never more. */
const mask = (value: string | null): typeof MASK | null => (value === null ? null : MASK);

/** The save result: the account re-masked, plus dropped passwords and warnings. */
export function mailAccountSavedBody(saved: { account: MailAccountView; droppedPasswords: readonly ('incoming' | 'smtp')[]; warnings: readonly string[] }) {
  return { ...mailAccountBody(saved.account), droppedPasswords: [...saved.droppedPasswords], warnings: [...saved.warnings] };
}

/** The accounts module's view with its secrets re-masked for the response. */
export function mailAccountBody(view: MailAccountView): MailAccountBody {
  return {
    ...view,
    incoming: view.incoming && { ...view.incoming, password: mask(view.incoming.password) },
    smtp: { ...view.smtp, password: mask(view.smtp.password) },
    limits: { ...view.limits },
    lastCheck: view.lastCheck && { ...view.lastCheck, checks: view.lastCheck.checks.map((c) => ({ ...c, ...(c.error ? { error: { code: c.error.code, message: c.error.message, retryable: c.error.retryable } } : {}) })) },
  };
}

/** The SMS view with each credential value replaced by the mask. */
export function smsAccountBody(view: SmsAccountView): SmsAccountBody {
  return {
    ...view,
    credentials: Object.fromEntries(Object.keys(view.credentials).map((name) => [name, MASK])),
    settings: { ...view.settings },
    webhook: { auth: view.webhook.auth, tokenSet: view.webhook.tokenSet },
  };
}

/** PATCH /api/sms-accounts/:id: blank or absent credentials keep the stored ones. */
export { SmsAccountPatchSchema } from '../../modules/accounts/index.js';

/** POST /api/sms-accounts/:id/test-message: one message to a number the user typed, billed like any. */
export const SmsTestMessageSchema = z.strictObject({
  to: z.string().trim().min(3).max(32).describe('the phone number to send to, any common form (+86 138 0013 8000)'),
  text: z.string().trim().min(1).max(500).describe('the text; the account signature is added once where the provider does not add it'),
});
export const SmsTestResultSchema = z.object({
  to: z.string(),
  text: z.string().describe('the text handed to the provider'),
  parts: z.number().int(),
  priceMinor: z.number().int(),
  costMinor: z.number().int(),
  balanceMinor: z.number().int(),
  providerMessageId: z.string(),
});
