import type { Kysely, Selectable } from 'kysely';
import { TidingsError } from '../../platform/errors/index.js';
import type { CustomersTable, DatabaseSchema, MailAccountsTable, SmsAccountsTable } from '../../platform/db/index.js';
import type { CustomFieldValue, MergeAccount, MergeCustomer } from './merge-context.js';

/** Maps a customers row (with its primary email and phone) to the merge view of a customer. */
export function customerFromRow(
  row: Selectable<CustomersTable>,
  email: string | null = null,
  mobile: string | null = null,
): MergeCustomer {
  let custom: Record<string, CustomFieldValue> = {};
  try {
    const parsed: unknown = JSON.parse(row.custom || '{}');
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) custom = parsed as Record<string, CustomFieldValue>;
  } catch (cause) {
    throw new TidingsError('VALIDATION_FAILED', `Customer ${row.id} has malformed custom fields JSON`, { context: { customerId: row.id }, cause });
  }
  return {
    id: row.id,
    displayName: row.display_name,
    familyName: row.family_name,
    givenName: row.given_name,
    title: row.title,
    gender: row.gender,
    company: row.company,
    language: row.language,
    timeZone: row.time_zone,
    birthday:
      row.birthday_month !== null && row.birthday_day !== null
        ? { month: row.birthday_month, day: row.birthday_day, year: row.birth_year }
        : null,
    email,
    mobile,
    custom,
  };
}

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
});

/** Loads one customer with their primary (else first) email and phone; NOT_FOUND otherwise. */
export async function loadCustomer(db: Kysely<DatabaseSchema>, customerId: number): Promise<MergeCustomer> {
  const row = await db.selectFrom('customers').selectAll().where('id', '=', customerId).executeTakeFirst();
  if (!row) throw new TidingsError('NOT_FOUND', `No customer ${customerId}`, { context: { customerId } });
  const email = await db
    .selectFrom('customer_emails')
    .select('email')
    .where('customer_id', '=', customerId)
    .orderBy('is_primary', 'desc')
    .orderBy('id')
    .executeTakeFirst();
  const phone = await db
    .selectFrom('customer_phones')
    .select('e164')
    .where('customer_id', '=', customerId)
    .orderBy('is_primary', 'desc')
    .orderBy('id')
    .executeTakeFirst();
  return customerFromRow(row, email?.email ?? null, phone?.e164 ?? null);
}

/** The named mail account, else the default one, else the first; undefined when there is none. */
export async function loadMailAccount(db: Kysely<DatabaseSchema>, accountId?: number): Promise<MergeAccount | undefined> {
  let query = db.selectFrom('mail_accounts').selectAll();
  query = accountId === undefined ? query.orderBy('is_default', 'desc').orderBy('id') : query.where('id', '=', accountId);
  const row = await query.executeTakeFirst();
  if (!row && accountId !== undefined) throw new TidingsError('NOT_FOUND', `No mail account ${accountId}`, { context: { accountId } });
  return row ? accountFromMailRow(row) : undefined;
}

/** The named SMS account, else the default one, else the first (with its provider); undefined when there is none. */
export async function loadSmsAccount(
  db: Kysely<DatabaseSchema>,
  accountId?: number,
): Promise<{ account: MergeAccount; provider: string } | undefined> {
  let query = db.selectFrom('sms_accounts').selectAll();
  query = accountId === undefined ? query.orderBy('is_default', 'desc').orderBy('id') : query.where('id', '=', accountId);
  const row = await query.executeTakeFirst();
  if (!row && accountId !== undefined) throw new TidingsError('NOT_FOUND', `No SMS account ${accountId}`, { context: { accountId } });
  return row ? { account: accountFromSmsRow(row), provider: row.provider } : undefined;
}
