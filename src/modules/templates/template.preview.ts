import type { Kysely } from 'kysely';
import { countSegments, type SegmentCount, type SmsProviderKind } from '../../adapters/sms/index.js';
import type { DatabaseSchema } from '../../platform/db/index.js';
import { greetingLanguage } from './greeting.js';
import type { MergeContext } from './merge-context.js';
import { loadMailAccount, loadSmsAccount } from './merge-context.loader.js';
import { loadMergeCustomer } from '../customers/index.js';
import { PREVIEW_UNSUBSCRIBE_URL, SAMPLE_ACCOUNT, SAMPLE_CUSTOMERS } from './sample.customers.js';
import type { RenderedEmail, RenderedSms } from './compiled-template.js';
import type { TemplateRenderer } from './template.renderer.js';
import { TemplateRepository } from './templates.repository.js';
import { systemClock, type Clock } from '../../platform/clock/index.js';

/** What to preview. */
export interface PreviewRequest {
  /** Template id or name. */
  readonly template: number | string;
  /** Version number; the current version when omitted. */
  readonly version?: number;
  /** Render for this customer; a sample customer in the template's language otherwise. */
  readonly customerId?: number;
  /** Sending account (mail or SMS by channel); the default account otherwise. */
  readonly accountId?: number;
  /** Fail on unknown fields and unguarded empty values (TEMPLATE_UNKNOWN_FIELD / TEMPLATE_MISSING_VALUE). */
  readonly strict?: boolean;
  /** The unsubscribe link to show; a placeholder URL by default. */
  readonly unsubscribeUrl?: string;
  readonly now?: Date;
  /** SMS: count parts as this provider does; the sending account's provider by default. */
  readonly provider?: SmsProviderKind;
}

/** Identifies what was rendered. */
interface PreviewMeta {
  readonly templateId: number;
  readonly templateName: string;
  readonly versionId: number;
  readonly version: number;
}

/** A rendered preview: email parts, or SMS text with its character count. */
export type PreviewResult =
  | (PreviewMeta & { readonly channel: 'email' } & RenderedEmail)
  | (PreviewMeta & {
      readonly channel: 'sms';
      /** The provider the parts were counted for; absent when unknown (no account, unknown provider). */
      readonly provider?: SmsProviderKind;
      /** Encoding and billed parts at that provider (src/send/sms countSegments). */
      readonly segments?: SegmentCount;
    } & RenderedSms);

const PROVIDERS: ReadonlySet<string> = new Set<SmsProviderKind>(['twilio', 'aliyun', 'tencent', 'smpp', 'sandbox']);

/** Dependencies of {@link renderPreview}. */
export interface PreviewDeps {
  readonly db: Kysely<DatabaseSchema>;
  readonly renderer: TemplateRenderer;
  /** Dates the preview when the request gives no time; defaults to the system clock. */
  readonly clock?: Clock;
}

/**
 * Renders a template version for one customer (or a sample one) exactly as the send pipeline
 * would, through the same compiled version. A test send uses this result with the campaign-free
 * send path, so no campaign statistics change.
 */
export async function renderPreview(deps: PreviewDeps, request: PreviewRequest): Promise<PreviewResult> {
  const repository = new TemplateRepository({ db: deps.db });
  const { template, version } = await repository.getVersionByNumber(request.template, request.version);
  const compiled = await deps.renderer.compileVersion(version.id);
  // Without a chosen customer, a sample one who reads the template's default language.
  const templateLanguage = /^zh\b/i.test(compiled.defaultLanguage) ? 'zh-CN' : 'en';
  const customer = request.customerId === undefined ? SAMPLE_CUSTOMERS[templateLanguage] : await loadMergeCustomer(deps.db, request.customerId);
  const smsAccount = template.channel === 'sms' ? await loadSmsAccount(deps.db, request.accountId) : undefined;
  const chosen = (template.channel === 'sms' ? smsAccount?.account : await loadMailAccount(deps.db, request.accountId)) ?? SAMPLE_ACCOUNT;
  // A count asked "as Aliyun would" must also carry Aliyun's opt-out line (拒收请回复R), not the account's or the language's.
  const account = template.channel === 'sms' && request.provider ? { ...chosen, smsProvider: request.provider } : chosen;
  const ctx: MergeContext = {
    customer,
    account,
    campaign: { id: 0, name: greetingLanguage(customer) === 'zh-CN' ? '预览' : 'Preview' },
    links: { unsubscribe: request.unsubscribeUrl ?? PREVIEW_UNSUBSCRIBE_URL },
    now: request.now ?? (deps.clock ?? systemClock).date(),
  };
  const mode = request.strict ? 'strict' : 'send';
  const meta: PreviewMeta = { templateId: template.id, templateName: template.name, versionId: version.id, version: version.version };
  if (template.channel === 'email') return { ...meta, channel: 'email', ...compiled.renderEmail(ctx, mode) };
  const sms = compiled.renderSms(ctx, mode);
  const provider = request.provider ?? (PROVIDERS.has(smsAccount?.provider ?? '') ? (smsAccount?.provider as SmsProviderKind) : undefined);
  if (!provider) return { ...meta, channel: 'sms', ...sms };
  // The counter adds the signature the way the provider does (Aliyun: 【sign name】 in front).
  const segments = countSegments(sms.body, { provider, signature: sms.signature || undefined });
  return { ...meta, channel: 'sms', ...sms, provider, segments };
}
