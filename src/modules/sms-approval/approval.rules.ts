import type { Kysely } from 'kysely';
import type { DatabaseSchema } from '../../platform/db/index.js';
import { TidingsError } from '../../platform/errors/index.js';
import type { SmsProviderAccount } from '../../adapters/sms/index.js';
import { smsVersionForReview, type ProviderParam } from '../templates/index.js';
import { reviewTraits } from './approval.client.js';
import { bindingsOf } from './bindings.repository.js';
import type { BindingStatus } from './sms-approval.tables.js';

type Db = Kysely<DatabaseSchema>;

/** Where a campaign's template stands with its SMS account's provider. */
export interface TemplateApproval {
  /**
   * approved: every language approved · legacy: not bound, the account's single template code is
   * used (the fallback of accounts set up before bindings) · not-required: the provider does not
   * review · pending / rejected / missing (not submitted): it cannot be sent.
   */
  readonly status: 'approved' | 'legacy' | 'not-required' | 'pending' | 'rejected' | 'missing';
  /** Whether the campaign may be scheduled or started on this account. */
  readonly sendable: boolean;
  readonly smsAccountName: string;
  readonly languages: readonly { readonly language: string; readonly status: BindingStatus | 'missing'; readonly reason: string | null }[];
  /** The first rejection's reason. */
  readonly reason: string | null;
  /** A marketing template whose approved binding holds variables, at a provider that forbids them. */
  readonly marketingVariables: boolean;
}

/**
 * THE approval rule of an SMS campaign: whether its template version may go out on this SMS
 * account. Providers that do not review always may; the others need an approved binding for
 * every language of the version, or the account's legacy template code (the fallback).
 */
export async function templateApproval(db: Db, input: { readonly versionId: number; readonly smsAccountId: number }): Promise<TemplateApproval> {
  // Read here rather than through the accounts module: the rule needs no secret, and the campaign
  // service that calls it holds no key to open them.
  const account = await db.selectFrom('sms_accounts').select(['name', 'provider', 'settings']).where('id', '=', input.smsAccountId).executeTakeFirst();
  if (!account) throw new TidingsError('NOT_FOUND', `No SMS account ${input.smsAccountId}.`, { context: { id: input.smsAccountId } });
  const settings = JSON.parse(account.settings || '{}') as Record<string, unknown>;
  const traits = reviewTraits({ name: account.name, provider: account.provider as SmsProviderAccount['provider'], settings });
  const base = { smsAccountName: account.name, reason: null, marketingVariables: false };
  if (!traits) return { ...base, status: 'not-required', sendable: true, languages: [] };
  const version = await smsVersionForReview(db, { versionId: input.versionId });
  const bindings = await bindingsOf(db, input.versionId, input.smsAccountId);
  const languages = version.variants.map((v) => {
    const b = bindings.get(v.language);
    return { language: v.language, status: b?.status ?? ('missing' as const), reason: b?.status === 'rejected' ? b.reason : null };
  });
  const all = (s: string) => languages.every((l) => l.status === s);
  const marketingVariables = version.isMarketing && !traits.marketingVariables && [...bindings.values()].some((b) => b.status === 'approved' && b.params.length > 0);
  const reason = languages.find((l) => l.status === 'rejected')?.reason ?? null;
  if (languages.length > 0 && all('approved')) return { ...base, status: 'approved', sendable: !marketingVariables, languages, marketingVariables };
  // The account's own default template (Aliyun's templateCode, Tencent's templateId): what its provider sends when no binding is approved.
  const fallback = settings.templateCode ?? settings.templateId;
  const legacy = (typeof fallback === 'string' && fallback !== '') || typeof fallback === 'number';
  if (legacy) return { ...base, status: 'legacy', sendable: true, languages };
  const status = languages.some((l) => l.status === 'rejected') ? 'rejected' : languages.some((l) => l.status === 'missing' || l.status === 'draft') ? 'missing' : 'pending';
  return { ...base, status, sendable: false, languages, reason };
}

/** The message a person reads when a campaign is refused, in words they know. */
export function approvalRefusal(approval: TemplateApproval, templateName: string): TidingsError {
  if (approval.marketingVariables) {
    return new TidingsError(
      'SMS_APPROVAL_MARKETING_VARIABLES',
      `"${templateName}" is a marketing SMS with merge fields, and the provider of SMS account ${approval.smsAccountName} refuses variables in marketing templates. Remove the merge fields, submit the template for approval again, then schedule the campaign.`,
      { context: { smsAccount: approval.smsAccountName } },
    );
  }
  const what =
    approval.status === 'pending'
      ? `is still under review at the provider of SMS account ${approval.smsAccountName}. Wait for the approval (press "Sync now" on the template's Provider approval panel to check), then schedule the campaign.`
      : approval.status === 'rejected'
        ? `was rejected by the provider of SMS account ${approval.smsAccountName}${approval.reason ? ` (${approval.reason})` : ''}. Change the text as the reviewer asks, submit it for approval again on the template's Provider approval panel, then schedule the campaign.`
        : `is not approved by the provider of SMS account ${approval.smsAccountName}. Submit the template for approval on the template's Provider approval panel (or bind a template code approved in the provider's console), then schedule the campaign once it is approved.`;
  return new TidingsError('SMS_APPROVAL_REQUIRED', `The SMS template "${templateName}" ${what}`, {
    context: { smsAccount: approval.smsAccountName, status: approval.status, languages: approval.languages },
  });
}

/** Throws SMS_APPROVAL_REQUIRED / SMS_APPROVAL_MARKETING_VARIABLES unless the campaign's template may go out on the account. */
export async function assertTemplateApproved(db: Db, input: { readonly versionId: number; readonly smsAccountId: number }): Promise<TemplateApproval> {
  const approval = await templateApproval(db, input);
  if (approval.sendable) return approval;
  const version = await smsVersionForReview(db, { versionId: input.versionId });
  throw approvalRefusal(approval, version.templateName);
}

/** The approved provider template a message in this language is sent with, or undefined (not bound: the legacy path). */
export async function approvedBinding(db: Db, input: { readonly versionId: number; readonly language: string; readonly smsAccountId: number }): Promise<{ code: string; params: readonly ProviderParam[] } | undefined> {
  const row = await db
    .selectFrom('sms_template_bindings')
    .select(['provider_code', 'params'])
    .where('version_id', '=', input.versionId)
    .where('language', '=', input.language)
    .where('sms_account_id', '=', input.smsAccountId)
    .where('status', '=', 'approved')
    .executeTakeFirst();
  if (!row?.provider_code) return undefined;
  return { code: row.provider_code, params: JSON.parse(row.params) as ProviderParam[] };
}
