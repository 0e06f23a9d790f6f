import { createHash } from 'node:crypto';
import type { ProviderSignatureDraft, ProviderSignatureState, ProviderTemplateDraft, ProviderTemplateState, SmsApprovalClient } from './approval.js';

/** Content with this word is "rejected" by the sandbox reviewer, so the rejected path can be tried offline. */
export const SANDBOX_REJECT_WORD = '【reject】';

const codeFor = (prefix: string, text: string) => `${prefix}${createHash('sha256').update(text).digest('hex').slice(0, 10).toUpperCase()}`;

/**
 * The sandbox provider's reviewer, for trying the approval flow without a cloud account: no
 * network, no state. A submitted template or signature is pending; the first query (the next
 * sync) approves it, unless its text holds {@link SANDBOX_REJECT_WORD}, then it is rejected with a
 * reason. The code is derived from the text (the query knows the verdict from the code alone).
 * Named placeholders, like Aliyun; marketing templates may hold variables (it is not a carrier).
 */
export class SandboxApprovalClient implements SmsApprovalClient {
  readonly kind = 'sandbox' as const;
  readonly placeholders = 'named' as const;
  readonly marketingVariables = true;

  async submitTemplate(draft: ProviderTemplateDraft): Promise<ProviderTemplateState> {
    const rejected = draft.content.includes(SANDBOX_REJECT_WORD);
    return { code: codeFor(rejected ? 'SBXR_' : 'SBX_', `${draft.kind}\n${draft.content}`), status: 'pending', content: draft.content };
  }

  async queryTemplate(code: string): Promise<ProviderTemplateState> {
    return code.startsWith('SBXR_') ? { code, status: 'rejected', reason: `The sandbox reviewer rejects texts containing ${SANDBOX_REJECT_WORD}.` } : { code, status: 'approved' };
  }

  async submitSignature(draft: ProviderSignatureDraft): Promise<ProviderSignatureState> {
    return { ref: draft.name, name: draft.name, status: 'pending' };
  }

  async querySignature(ref: string): Promise<ProviderSignatureState> {
    return ref.includes('reject') ? { ref, name: ref, status: 'rejected', reason: 'The sandbox reviewer rejects signatures containing "reject".' } : { ref, name: ref, status: 'approved' };
  }
}
