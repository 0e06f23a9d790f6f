import { z } from 'zod';
import { systemClock } from '../../platform/clock/index.js';
import { TidingsError } from '../../platform/errors/index.js';
import type { AccountRef } from '../accounts/index.js';
import { reviewerOf, type ApprovalDeps } from './approval.client.js';
import { signatureView, type SignatureBinding } from './bindings.repository.js';

/** A signature to submit, as HTTP and the CLI take it. */
export const SignatureInputSchema = z.object({
  name: z
    .string()
    .trim()
    .transform((s) => s.replace(/^【|】$/g, ''))
    .pipe(z.string().min(2).max(12)),
  source: z.enum(['company', 'app', 'website', 'trademark', 'public-account', 'store']).default('company'),
  remark: z.string().trim().min(1).max(200),
  proof: z.object({ base64: z.string().min(1).max(3_000_000), type: z.enum(['png', 'jpg', 'jpeg', 'pdf']) }).optional(),
});
export type SignatureInput = z.input<typeof SignatureInputSchema>;

/** Submits a signature (签名) of an SMS account for review; a pending or approved one of that name is left as it is. */
export async function submitSignature(deps: ApprovalDeps, smsAccount: AccountRef, input: SignatureInput): Promise<SignatureBinding> {
  const parsed = SignatureInputSchema.parse(input);
  const { account, client } = await reviewerOf(deps, smsAccount);
  const held = await deps.db.selectFrom('sms_signatures').selectAll().where('sms_account_id', '=', account.id).where('name', '=', parsed.name).executeTakeFirst();
  if (held && (held.status === 'pending' || held.status === 'approved')) return signatureView(held);
  const state = await client.submitSignature({ name: parsed.name, source: parsed.source, remark: parsed.remark, ...(parsed.proof ? { proof: parsed.proof } : {}) });
  const at = (deps.clock ?? systemClock).now();
  const row = {
    sms_account_id: account.id,
    name: parsed.name,
    source: parsed.source,
    remark: parsed.remark,
    provider_ref: state.ref,
    status: state.status,
    reason: state.reason ?? null,
    submitted_at: at,
    synced_at: null,
    updated_at: at,
  };
  const saved = await deps.db
    .insertInto('sms_signatures')
    .values({ ...row, created_at: at })
    .onConflict((oc) => oc.columns(['sms_account_id', 'name']).doUpdateSet(row))
    .returningAll()
    .executeTakeFirstOrThrow();
  return signatureView(saved);
}

/** Asks the provider where a signature stands and records it. */
export async function syncSignature(deps: ApprovalDeps, id: number): Promise<SignatureBinding> {
  const row = await deps.db.selectFrom('sms_signatures').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw new TidingsError('NOT_FOUND', `No signature ${id}.`, { context: { id } });
  if (row.provider_ref === null) return signatureView(row);
  const { client } = await reviewerOf(deps, Number(row.sms_account_id));
  const state = await client.querySignature(row.provider_ref);
  const at = (deps.clock ?? systemClock).now();
  const saved = await deps.db
    .updateTable('sms_signatures')
    .set({ status: state.status, reason: state.status === 'rejected' ? (state.reason ?? null) : null, synced_at: at, updated_at: at })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
  return signatureView(saved);
}

/** An SMS account's signatures, by name. */
export async function listSignatures(deps: Pick<ApprovalDeps, 'db'>, smsAccountId: number): Promise<SignatureBinding[]> {
  const rows = await deps.db.selectFrom('sms_signatures').selectAll().where('sms_account_id', '=', smsAccountId).orderBy('name').execute();
  return rows.map(signatureView);
}
