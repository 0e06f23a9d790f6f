import type { SmsProviderKind } from '../../adapters/sms/index.js';
import type { Kysely, Selectable } from 'kysely';
import { TidingsError } from '../../platform/errors/index.js';
import type { DatabaseSchema, MailAccountsTable, SmsAccountsTable } from '../../platform/db/index.js';
import type { MergeAccount } from './merge-context.js';

/** Maps a mail account row to the merge view of the sender. */
export const accountFromMailRow = (row: Selectable<MailAccountsTable>): MergeAccount => ({
  displayName: row.display_name,
  email: row.email,
  signatureText: row.signature_text,
  signatureHtml: row.signature_html,
});

/** Maps an SMS account row to the merge view of the sender. */
export const accountFromSmsRow = (row: Selectable<SmsAccountsTable>): MergeAccount => ({
  displayName: row.name,
  smsSignature: row.signature,
  smsProvider: row.provider as SmsProviderKind,
});

/*
 * The sender a preview merges. Unnamed, it is the account marked default and nothing else: the
 * accounts module's rule (defaultAccountId), restated as one WHERE clause because templates sits
 * below accounts in the module graph (accounts → inbox → sending → templates). With no default
 * marked, a preview shows the sample sender; sending never guesses (SEND_NO_ACCOUNT).
 */

/** The named mail account, else the default one; undefined when none is marked default. */
export async function loadMailAccount(db: Kysely<DatabaseSchema>, accountId?: number): Promise<MergeAccount | undefined> {
  let query = db.selectFrom('mail_accounts').selectAll();
  query = accountId === undefined ? query.where('is_default', '=', 1) : query.where('id', '=', accountId);
  const row = await query.executeTakeFirst();
  if (!row && accountId !== undefined) throw new TidingsError('NOT_FOUND', `No mail account ${accountId}`, { context: { accountId } });
  return row ? accountFromMailRow(row) : undefined;
}

/** The named SMS account, else the default one (with its provider); undefined when none is marked default. */
export async function loadSmsAccount(
  db: Kysely<DatabaseSchema>,
  accountId?: number,
): Promise<{ account: MergeAccount; provider: string } | undefined> {
  let query = db.selectFrom('sms_accounts').selectAll();
  query = accountId === undefined ? query.where('is_default', '=', 1) : query.where('id', '=', accountId);
  const row = await query.executeTakeFirst();
  if (!row && accountId !== undefined) throw new TidingsError('NOT_FOUND', `No SMS account ${accountId}`, { context: { accountId } });
  return row ? { account: accountFromSmsRow(row), provider: row.provider } : undefined;
}
