import type { Generated } from 'kysely';

/** Where a binding stands: not sent yet, under review, approved, rejected (with the reviewer's reason). */
export type BindingStatus = 'draft' | 'pending' | 'approved' | 'rejected';

/**
 * An SMS template variant (one language of one version) bound, per SMS account, to the provider's
 * template (migration 1000). The provider sends by code + parameters; `params` maps each provider
 * parameter to the merge tag it is filled from, so each recipient's values are rendered at send time.
 */
export interface SmsTemplateBindingsTable {
  id: Generated<number>;
  template_id: number;
  version_id: number;
  /** The variant's language (BCP 47), as in template_variants. */
  language: string;
  sms_account_id: number;
  /** The provider's template code (Aliyun SMS_…, Tencent's TemplateId); null while a draft. */
  provider_code: string | null;
  /** The text in the provider's syntax, as submitted (or as the provider holds it). */
  content: string;
  /** JSON [{name, source}]: provider parameter → merge tag. */
  params: string;
  /** 'marketing' | 'notification'. */
  kind: string;
  status: BindingStatus;
  reason: string | null;
  /** 'submitted' (through Tidings) or 'bound' (a code approved in the provider's console, bound by hand). */
  origin: string;
  submitted_at: number | null;
  synced_at: number | null;
  created_at: number;
  updated_at: number;
}

/** A signature (签名) of an SMS account as its provider reviews it (migration 1001). */
export interface SmsSignaturesTable {
  id: Generated<number>;
  sms_account_id: number;
  /** The name shown as 【name】. */
  name: string;
  source: string;
  remark: string;
  /** The provider's handle (Aliyun: the name; Tencent: SignId). */
  provider_ref: string | null;
  status: BindingStatus;
  reason: string | null;
  submitted_at: number | null;
  synced_at: number | null;
  created_at: number;
  updated_at: number;
}

/** Row types of the tables src/modules/sms-approval adds (see sms-approval.migrations.ts). */
export interface SmsApprovalTables {
  sms_template_bindings: SmsTemplateBindingsTable;
  sms_signatures: SmsSignaturesTable;
}

declare module '../../platform/db/schema.js' {
  // Registers this module's tables in the store's schema (see DatabaseSchema).
  interface DatabaseSchema extends SmsApprovalTables {}
}
