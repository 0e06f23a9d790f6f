import type { SmsProviderKind } from './segments.js';

/*
 * The seam between Tidings and a provider's review of SMS templates and signatures (签名).
 * Chinese providers deliver only approved signatures and templates, and review takes hours
 * (Aliyun) to days. Each provider that reviews implements SmsApprovalClient over its own API;
 * providers that do not review (Twilio, SMPP) have none.
 */

/** Where a template or signature stands at the provider. */
export type ApprovalStatus = 'pending' | 'approved' | 'rejected';

/** What a template is for, as providers classify it (each maps it to its own type code). */
export type ProviderTemplateKind = 'notification' | 'marketing' | 'verification';

/** A template to submit, already in the provider's placeholder syntax (see `SmsApprovalClient.placeholders`). */
export interface ProviderTemplateDraft {
  /** A name people recognise in the provider's console. */
  readonly name: string;
  /** The text, with the provider's placeholders: Aliyun `${name}`, Tencent `{1}`. */
  readonly content: string;
  readonly kind: ProviderTemplateKind;
  /** What it is used for; the provider's reviewers read it. */
  readonly remark: string;
}

/** A template as the provider sees it. */
export interface ProviderTemplateState {
  /** The provider's template code (Aliyun `SMS_…`, Tencent's numeric TemplateId). */
  readonly code: string;
  readonly status: ApprovalStatus;
  /** The reviewer's reason when rejected. */
  readonly reason?: string;
  /** The text the provider holds, when it says. */
  readonly content?: string;
}

/** Where a signature's name comes from, which decides the proof the provider asks for. */
export type SignatureSource = 'company' | 'app' | 'website' | 'trademark' | 'public-account' | 'store';

/** A signature to submit. */
export interface ProviderSignatureDraft {
  /** The name shown as 【name】, without the brackets. */
  readonly name: string;
  readonly source: SignatureSource;
  /** What it is used for; the provider's reviewers read it. */
  readonly remark: string;
  /** A proof document (business licence, app screenshot…) as base64, with its file type. */
  readonly proof?: { readonly base64: string; readonly type: 'png' | 'jpg' | 'jpeg' | 'pdf' };
}

/** A signature as the provider sees it. */
export interface ProviderSignatureState {
  /** The provider's handle for later queries: Aliyun the name itself, Tencent the numeric SignId. */
  readonly ref: string;
  readonly name: string;
  readonly status: ApprovalStatus;
  readonly reason?: string;
}

/**
 * One provider's review API. Methods throw TidingsError with the SMS provider codes
 * (SMS_AUTH_FAILED, SMS_PROVIDER_UNAVAILABLE, SMS_REJECTED …) so callers treat every provider alike.
 */
export interface SmsApprovalClient {
  readonly kind: SmsProviderKind;
  /** Placeholder syntax the provider's templates use: named `${name}` or positional `{1}`. */
  readonly placeholders: 'named' | 'positional';
  /** Whether the provider accepts variables in marketing templates (both Aliyun and Tencent refuse them). */
  readonly marketingVariables: boolean;
  submitTemplate(draft: ProviderTemplateDraft): Promise<ProviderTemplateState>;
  queryTemplate(code: string): Promise<ProviderTemplateState>;
  submitSignature(draft: ProviderSignatureDraft): Promise<ProviderSignatureState>;
  querySignature(ref: string): Promise<ProviderSignatureState>;
}
