import type { Kysely } from 'kysely';
import { TidingsError } from '../../platform/errors/index.js';
import type { DatabaseSchema } from '../../platform/db/index.js';
import { assertAddressFree, claimAddress, orAddressTaken } from './mailbox.address.js';

type Db = Kysely<DatabaseSchema>;

/**
 * Makes `ownerUserId` (null: shared) the owner of a mailbox. Its one-address-per-owner claim moves
 * with it (ACCOUNT_MAILBOX_EXISTS when the new owner already has that address), and the previous
 * owner's link to it as their sending mailbox ends. The one rule behind the mailbox screen's
 * owner change and the users screen's transfer.
 */
export async function changeMailboxOwner(db: Db, mailboxId: number, ownerUserId: number | null, now: number): Promise<void> {
  const row = await db.selectFrom('mail_accounts').select(['owner_user_id', 'email']).where('id', '=', mailboxId).executeTakeFirst();
  if (!row) throw new TidingsError('NOT_FOUND', `No mailbox with id ${mailboxId}: choose one of the mailboxes listed.`, { context: { id: mailboxId } });
  const previous = row.owner_user_id === null ? null : Number(row.owner_user_id);
  const email = row.email;
  if (ownerUserId !== previous) await assertAddressFree(db, ownerUserId, email, mailboxId);
  await orAddressTaken(db, { ownerUserId, email, exceptId: mailboxId }, () =>
    db.transaction().execute(async (trx) => {
      await trx.updateTable('mail_accounts').set({ owner_user_id: ownerUserId, updated_at: now }).where('id', '=', mailboxId).execute();
      await claimAddress(trx, mailboxId, ownerUserId, email);
      if (previous !== null && previous !== ownerUserId) {
        await trx.updateTable('users').set({ mail_account_id: null, updated_at: now }).where('id', '=', previous).where('mail_account_id', '=', mailboxId).execute();
      }
    }),
  );
}
