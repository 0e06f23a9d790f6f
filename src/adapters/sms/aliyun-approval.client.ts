import { TidingsError } from '../../platform/errors/index.js';
import { callAliyun, type AliyunAnswer, type AliyunRpcOptions } from './aliyun-rpc.js';
import type {
  ApprovalStatus,
  ProviderSignatureDraft,
  ProviderSignatureState,
  ProviderTemplateDraft,
  ProviderTemplateKind,
  ProviderTemplateState,
  SignatureSource,
  SmsApprovalClient,
} from './approval.js';

/** Dysmsapi TemplateType: 0 verification code, 1 notification, 2 promotional (marketing). */
const TEMPLATE_TYPE: Record<ProviderTemplateKind, string> = { verification: '0', notification: '1', marketing: '2' };

/** Dysmsapi SignSource: 0 company, 1 MIIT-registered website, 2 app, 3 public account / mini program, 4 e-commerce store, 5 trademark. */
const SIGN_SOURCE: Record<SignatureSource, string> = { company: '0', website: '1', app: '2', 'public-account': '3', store: '4', trademark: '5' };

/** TemplateStatus / SignStatus: 0 under review, 1 approved, 2 rejected (10 = cancelled by the user, treated as rejected). */
function statusOf(value: unknown): ApprovalStatus {
  const n = Number(value);
  if (n === 1) return 'approved';
  if (n === 0) return 'pending';
  return 'rejected';
}

const text = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);

/**
 * Aliyun's review API (Dysmsapi 2017-05-25 AddSmsTemplate / QuerySmsTemplate / AddSmsSign /
 * QuerySmsSign), signed and sent exactly like SendSms. Templates use named `${name}` variables;
 * marketing templates may hold none (Aliyun refuses them), so `marketingVariables` is false.
 */
export class AliyunApprovalClient implements SmsApprovalClient {
  readonly kind = 'aliyun' as const;
  readonly placeholders = 'named' as const;
  readonly marketingVariables = false;
  readonly #options: AliyunRpcOptions;

  constructor(options: AliyunRpcOptions) {
    this.#options = options;
  }

  async submitTemplate(draft: ProviderTemplateDraft): Promise<ProviderTemplateState> {
    const answer = await callAliyun(this.#options, {
      Action: 'AddSmsTemplate',
      TemplateType: TEMPLATE_TYPE[draft.kind],
      TemplateName: draft.name,
      TemplateContent: draft.content,
      Remark: draft.remark,
    });
    const code = text(answer.TemplateCode);
    if (!code) throw noField(answer, 'TemplateCode');
    return { code, status: 'pending', content: draft.content };
  }

  async queryTemplate(code: string): Promise<ProviderTemplateState> {
    const answer = await callAliyun(this.#options, { Action: 'QuerySmsTemplate', TemplateCode: code });
    const reason = text(answer.Reason);
    const content = text(answer.TemplateContent);
    return { code: text(answer.TemplateCode) ?? code, status: statusOf(answer.TemplateStatus), ...(reason ? { reason } : {}), ...(content ? { content } : {}) };
  }

  async submitSignature(draft: ProviderSignatureDraft): Promise<ProviderSignatureState> {
    const action: Record<string, string> = {
      Action: 'AddSmsSign',
      SignName: draft.name,
      SignSource: SIGN_SOURCE[draft.source],
      Remark: draft.remark,
    };
    if (draft.proof) {
      // RPC flattens the list: SignFileList.1.FileContents (base64) and SignFileList.1.FileSuffix.
      action['SignFileList.1.FileContents'] = draft.proof.base64;
      action['SignFileList.1.FileSuffix'] = draft.proof.type;
    }
    const answer = await callAliyun(this.#options, action);
    const name = text(answer.SignName) ?? draft.name;
    // Aliyun's handle for a signature is its name.
    return { ref: name, name, status: 'pending' };
  }

  async querySignature(ref: string): Promise<ProviderSignatureState> {
    const answer = await callAliyun(this.#options, { Action: 'QuerySmsSign', SignName: ref });
    const reason = text(answer.Reason);
    const name = text(answer.SignName) ?? ref;
    return { ref: name, name, status: statusOf(answer.SignStatus), ...(reason ? { reason } : {}) };
  }
}

function noField(answer: AliyunAnswer, field: string): TidingsError {
  return new TidingsError('SMS_OUTCOME_UNKNOWN', `aliyun answered OK without ${field}`, { context: { provider: 'aliyun', requestId: answer.RequestId } });
}
