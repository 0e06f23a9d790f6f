import type { Kysely, Transaction } from 'kysely';
import { TidingsError } from '../errors/index.js';
import { isUniqueViolation, type DatabaseSchema } from '../store/index.js';

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
export async function makeDefault(trx: Db, table: 'mail_accounts' | 'sms_accounts', id: number): Promise<void> {
  const now = Date.now();
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

/** Campaign statuses in which a campaign still needs its account. */
export const ACTIVE_CAMPAIGN_STATUSES = ['draft', 'scheduled', 'running', 'paused'] as const;

/**
 * Refuses (CONFLICT) to delete an account an active campaign uses, and detaches it from finished,
 * cancelled or failed campaigns, whose foreign key would otherwise block the delete forever.
 */
export async function releaseFromCampaigns(trx: Db, column: 'mail_account_id' | 'sms_account_id', id: number, name: string): Promise<void> {
  const active = await trx
    .selectFrom('campaigns')
    .select(['id', 'name', 'status'])
    .where(column, '=', id)
    .where('status', 'in', [...ACTIVE_CAMPAIGN_STATUSES])
    .execute();
  if (active.length > 0) {
    const list = active.map((c) => `#${c.id} "${c.name}" (${c.status})`).join(', ');
    throw new TidingsError('CONFLICT', `Account "${name}" is used by ${active.length} campaign(s): ${list}. Finish, cancel or move them to another account first.`, {
      context: { account: name, campaigns: active.map((c) => Number(c.id)) },
    });
  }
  await trx.updateTable('campaigns').set({ [column]: null }).where(column, '=', id).execute();
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
