import type { Kysely, Selectable } from 'kysely';
import type { DatabaseSchema } from '../../platform/db/index.js';
import type { ProviderParam } from '../templates/index.js';
import type { BindingStatus, SmsSignaturesTable, SmsTemplateBindingsTable } from './sms-approval.tables.js';

type Db = Kysely<DatabaseSchema>;

/** A template variant's binding to a provider template on one SMS account, as callers see it. */
export interface TemplateBinding {
  readonly id: number;
  readonly templateId: number;
  readonly versionId: number;
  readonly language: string;
  readonly smsAccountId: number;
  /** The provider's template code; null while a draft. */
  readonly code: string | null;
  /** The text in the provider's syntax. */
  readonly content: string;
  /** Provider parameter → merge tag it is filled from. */
  readonly params: readonly ProviderParam[];
  readonly kind: 'marketing' | 'notification';
  readonly status: BindingStatus;
  readonly reason: string | null;
  readonly origin: 'submitted' | 'bound';
  readonly submittedAt: number | null;
  readonly syncedAt: number | null;
}

/** A signature of an SMS account as its provider reviews it. */
export interface SignatureBinding {
  readonly id: number;
  readonly smsAccountId: number;
  readonly name: string;
  readonly source: string;
  readonly remark: string;
  readonly ref: string | null;
  readonly status: BindingStatus;
  readonly reason: string | null;
  readonly submittedAt: number | null;
  readonly syncedAt: number | null;
}

export function bindingView(row: Selectable<SmsTemplateBindingsTable>): TemplateBinding {
  return {
    id: Number(row.id),
    templateId: Number(row.template_id),
    versionId: Number(row.version_id),
    language: row.language,
    smsAccountId: Number(row.sms_account_id),
    code: row.provider_code,
    content: row.content,
    params: JSON.parse(row.params) as ProviderParam[],
    kind: row.kind === 'marketing' ? 'marketing' : 'notification',
    status: row.status,
    reason: row.reason,
    origin: row.origin === 'bound' ? 'bound' : 'submitted',
    submittedAt: row.submitted_at === null ? null : Number(row.submitted_at),
    syncedAt: row.synced_at === null ? null : Number(row.synced_at),
  };
}

export function signatureView(row: Selectable<SmsSignaturesTable>): SignatureBinding {
  return {
    id: Number(row.id),
    smsAccountId: Number(row.sms_account_id),
    name: row.name,
    source: row.source,
    remark: row.remark,
    ref: row.provider_ref,
    status: row.status,
    reason: row.reason,
    submittedAt: row.submitted_at === null ? null : Number(row.submitted_at),
    syncedAt: row.synced_at === null ? null : Number(row.synced_at),
  };
}

/** What a new or replaced binding holds. */
export type BindingValues = Omit<TemplateBinding, 'id'>;

/** Writes the binding of (version, language, account), replacing the one there (a resubmission after a rejection). */
export async function upsertBinding(db: Db, values: BindingValues, now: number): Promise<TemplateBinding> {
  const row = {
    template_id: values.templateId,
    version_id: values.versionId,
    language: values.language,
    sms_account_id: values.smsAccountId,
    provider_code: values.code,
    content: values.content,
    params: JSON.stringify(values.params),
    kind: values.kind,
    status: values.status,
    reason: values.reason,
    origin: values.origin,
    submitted_at: values.submittedAt,
    synced_at: values.syncedAt,
    updated_at: now,
  };
  const saved = await db
    .insertInto('sms_template_bindings')
    .values({ ...row, created_at: now })
    .onConflict((oc) => oc.columns(['version_id', 'language', 'sms_account_id']).doUpdateSet(row))
    .returningAll()
    .executeTakeFirstOrThrow();
  return bindingView(saved);
}

/** The bindings of a version on an account, by language. */
export async function bindingsOf(db: Db, versionId: number, smsAccountId: number): Promise<Map<string, TemplateBinding>> {
  const rows = await db.selectFrom('sms_template_bindings').selectAll().where('version_id', '=', versionId).where('sms_account_id', '=', smsAccountId).execute();
  return new Map(rows.map((r) => [r.language, bindingView(r)]));
}
