import { z } from 'zod';
import { EpochMs, IdSchema } from './common.schemas.js';

const AccountRefSchema = z.union([IdSchema, z.string().min(1).max(100)]).describe('account id or name');

/** Someone a one-off was not sent to, and why. */
export const SkippedSchema = z.object({
  customerId: z.number().int(),
  name: z.string(),
  reason: z.enum(['unsubscribed', 'hard-bounce', 'soft-bounce', 'complaint', 'manual', 'sms-keyword', 'no-address']),
  address: z.string().nullable().describe('the suppressed address or domain; null with no-address'),
  since: EpochMs.nullable().describe('when the suppression was recorded'),
  detail: z.string().nullable(),
});

export const SenderSchema = z.object({ id: z.number().int(), name: z.string(), displayName: z.string(), email: z.string() });

export const OneoffPreviewBodySchema = z.strictObject({
  customerId: IdSchema.describe('render for this customer (the first one selected)'),
  template: z.union([IdSchema, z.string().min(1).max(200)]).optional(),
  templateVersion: z.number().int().positive().optional(),
  subject: z.string().max(998).optional(),
  text: z.string().max(100_000).optional(),
  mailAccount: AccountRefSchema.optional(),
});

export const OneoffPreviewSchema = z.object({
  customerId: z.number().int(),
  customerName: z.string(),
  subject: z.string(),
  text: z.string(),
  html: z.string().nullable(),
  from: SenderSchema.nullable().describe('the mailbox it goes out from; null: the writer has none'),
  fields: z.array(z.object({ insert: z.string(), path: z.string(), value: z.string() })).describe("the customer's merge fields that hold a value"),
});

export const MyOneoffSchema = z.object({
  campaignId: z.number().int(),
  createdAt: EpochMs,
  subject: z.string().nullable(),
  recipients: z.number().int(),
  sent: z.number().int(),
  notDelivered: z.number().int().describe('failed, bounced, suppressed, unknown or cancelled'),
  pending: z.number().int(),
});

export const CustomerSuppressionSchema = z.object({
  channel: z.enum(['email', 'sms']),
  scope: z.enum(['address', 'domain']),
  value: z.string(),
  reason: z.enum(['unsubscribed', 'hard-bounce', 'soft-bounce', 'complaint', 'manual', 'sms-keyword']),
  detail: z.string().nullable(),
  at: EpochMs,
});

export const MyInboxEntrySchema = z.object({
  id: z.number().int(),
  kind: z.enum(['reply', 'bounce', 'auto-reply']),
  from: z.string().nullable(),
  fromName: z.string().nullable(),
  subject: z.string().nullable(),
  date: EpochMs,
  customerId: z.number().int().nullable(),
  customerName: z.string().nullable(),
  campaignId: z.number().int().nullable(),
  bounceReason: z.string().nullable(),
  read: z.boolean(),
  preview: z.string().nullable(),
});

export const ReplyBodySchema = z.strictObject({
  text: z.string().min(1).max(100_000).describe('the answer, plain text (merge tags allowed)'),
  subject: z.string().min(1).max(998).optional().describe('default: "Re: " and the message\'s subject'),
});

export const ForwardBodySchema = z.strictObject({
  to: z
    .array(z.string().trim().toLowerCase().email({ message: 'Enter a valid email address, for example name@company.com.' }).max(254))
    .min(1)
    .max(5)
    .describe('one to five addresses (a colleague, a manager); addresses blocked for email are refused'),
  text: z.string().max(100_000).default('').describe('your note above the forwarded message, plain text'),
  subject: z.string().min(1).max(998).optional().describe('default: "Fwd: " and the message\'s subject'),
});

export const ForwardResultSchema = z.object({
  to: z.array(z.string()),
  subject: z.string(),
  messageId: z.string().describe('the Message-ID of the forwarded mail'),
  customerId: z.number().int().nullable().describe('the customer whose timeline shows the forward; null when the message is not filed under one'),
});

export const ReplyResultSchema = z.object({
  campaignId: z.number().int(),
  customerId: z.number().int(),
  subject: z.string(),
  inReplyTo: z.string().nullable(),
  skipped: z.array(SkippedSchema),
});
