import { sql } from 'kysely';
import { isTidingsError, TidingsError } from '../../platform/errors/index.js';
import { systemClock } from '../../platform/clock/index.js';
import type { AccountRef } from '../accounts/index.js';
import { providerTemplateText, smsVersionForReview, type ProviderParam } from '../templates/index.js';
import { reviewerOf, type ApprovalDeps } from './approval.client.js';
import { syncSignature } from './signature-approval.service.js';
import { bindingsOf, bindingView, upsertBinding, type TemplateBinding } from './bindings.repository.js';

/** Which template version to submit: by template (id or name) and version number (the current one when omitted). */
export interface TemplateRef {
  readonly template: number | string;
  readonly version?: number | undefined;
}

/** Aliyun takes names up to 30 characters; the others are longer. */
const NAME_MAX = 30;

const now = (deps: ApprovalDeps) => (deps.clock ?? systemClock).now();

function marketingVariables(language: string, accountName: string): TidingsError {
  return new TidingsError(
    'SMS_APPROVAL_MARKETING_VARIABLES',
    `The ${language} text is a marketing SMS with merge fields, and the provider of SMS account ${accountName} refuses variables in marketing templates. Remove the merge fields from the text (or mark the template as a notification if it is one), then submit it again.`,
    { context: { language, smsAccount: accountName } },
  );
}

/**
 * Submits every language variant of an SMS template version to the account's provider for
 * review, converted to the provider's syntax. Variants already pending or approved are left as
 * they are; a rejected or draft one is submitted again. Refused before anything is sent when a
 * variant cannot be a provider template (conditional parts) or is a marketing text with
 * variables at a provider that forbids them.
 */
export async function submitTemplate(deps: ApprovalDeps, input: TemplateRef & { readonly smsAccount: AccountRef; readonly remark?: string | undefined }): Promise<TemplateBinding[]> {
  const { account, client } = await reviewerOf(deps, input.smsAccount);
  const version = await smsVersionForReview(deps.db, { template: input.template, ...(input.version !== undefined ? { version: input.version } : {}) });
  const kind = version.isMarketing ? 'marketing' : 'notification';
  const drafts = version.variants.map((variant) => {
    const text = providerTemplateText(variant.body, { placeholders: client.placeholders, provider: client.kind, isMarketing: version.isMarketing, language: variant.language });
    if (version.isMarketing && !client.marketingVariables && text.params.length > 0) throw marketingVariables(variant.language, account.name);
    return { language: variant.language, ...text };
  });
  const existing = await bindingsOf(deps.db, version.versionId, account.id);
  const out: TemplateBinding[] = [];
  for (const draft of drafts) {
    const held = existing.get(draft.language);
    if (held && (held.status === 'pending' || held.status === 'approved') && held.content === draft.content) {
      out.push(held);
      continue;
    }
    const name = `${version.templateName} v${version.version} ${draft.language}`.slice(0, NAME_MAX);
    const remark = input.remark?.trim() || `${kind === 'marketing' ? 'Marketing' : 'Notification'} SMS to our own customers, sent by Tidings (template "${version.templateName}").`;
    const state = await client.submitTemplate({ name, content: draft.content, kind, remark });
    const at = now(deps);
    out.push(
      await upsertBinding(
        deps.db,
        {
          templateId: version.templateId,
          versionId: version.versionId,
          language: draft.language,
          smsAccountId: account.id,
          code: state.code,
          content: draft.content,
          params: draft.params,
          kind,
          status: state.status,
          reason: state.reason ?? null,
          origin: 'submitted',
          submittedAt: at,
          syncedAt: null,
        },
        at,
      ),
    );
  }
  return out;
}

/** Asks the provider where one binding stands and records it (status, reviewer's reason, sync time). */
export async function syncTemplate(deps: ApprovalDeps, bindingId: number): Promise<TemplateBinding> {
  const row = await deps.db.selectFrom('sms_template_bindings').selectAll().where('id', '=', bindingId).executeTakeFirst();
  if (!row) throw new TidingsError('NOT_FOUND', `No provider template binding ${bindingId}.`, { context: { bindingId } });
  if (row.provider_code === null) return bindingView(row);
  const { client } = await reviewerOf(deps, Number(row.sms_account_id));
  const state = await client.queryTemplate(row.provider_code);
  const saved = await deps.db
    .updateTable('sms_template_bindings')
    .set({ status: state.status, reason: state.status === 'rejected' ? (state.reason ?? null) : null, synced_at: now(deps), updated_at: now(deps) })
    .where('id', '=', bindingId)
    .returningAll()
    .executeTakeFirstOrThrow();
  return bindingView(saved);
}

/** Result of {@link syncPending}. */
export interface SyncReport {
  readonly checked: number;
  readonly changed: number;
  readonly failed: number;
}

/**
 * Syncs the pending templates and signatures, least recently synced first, at most `limit` of
 * each per call (the periodic sync of the `schedule` role, and the "sync all" button). A provider
 * that cannot be reached is counted and tried again next time.
 */
export async function syncPending(deps: ApprovalDeps, options: { readonly limit?: number } = {}): Promise<SyncReport> {
  const limit = options.limit ?? 20;
  const templates = await deps.db
    .selectFrom('sms_template_bindings')
    .select(['id', 'status'])
    .where('status', '=', 'pending')
    .orderBy(sql`coalesce(synced_at, 0)`)
    .orderBy('id', 'asc')
    .limit(limit)
    .execute();
  const signatures = await deps.db.selectFrom('sms_signatures').select(['id', 'status']).where('status', '=', 'pending').orderBy(sql`coalesce(synced_at, 0)`).orderBy('id', 'asc').limit(limit).execute();
  let changed = 0;
  let failed = 0;
  for (const [items, sync] of [
    [templates, (id: number) => syncTemplate(deps, id)],
    [signatures, (id: number) => syncSignature(deps, id)],
  ] as const) {
    for (const item of items) {
      try {
        const after = await sync(Number(item.id));
        if (after.status !== item.status) changed++;
      } catch (error) {
        if (!isTidingsError(error)) throw error;
        failed++;
      }
    }
  }
  return { checked: templates.length + signatures.length, changed, failed };
}

/**
 * Binds a template variant to a provider template code that exists already (approved in the
 * provider's console): the parameters are the variant's merge tags in the provider's syntax,
 * the status is the provider's.
 */
export async function bindTemplateCode(
  deps: ApprovalDeps,
  input: TemplateRef & { readonly smsAccount: AccountRef; readonly code: string; readonly language?: string | undefined; readonly params?: readonly ProviderParam[] | undefined },
): Promise<TemplateBinding> {
  const { account, client } = await reviewerOf(deps, input.smsAccount);
  const version = await smsVersionForReview(deps.db, { template: input.template, ...(input.version !== undefined ? { version: input.version } : {}) });
  const variant = input.language ? version.variants.find((v) => v.language === input.language) : version.variants[0];
  if (!variant) throw new TidingsError('NOT_FOUND', `Template "${version.templateName}" has no ${input.language} text.`, { context: { language: input.language } });
  const text = providerTemplateText(variant.body, { placeholders: client.placeholders, provider: client.kind, isMarketing: version.isMarketing, language: variant.language });
  const state = await client.queryTemplate(input.code.trim());
  const params = input.params ?? text.params;
  // The console's template decides which parameters the provider takes: a binding whose names differ
  // would look approved and have every message refused on the day.
  if (state.content !== undefined) {
    const wanted = placeholdersOf(state.content, client.placeholders);
    const given = [...new Set(params.map((p) => p.name))].sort();
    if (wanted.join(',') !== given.join(',')) {
      const show = (names: readonly string[]) => (names.length === 0 ? 'none' : names.map((n) => (client.placeholders === 'named' ? `\${${n}}` : `{${n}}`)).join(', '));
      throw new TidingsError('SMS_APPROVAL_PARAMS_MISMATCH', `Template ${state.code} at the provider takes ${show(wanted)}; this template's text fills in ${show(given)}. Make them match, or submit this template for approval instead.`, {
        context: { code: state.code, provider: wanted, template: given },
      });
    }
  }
  const at = now(deps);
  return upsertBinding(
    deps.db,
    {
      templateId: version.templateId,
      versionId: version.versionId,
      language: variant.language,
      smsAccountId: account.id,
      code: state.code,
      content: state.content ?? text.content,
      params,
      kind: version.isMarketing ? 'marketing' : 'notification',
      status: state.status,
      reason: state.reason ?? null,
      origin: 'bound',
      submittedAt: null,
      syncedAt: at,
    },
    at,
  );
}

/** Bindings, newest version first, narrowed by template, version and/or SMS account. */
export async function listTemplateBindings(
  deps: Pick<ApprovalDeps, 'db'>,
  filter: { readonly templateId?: number | undefined; readonly versionId?: number | undefined; readonly smsAccountId?: number | undefined } = {},
): Promise<TemplateBinding[]> {
  let query = deps.db.selectFrom('sms_template_bindings').selectAll().orderBy('version_id', 'desc').orderBy('sms_account_id').orderBy('language');
  if (filter.templateId !== undefined) query = query.where('template_id', '=', filter.templateId);
  if (filter.versionId !== undefined) query = query.where('version_id', '=', filter.versionId);
  if (filter.smsAccountId !== undefined) query = query.where('sms_account_id', '=', filter.smsAccountId);
  return (await query.limit(500).execute()).map(bindingView);
}

/** The variables of a provider's template text: Aliyun's `${name}` names or Tencent's `{1}` positions, sorted. */
function placeholdersOf(content: string, syntax: 'named' | 'positional'): string[] {
  const pattern = syntax === 'named' ? /\$\{(\w+)\}/g : /\{(\d+)\}/g;
  return [...new Set([...content.matchAll(pattern)].map((m) => m[1] as string))].sort();
}
