import { TidingsError } from '../../platform/errors/index.js';
import type { ApprovalStatus, ProviderSignatureDraft, ProviderSignatureState, ProviderTemplateDraft, ProviderTemplateState, SignatureSource, SmsApprovalClient } from './approval.js';
import { callTencent, type TencentApiOptions } from './tencent-api.js';

/** Tencent's SignType per source, and the proof (DocumentType) a company-verified account sends with it. */
const SIGN_TYPES: Readonly<Partial<Record<SignatureSource, { readonly signType: number; readonly documentType: number }>>> = {
  // 1 = business licence, accepted for company, app, website and official account names.
  company: { signType: 0, documentType: 1 },
  app: { signType: 1, documentType: 1 },
  website: { signType: 2, documentType: 1 },
  'public-account': { signType: 3, documentType: 1 },
  // A trademark name is proven by its registration certificate (7) and nothing else.
  trademark: { signType: 4, documentType: 7 },
};

/** Tencent's review StatusCode: 0 approved (in force), 1 under review, 2 approved but not yet in force, -1 rejected. */
function statusOf(code: unknown): ApprovalStatus {
  if (code === 0) return 'approved';
  if (code === -1) return 'rejected';
  return 'pending';
}

const idOf = (ref: string, what: string): number => {
  if (!/^\d+$/.test(ref)) throw new TidingsError('VALIDATION_FAILED', `Tencent Cloud ${what} IDs are numbers; "${ref}" is not one.`);
  return Number(ref);
};

/**
 * Tencent Cloud's review API (SMS 2021-01-11) behind the SmsApprovalClient seam: AddSmsTemplate /
 * DescribeSmsTemplateList and AddSmsSign / DescribeSmsSignList, for mainland China (International
 * 0). Templates number their variables {1}, {2}… and marketing templates may hold none.
 */
export class TencentApprovalClient implements SmsApprovalClient {
  readonly kind = 'tencent' as const;
  readonly placeholders = 'positional' as const;
  readonly marketingVariables = false;
  readonly #api: TencentApiOptions;

  constructor(api: TencentApiOptions) {
    this.#api = api;
  }

  /** AddSmsTemplate: SmsType 1 for marketing, else 0 (verification codes are ordinary SMS at Tencent). */
  async submitTemplate(draft: ProviderTemplateDraft): Promise<ProviderTemplateState> {
    const answer = await callTencent(this.#api, 'AddSmsTemplate', {
      TemplateName: draft.name,
      TemplateContent: draft.content,
      SmsType: draft.kind === 'marketing' ? 1 : 0,
      International: 0,
      Remark: draft.remark,
    });
    const id = (answer.AddTemplateStatus as { TemplateId?: unknown } | undefined)?.TemplateId;
    if (id === undefined || id === null || String(id) === '') throw new TidingsError('SMS_OUTCOME_UNKNOWN', 'tencent: AddSmsTemplate answered without a TemplateId', { context: { provider: 'tencent' } });
    return { code: String(id), status: 'pending', content: draft.content };
  }

  /** DescribeSmsTemplateList for one TemplateId. */
  async queryTemplate(code: string): Promise<ProviderTemplateState> {
    const answer = await callTencent(this.#api, 'DescribeSmsTemplateList', { TemplateIdSet: [idOf(code, 'template')], International: 0 });
    const found = (answer.DescribeTemplateStatusSet as Record<string, unknown>[] | undefined)?.find((t) => String(t.TemplateId) === code);
    if (!found) throw new TidingsError('SMS_REJECTED', `Tencent Cloud has no template ${code}.`, { context: { provider: 'tencent', providerCode: 'NotFound' } });
    const status = statusOf(found.StatusCode);
    const reason = typeof found.ReviewReply === 'string' && found.ReviewReply ? found.ReviewReply : undefined;
    return { code, status, ...(status === 'rejected' && reason ? { reason } : {}), ...(typeof found.TemplateContent === 'string' ? { content: found.TemplateContent } : {}) };
  }

  /** AddSmsSign, for the account's own use (SignPurpose 0), with the proof image as bare base64. */
  async submitSignature(draft: ProviderSignatureDraft): Promise<ProviderSignatureState> {
    const type = SIGN_TYPES[draft.source];
    if (!type) throw new TidingsError('VALIDATION_FAILED', 'Tencent Cloud has no signature type for a shop name; submit it as the company name or a trademark.');
    if (!draft.proof) throw new TidingsError('VALIDATION_FAILED', 'Tencent Cloud reviews a signature only with a proof image (business licence or trademark certificate).');
    if (draft.proof.type === 'pdf') throw new TidingsError('VALIDATION_FAILED', 'Tencent Cloud takes the signature proof as an image (PNG or JPEG), not a PDF.');
    const answer = await callTencent(this.#api, 'AddSmsSign', {
      SignName: draft.name,
      SignType: type.signType,
      DocumentType: type.documentType,
      International: 0,
      SignPurpose: 0,
      // Tencent wants the bare base64, without a data:image/…;base64, prefix.
      ProofImage: draft.proof.base64.replace(/^data:[^,]*,/, ''),
      Remark: draft.remark,
    });
    const id = (answer.AddSignStatus as { SignId?: unknown } | undefined)?.SignId;
    if (typeof id !== 'number' && typeof id !== 'string') throw new TidingsError('SMS_OUTCOME_UNKNOWN', 'tencent: AddSmsSign answered without a SignId', { context: { provider: 'tencent' } });
    return { ref: String(id), name: draft.name, status: 'pending' };
  }

  /** DescribeSmsSignList for one SignId. */
  async querySignature(ref: string): Promise<ProviderSignatureState> {
    const answer = await callTencent(this.#api, 'DescribeSmsSignList', { SignIdSet: [idOf(ref, 'signature')], International: 0 });
    const found = (answer.DescribeSignListStatusSet as Record<string, unknown>[] | undefined)?.find((s) => String(s.SignId) === ref);
    if (!found) throw new TidingsError('SMS_REJECTED', `Tencent Cloud has no signature ${ref}.`, { context: { provider: 'tencent', providerCode: 'NotFound' } });
    const status = statusOf(found.StatusCode);
    const reason = typeof found.ReviewReply === 'string' && found.ReviewReply ? found.ReviewReply : undefined;
    return { ref, name: String(found.SignName ?? ''), status, ...(status === 'rejected' && reason ? { reason } : {}) };
  }
}
