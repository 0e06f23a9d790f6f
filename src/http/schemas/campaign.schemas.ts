import { z } from 'zod';
import { BOUNCE_REASONS, copiesToSent, failureReasonOf, tokensInMessageIds, type Campaign, type CampaignProgress, type OutboxRow } from '../../modules/sending/index.js';
import { ErrorSchema, singleLine } from '../api.schemas.js';
import { dataErrorResponses, EpochMs, IdSchema } from './common.schemas.js';
import { AudienceSelectionBodySchema } from './customer.schemas.js';

const CAMPAIGN_STATUSES = ['draft', 'scheduled', 'running', 'paused', 'cancelled', 'finished', 'failed'] as const;
const OUTBOX_STATES = ['queued', 'sending', 'sent', 'failed', 'deferred', 'unknown', 'suppressed', 'cancelled'] as const;

/** A sending account named by its id or its name, as the CLI accepts it. */
const AccountRefSchema = z.union([IdSchema, singleLine(100)]).describe('account id or name');

/** Campaign error responses: also 402 (SMS balance) for the estimate/start paths. */
export const campaignErrorResponses = {
  ...dataErrorResponses,
  409: ErrorSchema.describe('The campaign is not in a state that allows this (SEND_CAMPAIGN_STATE), or the template is for the other channel (TEMPLATE_CHANNEL_MISMATCH)'),
} as const;

/** Which template version to send: a version id, or a template (id or name) and optionally a version number. */
const TemplateChoice = {
  templateVersionId: IdSchema.optional().describe('a template version id (what the campaign stores)'),
  template: z.union([IdSchema, singleLine(200)]).optional().describe('template id or name; its current version unless templateVersion is given'),
  templateVersion: z.number().int().positive().optional().describe('version number of `template`'),
};

export const CampaignCreateSchema = z.strictObject({
  name: singleLine(200),
  channel: z.enum(['email', 'sms']).default('email'),
  mailAccount: AccountRefSchema.optional().describe('email: the sending mail account; the default account when absent'),
  smsAccount: AccountRefSchema.optional().describe('sms: the SMS account (its wallet pays); the default SMS account when absent'),
  ...TemplateChoice,
  audience: AudienceSelectionBodySchema.default({}).describe('the parts are combined as a union; nothing selected means everybody'),
  schedule: z
    .record(z.string(), z.unknown())
    .nullable()
    .optional()
    .describe(
      'when to send, as `tidings schedule-preview` reads it; absent or null = when started. e.g. { "kind": "at", "at": "2027-02-06T01:00:00Z" }, ' +
        '{ "kind": "local", "date": "2027-02-06", "time": "09:00" }, { "kind": "holiday", "holiday": "mid-autumn", "time": "09:00" }',
    ),
  tracking: z.boolean().default(false),
  copyToSent: z.boolean().optional().describe("file a copy of each message in the account's IMAP Sent folder; default false (true for one-offs)"),
});

export const OneOffSchema = z.strictObject({
  customerIds: z.array(IdSchema).min(1).max(500).describe('customers to write to (each gets their own copy)'),
  template: TemplateChoice.template,
  templateVersion: TemplateChoice.templateVersion,
  subject: singleLine(998).optional().describe('instead of a template: the subject (merge tags allowed) …'),
  text: z.string().min(1).max(100_000).optional().describe('… and the plain-text body'),
  mailAccount: AccountRefSchema.optional().describe("default: the caller's own mail account; sales users can use no other"),
  name: singleLine(200).optional().describe('shown in lists; default "One-off by <user>"'),
  copyToSent: z.boolean().default(true).describe("file a copy in the sender's IMAP Sent folder, as a mail client would"),
  tracking: z.boolean().default(false).describe('count opens and clicks; off unless asked, as a personal letter should be'),
});

export const CampaignListQuerySchema = z.strictObject({
  status: z.enum(CAMPAIGN_STATUSES).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  kind: z.enum(['bulk', 'oneoff', 'all']).default('bulk').describe("bulk: marketers' campaigns (default); oneoff: sales reps' personal letters; all: both"),
});

export const MessagesQuerySchema = z.strictObject({
  state: z.enum(OUTBOX_STATES).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  after: IdSchema.optional().describe('nextAfter of the previous page'),
});

export const CampaignSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  channel: z.enum(['email', 'sms']),
  kind: z.enum(['bulk', 'oneoff']),
  mailAccountId: z.number().int().nullable(),
  smsAccountId: z.number().int().nullable(),
  templateVersionId: z.number().int(),
  audience: z.record(z.string(), z.unknown()),
  schedule: z.record(z.string(), z.unknown()).nullable().describe('null: sent when started'),
  status: z.enum(CAMPAIGN_STATUSES),
  statusReason: z.string().nullable(),
  tracking: z.boolean(),
  copyToSent: z.boolean().describe("messages are copied to the account's IMAP Sent folder"),
  createdBy: z.string().nullable(),
  createdAt: EpochMs,
  startedAt: EpochMs.nullable(),
  finishedAt: EpochMs.nullable(),
  updatedAt: EpochMs,
});

export const ProgressSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  status: z.enum(CAMPAIGN_STATUSES),
  statusReason: z.string().nullable(),
  total: z.number().int(),
  counts: z.record(z.enum(OUTBOX_STATES), z.number().int()).describe('messages per state'),
  remaining: z.number().int().describe('queued + deferred + sending'),
  ratePerSecond: z.number().describe('sent per second over the last half minute'),
  etaSeconds: z.number().int().nullable().describe('null when nothing was sent lately'),
  materialized: z.boolean().describe('every recipient has a message row'),
  tracking: z
    .object({
      opened: z.number().int().describe('messages opened at least once (unique opens)'),
      clicked: z.number().int().describe('messages with at least one link clicked (unique clicks)'),
      opens: z.number().int().describe('every open, repeats included'),
      clicks: z.number().int().describe('every click, repeats included'),
    })
    .optional()
    .describe('only on campaigns with tracking on'),
});

export const CampaignDetailSchema = CampaignSchema.extend({ progress: ProgressSchema });

export const MessageSchema = z.object({
  id: z.number().int(),
  customerId: z.number().int(),
  address: z.string(),
  state: z.enum(OUTBOX_STATES),
  attempts: z.number().int(),
  errorCode: z.string().nullable(),
  error: z.string().nullable(),
  messageId: z.string().nullable().describe('email: our Message-ID with its reply token masked; SMS: the provider message id'),
  parts: z.number().int().nullable(),
  costMinor: z.number().int().nullable(),
  nextAttemptAt: EpochMs.nullable(),
  sentAt: EpochMs.nullable(),
  updatedAt: EpochMs,
  opens: z.number().int().optional().describe('tracked campaigns: times this message was opened'),
  clicks: z.number().int().optional().describe('tracked campaigns: clicks on its links'),
  customerName: z.string().nullable().optional().describe("the customer's display name; null once the customer was deleted"),
  customerTimeZone: z.string().nullable().optional().describe("the customer's time zone (the service default when they have none); quiet-hour holds are read on it"),
  reason: z.enum(BOUNCE_REASONS).nullable().describe('why a refused or bounced message was not delivered (user-unknown, mailbox-full, …); null otherwise'),
  smtpCode: z.number().int().nullable().describe('the SMTP reply code of a refusal during the session, e.g. 550'),
  smtpStatus: z.string().nullable().describe('the enhanced status code of that refusal, e.g. 5.1.1'),
  complained: z.boolean().optional().describe('the recipient reported the message as spam'),
  language: z.string().nullable().describe('the template language variant the recipient got (zh-CN, en); null when not recorded'),
});

export const MessagePageSchema = z.object({ items: z.array(MessageSchema), nextAfter: z.number().int().nullable() });

export const EstimateSchema = z.object({
  campaignId: z.number().int(),
  smsAccountId: z.number().int(),
  provider: z.enum(['twilio', 'aliyun', 'tencent', 'smpp', 'sandbox']),
  selected: z.number().int().describe('customers the audience selects'),
  recipients: z.number().int().describe('will get a message: selected − suppressed − without a number'),
  suppressed: z.number().int(),
  noAddress: z.number().int(),
  characters: z.number().int().describe('of the longest message (signature and opt-out included)'),
  encoding: z.enum(['GSM-7', 'UCS-2']),
  partsPerMessage: z.number().int().describe('parts of the longest message'),
  parts: z.number().int().describe("all recipients' parts, each text rendered for its recipient"),
  exact: z.boolean().describe('every recipient was rendered (false: past the first 2,000, counted at the longest message)'),
  priceMinor: z.number().int().describe('price per part now'),
  costMinor: z.number().int().describe('parts × priceMinor'),
  currency: z.string(),
  balanceMinor: z.number().int(),
  sufficient: z.boolean().describe('the balance covers the estimate'),
});

export const ResendSchema = z.object({ requeued: z.number().int(), progress: ProgressSchema });

const parseJson = (text: string | null): Record<string, unknown> | null => {
  if (text === null || text === '') return null;
  const value: unknown = JSON.parse(text);
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
};

/** A campaign row as the API shows it. */
export function campaignView(c: Campaign): z.infer<typeof CampaignSchema> {
  return {
    id: Number(c.id),
    name: c.name,
    channel: c.channel,
    kind: c.kind,
    mailAccountId: c.mail_account_id,
    smsAccountId: c.sms_account_id,
    templateVersionId: c.template_version_id,
    audience: parseJson(c.audience) ?? {},
    schedule: parseJson(c.schedule),
    status: c.status,
    statusReason: c.status_reason,
    tracking: c.tracking === 1,
    copyToSent: copiesToSent(c),
    createdBy: c.created_by,
    createdAt: Number(c.created_at),
    startedAt: c.started_at === null ? null : Number(c.started_at),
    finishedAt: c.finished_at === null ? null : Number(c.finished_at),
    updatedAt: Number(c.updated_at),
  };
}

/** Progress as the API shows it (a plain copy: the service's object is typed read-only). */
export const progressView = (p: CampaignProgress): z.infer<typeof ProgressSchema> => ({ ...p, counts: { ...p.counts } });

/**
 * Our Message-IDs carry the reply token (`<tid.{token}@domain>`); anyone holding it could forge a
 * reply filed to the customer, so lists show the id with the token masked.
 */
export function maskMessageId(messageId: string | null): string | null {
  if (messageId === null) return null;
  let masked = messageId;
  for (const token of tokensInMessageIds(messageId)) masked = masked.replace(new RegExp(token, 'gi'), '••••');
  return masked;
}

/** One outbox row as the API shows it: never the reply token. */
export function messageView(r: OutboxRow): z.infer<typeof MessageSchema> {
  return {
    id: Number(r.id),
    customerId: Number(r.customer_id),
    address: r.address,
    state: r.state,
    attempts: r.attempts,
    errorCode: r.error_code,
    error: r.error_text,
    messageId: r.channel === 'email' ? maskMessageId(r.message_id) : r.message_id,
    parts: r.parts,
    costMinor: r.cost_minor === null ? null : Number(r.cost_minor),
    nextAttemptAt: r.next_attempt_at === null ? null : Number(r.next_attempt_at),
    sentAt: r.sent_at === null ? null : Number(r.sent_at),
    updatedAt: Number(r.updated_at),
    reason: failureReasonOf(r),
    smtpCode: r.smtp_code,
    smtpStatus: r.smtp_status,
    language: r.language,
  };
}
