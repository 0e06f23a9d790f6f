import type { Kysely } from 'kysely';
import { TidingsError } from '../../platform/errors/index.js';
import type { DatabaseSchema } from '../../platform/db/index.js';
import { findAccountId, type AccountRef } from './account.lookup.js';
import { assertMayOnMailbox, mayOnMailbox, type MailboxActor, type OwnedMailbox } from './mailbox.policy.js';

type Db = Kysely<DatabaseSchema>;

/** Which kind of sending account: a mailbox for email, an SMS account for SMS. */
export type AccountChannel = 'email' | 'sms';

const TABLE = { email: 'mail_accounts', sms: 'sms_accounts' } as const;

/**
 * The default account of a channel: the one marked default (`is_default = 1`; a partial unique
 * index allows at most one), or undefined when none is marked. Deliberately no "else the oldest":
 * adding the first account and deleting the default both mark one (account.lookup.ts), so an
 * unmarked table is a state a person should fix, not one to paper over with a guess.
 */
export async function defaultAccountId(db: Db, channel: AccountChannel): Promise<number | undefined> {
  const row = await db.selectFrom(TABLE[channel]).select('id').where('is_default', '=', 1).executeTakeFirst();
  return row ? Number(row.id) : undefined;
}

/**
 * The error every entry point gives when no account was named and none is marked default. The
 * message is read in the web UI too, so it says what to do in the UI's words; the CLI's spelling
 * rides in `context.cliHint`.
 */
export function noDefaultAccountError(channel: AccountChannel): TidingsError {
  const what = channel === 'email' ? 'mailbox' : 'SMS account';
  const command = channel === 'email' ? 'tidings account' : 'tidings sms-account';
  const flag = channel === 'email' ? '--account' : '--sms-account';
  return new TidingsError(
    'SEND_NO_ACCOUNT',
    `No ${what} was chosen to send from and none is marked as the default. Choose one, or ask a marketer or an admin to make one the default under Accounts (or to add one if there is none).`,
    { context: { channel, cliHint: `name one with ${flag} <name>, or mark one default with \`${command} set-default <name>\` (add one first with \`${command} add\`)`, apiField: channel === 'email' ? 'mailAccount' : 'smsAccount' } },
  );
}

/** What {@link chooseSendingAccount} decides on. */
export interface SendingAccountRequest {
  readonly channel: AccountChannel;
  /** Who sends: a person's mailbox is theirs (and admins') alone. The CLI acts as SYSTEM_ACTOR. */
  readonly actor: MailboxActor;
  /** The account named (id or name); absent: the default account of the channel. */
  readonly account?: AccountRef | undefined;
}

/**
 * The id of the account to send from: the one named, else the default one
 * ({@link defaultAccountId}); SEND_NO_ACCOUNT when neither exists, NOT_FOUND for an unknown name.
 * A mailbox, named or default, must be one the actor may send from (AUTH_FORBIDDEN otherwise).
 */
export async function chooseSendingAccount(db: Db, request: SendingAccountRequest): Promise<number> {
  const { channel } = request;
  const id = request.account !== undefined ? await findAccountId(db, TABLE[channel], request.account) : await defaultAccountId(db, channel);
  if (id === undefined) throw noDefaultAccountError(channel);
  if (channel === 'email') {
    const row = await db.selectFrom('mail_accounts').select(['id', 'name', 'owner_user_id']).where('id', '=', id).executeTakeFirst();
    if (!row) throw new TidingsError('NOT_FOUND', `Mail account ${id} was deleted meanwhile.`, { context: { account: id } });
    const mailbox: OwnedMailbox = { id, name: row.name, ownerUserId: row.owner_user_id === null ? null : Number(row.owner_user_id) };
    if (request.account === undefined && !mayOnMailbox(request.actor, mailbox, 'send')) {
      throw new TidingsError('AUTH_FORBIDDEN', `The default mail account "${mailbox.name}" is a mailbox you may not send from; name one you may use.`, {
        context: { account: id, action: 'send' },
      });
    }
    assertMayOnMailbox(request.actor, mailbox, 'send');
  }
  return id;
}
