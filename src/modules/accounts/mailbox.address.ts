import type { Kysely } from 'kysely';
import type { DatabaseSchema } from '../../platform/db/index.js';
import { isUniqueViolation } from '../../platform/db/index.js';
import { TidingsError } from '../../platform/errors/index.js';

type Db = Kysely<DatabaseSchema>;

/** A mailbox already holding an address for an owner. */
export interface ExistingMailbox {
  readonly id: number;
  readonly name: string;
}

/**
 * The owner's mailbox for `email`, if there is one (`exceptId`: the mailbox being changed). Looks
 * at mail_accounts itself, so a duplicate made before the rule (migration 0130) is found too.
 */
export async function mailboxWithAddress(db: Db, ownerUserId: number | null, email: string, exceptId?: number): Promise<ExistingMailbox | undefined> {
  let query = db
    .selectFrom('mail_accounts')
    .select(['id', 'name'])
    .where('email', '=', email.trim().toLowerCase())
    .where('owner_user_id', ownerUserId === null ? 'is' : '=', ownerUserId)
    .orderBy('id');
  if (exceptId !== undefined) query = query.where('id', '!=', exceptId);
  const row = await query.executeTakeFirst();
  return row ? { id: Number(row.id), name: row.name } : undefined;
}

/** ACCOUNT_MAILBOX_EXISTS, naming the mailbox to open instead (its id is in the context). */
export function mailboxExistsError(existing: ExistingMailbox, email: string, ownerUserId: number | null): TidingsError {
  const whose = ownerUserId === null ? 'as a shared mailbox' : 'for this person';
  return new TidingsError(
    'ACCOUNT_MAILBOX_EXISTS',
    `${email} is already connected ${whose}, as mailbox "${existing.name}". Open that mailbox to change its settings or password instead of adding it again.`,
    { context: { accountId: existing.id, account: existing.name, email } },
  );
}

/** Refuses a second mailbox for the same address and owner, before anything is tried or stored. */
export async function assertAddressFree(db: Db, ownerUserId: number | null, email: string, exceptId?: number): Promise<void> {
  const existing = await mailboxWithAddress(db, ownerUserId, email, exceptId);
  if (existing) throw mailboxExistsError(existing, email.trim().toLowerCase(), ownerUserId);
}

/**
 * Records that mailbox `id` holds `email` for its owner, replacing its earlier claim. The unique
 * index on (owner_key, email) makes the rule a database fact: of two concurrent adds, one fails.
 */
export async function claimAddress(db: Db, id: number, ownerUserId: number | null, email: string): Promise<void> {
  await db.deleteFrom('mail_account_addresses').where('mail_account_id', '=', id).execute();
  await db
    .insertInto('mail_account_addresses')
    .values({ mail_account_id: id, owner_key: ownerUserId ?? 0, email: email.trim().toLowerCase() })
    .execute();
}

/**
 * Runs a write that claims an address; a unique violation caused by the address (not by another
 * unique column such as the name) becomes ACCOUNT_MAILBOX_EXISTS.
 */
export async function orAddressTaken<T>(db: Db, claim: { ownerUserId: number | null; email: string; exceptId?: number }, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (!isUniqueViolation(error) && !(error instanceof TidingsError && error.code === 'CONFLICT')) throw error;
    const existing = await mailboxWithAddress(db, claim.ownerUserId, claim.email, claim.exceptId);
    if (existing) throw mailboxExistsError(existing, claim.email.trim().toLowerCase(), claim.ownerUserId);
    throw error;
  }
}
