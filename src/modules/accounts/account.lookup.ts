import type { Kysely, Transaction } from 'kysely';
import { TidingsError } from '../../platform/errors/index.js';
import { isUniqueViolation, type DatabaseSchema } from '../../platform/db/index.js';
import { systemClock, type Clock } from '../../platform/clock/index.js';

/** An account is addressed by its numeric id or its name ("163", "sales-li"). */
export type AccountRef = number | string;

type Db = Kysely<DatabaseSchema> | Transaction<DatabaseSchema>;

/**
 * Finds the id of the account `ref` names in `table`. A string is a name first: "163" is a
 * perfectly good account name, so it only falls back to being an id when no account has that name.
 */
export async function findAccountId(db: Db, table: 'mail_accounts' | 'sms_accounts', ref: AccountRef): Promise<number> {
  let row: { id: number } | undefined;
  if (typeof ref === 'string') {
    row = await db.selectFrom(table).select('id').where('name', '=', ref.trim()).executeTakeFirst();
    if (!row && /^\d{1,15}$/.test(ref.trim())) ref = Number(ref.trim());
  }
  if (!row && typeof ref === 'number') row = await db.selectFrom(table).select('id').where('id', '=', ref).executeTakeFirst();
  if (!row) {
    const kind = table === 'mail_accounts' ? 'mail' : 'SMS';
    throw new TidingsError('NOT_FOUND', `No ${kind} account named or numbered "${ref}". List them with: tidings ${table === 'mail_accounts' ? 'account' : 'sms-account'} list`, {
      context: { account: ref },
    });
  }
  return Number(row.id);
}

/**
 * Makes `id` the one default account of `table`: clears the old default first, inside the
 * caller's transaction, so readers never see zero or two defaults (the partial unique index from
 * migration 0100 would refuse two anyway).
 */
export async function makeDefault(trx: Db, table: 'mail_accounts' | 'sms_accounts', id: number, clock: Clock = systemClock): Promise<void> {
  const now = clock.now();
  await trx.updateTable(table).set({ is_default: 0, updated_at: now }).where('is_default', '=', 1).where('id', '!=', id).execute();
  await trx.updateTable(table).set({ is_default: 1, updated_at: now }).where('id', '=', id).execute();
}

/** After a delete: if no default is left, the oldest remaining account becomes the default. */
export async function ensureDefault(trx: Db, table: 'mail_accounts' | 'sms_accounts'): Promise<void> {
  const current = await trx.selectFrom(table).select('id').where('is_default', '=', 1).executeTakeFirst();
  if (current) return;
  const oldest = await trx.selectFrom(table).select('id').orderBy('id').limit(1).executeTakeFirst();
  if (oldest) await makeDefault(trx, table, Number(oldest.id));
}

/** The pause reason's code (registered in src/send/send.errors.ts, like every pause reason). */
export const ACCOUNT_DELETED_CODE = 'SEND_ACCOUNT_DELETED';

/** The reason a person reads on a campaign whose account was deleted under it. */
export function accountDeletedReason(column: 'mail_account_id' | 'sms_account_id', name: string, status: string): string {
  const what = column === 'mail_account_id' ? 'mailbox' : 'SMS account';
  const when = status === 'running' ? 'while this campaign was sending' : status === 'scheduled' ? 'while this campaign was scheduled' : 'while this campaign was paused';
  return `${ACCOUNT_DELETED_CODE}: The ${what} "${name}" was deleted ${when}, so the campaign is paused and its remaining messages were not sent. Cancel it and send them again from another ${what}.`;
}

/**
 * Detaches a deleted account from every campaign (the foreign key would otherwise block the delete
 * forever), inside the delete's transaction. Deleting is always allowed, even while the account is
 * in use: a campaign that was sending, scheduled or paused on it is paused with a reason a person
 * understands; the send path then treats its missing account as "paused", never as a crash or an
 * endless retry, and claims nothing more for it (a claim needs a running campaign). Drafts just
 * lose their account and say so when started. Returns the ids of the campaigns paused.
 */
export async function releaseFromCampaigns(trx: Db, column: 'mail_account_id' | 'sms_account_id', id: number, clock: Clock = systemClock): Promise<number[]> {
  const table = column === 'mail_account_id' ? 'mail_accounts' : 'sms_accounts';
  const name = (await trx.selectFrom(table).select('name').where('id', '=', id).executeTakeFirst())?.name ?? `#${id}`;
  const active = await trx
    .selectFrom('campaigns')
    .select(['id', 'status'])
    .where(column, '=', id)
    .where('status', 'in', ['scheduled', 'running', 'paused'])
    .execute();
  const paused: number[] = [];
  const now = clock.now();
  for (const campaign of active) {
    const result = await trx
      .updateTable('campaigns')
      .set({ status: 'paused', status_reason: accountDeletedReason(column, name, campaign.status), updated_at: now })
      .where('id', '=', campaign.id)
      .where('status', '=', campaign.status)
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) === 1) paused.push(Number(campaign.id));
  }
  await trx.updateTable('campaigns').set({ [column]: null }).where(column, '=', id).execute();
  return paused;
}

/**
 * Switches the default in its own transaction. Two concurrent switches can both clear the old
 * default and then collide on the one-default index (PostgreSQL, read committed): the loser sees a
 * unique violation, and simply trying again sees the winner's default and clears it. Bounded.
 */
export async function switchDefault(db: Kysely<DatabaseSchema>, table: 'mail_accounts' | 'sms_accounts', id: number): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await db.transaction().execute((trx) => makeDefault(trx, table, id));
      return;
    } catch (error) {
      if (!isUniqueViolation(error) || attempt >= 5) throw error;
    }
  }
}
