import { z } from 'zod';
import { EpochMs } from './common.schemas.js';

const Status = z.enum(['draft', 'pending', 'approved', 'rejected']);

/** A template variant bound to a provider template on one SMS account. */
export const TemplateBindingSchema = z.object({
  id: z.number().int(),
  templateId: z.number().int(),
  versionId: z.number().int(),
  language: z.string(),
  smsAccountId: z.number().int(),
  code: z.string().nullable().describe("the provider's template code (Aliyun SMS_…)"),
  content: z.string().describe("the text in the provider's syntax (${name} or {1})"),
  params: z.array(z.object({ name: z.string(), source: z.string().describe('the merge tag it is filled from') })).readonly(),
  kind: z.enum(['marketing', 'notification']),
  status: Status,
  reason: z.string().nullable().describe("the reviewer's reason when rejected"),
  origin: z.enum(['submitted', 'bound']),
  submittedAt: EpochMs.nullable(),
  syncedAt: EpochMs.nullable(),
});

export const SignatureBindingSchema = z.object({
  id: z.number().int(),
  smsAccountId: z.number().int(),
  name: z.string(),
  source: z.string(),
  remark: z.string(),
  ref: z.string().nullable(),
  status: Status,
  reason: z.string().nullable(),
  submittedAt: EpochMs.nullable(),
  syncedAt: EpochMs.nullable(),
});

export const ApprovalAccountSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  provider: z.string(),
  reviews: z.boolean().describe('whether the provider reviews templates and signatures before delivering them'),
  placeholders: z.enum(['named', 'positional']).nullable(),
  marketingVariables: z.boolean().describe('whether marketing templates may hold variables'),
});

export const TemplateApprovalsSchema = z.object({
  versionId: z.number().int(),
  version: z.number().int(),
  languages: z.array(z.string()),
  accounts: z.array(ApprovalAccountSchema),
  bindings: z.array(TemplateBindingSchema),
});

export const TemplateApprovalSchema = z.object({
  status: z.enum(['approved', 'legacy', 'not-required', 'pending', 'rejected', 'missing']),
  sendable: z.boolean(),
  smsAccountName: z.string(),
  languages: z.array(z.object({ language: z.string(), status: z.enum(['draft', 'pending', 'approved', 'rejected', 'missing']), reason: z.string().nullable() })).readonly(),
  reason: z.string().nullable(),
  marketingVariables: z.boolean(),
  message: z.string().nullable().describe('what to do, when not sendable'),
});

export const ApprovalWarningSchema = z.object({
  campaignId: z.number().int(),
  campaignName: z.string(),
  holiday: z.object({ key: z.string(), name: z.string(), nameEn: z.string() }),
  inDays: z.number().int(),
  at: EpochMs,
  status: z.string(),
  message: z.string(),
  messageZh: z.string(),
});

export const SubmitTemplateBodySchema = z.strictObject({
  smsAccountId: z.number().int().positive(),
  version: z.number().int().positive().optional().describe('default: the current version'),
  remark: z.string().trim().max(200).optional().describe("what the template is for; the provider's reviewers read it"),
});

export const BindTemplateBodySchema = z.strictObject({
  smsAccountId: z.number().int().positive(),
  code: z.string().trim().min(1).max(64).describe("a template code approved in the provider's console"),
  language: z.string().max(35).optional().describe("the variant it belongs to (default: the template's default language)"),
  version: z.number().int().positive().optional(),
});

export const SyncReportSchema = z.object({ checked: z.number().int(), changed: z.number().int(), failed: z.number().int() });
