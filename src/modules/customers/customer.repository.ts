import type { Kysely, Selectable } from 'kysely';
import { TidingsError } from '../../platform/errors/index.js';
import type { CustomersTable, DatabaseSchema } from '../../platform/db/index.js';
import { normaliseEmail, normalisePhone } from './address.normaliser.js';
import { normaliseCustomer, type CustomerData, type CustomerInput } from './customer.schema.js';
import type { Customer, CustomerOptions } from './customer.model.js';
import { fieldValueColumns, listCustomFields, type CustomFieldDef, type CustomValue } from './custom-fields.js';
import { buildSearchText } from './search-text.js';
import { systemClock, type Clock } from '../../platform/clock/index.js';

type Db = Kysely<DatabaseSchema>;

function invalid(issues: readonly { field: string; reason: string }[]): TidingsError {
  const unknownFields = issues.every((i) => i.field.startsWith('custom.') && i.reason.endsWith('is not defined'));
  return new TidingsError(unknownFields ? 'CUSTOMER_FIELD_UNKNOWN' : 'CUSTOMER_INVALID', issues.map((i) => `${i.field}: ${i.reason}`).join('; '), {
    context: { issues },
  });
}

/** Throws CUSTOMER_ADDRESS_TAKEN when another customer already has one of these addresses. */
async function assertAddressesFree(db: Db, id: number | undefined, data: CustomerData): Promise<void> {
  if (data.emails.length > 0) {
    let q = db.selectFrom('customer_emails').select(['customer_id', 'email']).where('email', 'in', data.emails);
    if (id !== undefined) q = q.where('customer_id', '!=', id);
    const taken = await q.executeTakeFirst();
    if (taken) {
      throw new TidingsError('CUSTOMER_ADDRESS_TAKEN', `${taken.email} already belongs to customer ${taken.customer_id}`, {
        context: { customerId: taken.customer_id, address: taken.email },
      });
    }
  }
  if (data.phones.length > 0) {
    let q = db.selectFrom('customer_phones').select(['customer_id', 'e164']).where('e164', 'in', data.phones);
    if (id !== undefined) q = q.where('customer_id', '!=', id);
    const taken = await q.executeTakeFirst();
    if (taken) {
      throw new TidingsError('CUSTOMER_ADDRESS_TAKEN', `${taken.e164} already belongs to customer ${taken.customer_id}`, {
        context: { customerId: taken.customer_id, address: taken.e164 },
      });
    }
  }
}

const columnsOf = (data: CustomerData) => ({
  family_name: data.familyName,
  given_name: data.givenName,
  display_name: data.displayName,
  title: data.title,
  gender: data.gender,
  company: data.company,
  birthday_month: data.birthday?.month ?? null,
  birthday_day: data.birthday?.day ?? null,
  birth_year: data.birthday?.year ?? null,
  birthday_calendar: data.birthdayCalendar,
  lunar_birthday_month: data.lunarBirthday?.month ?? null,
  lunar_birthday_day: data.lunarBirthday?.day ?? null,
  lunar_birthday_leap: data.lunarBirthday?.leap ? 1 : 0,
  lunar_birth_year: data.lunarBirthday?.year ?? null,
  time_zone: data.timeZone,
  language: data.language,
  owner: data.owner,
  custom: JSON.stringify(data.custom),
  notes: data.notes,
  locked: data.locked ? 1 : 0,
});

/**
 * Writes a checked customer and everything hanging off it (addresses, custom field values, search
 * text). Must run inside a transaction: callers are {@link createCustomer}, {@link updateCustomer}
 * and the importer (one savepoint per row). Returns the id.
 */
export async function writeCustomerData(
  trx: Db,
  id: number | undefined,
  data: CustomerData,
  fields: ReadonlyMap<string, CustomFieldDef>,
  options: { addressesChecked?: boolean; clock?: Clock } = {},
): Promise<number> {
  // The importer has just looked the addresses up itself to find duplicates.
  if (!options.addressesChecked) await assertAddressesFree(trx, id, data);
  const now = (options.clock ?? systemClock).now();
  if (id === undefined) {
    const row = await trx
      .insertInto('customers')
      .values({ ...columnsOf(data), created_at: now, updated_at: now })
      .returning('id')
      .executeTakeFirstOrThrow();
    id = Number(row.id);
  } else {
    await trx.updateTable('customers').set({ ...columnsOf(data), updated_at: now }).where('id', '=', id).execute();
    await trx.deleteFrom('customer_emails').where('customer_id', '=', id).execute();
    await trx.deleteFrom('customer_phones').where('customer_id', '=', id).execute();
    await trx.deleteFrom('customer_field_values').where('customer_id', '=', id).execute();
    await trx.deleteFrom('customer_search').where('customer_id', '=', id).execute();
  }
  const rows = dependentRows(id, data, fields);
  await insertDependentRows(trx, rows);
  return id;
}

/** The rows that hang off a customer, for one customer or gathered over a batch. */
export interface DependentRows {
  emails: { customer_id: number; email: string; is_primary: number }[];
  phones: { customer_id: number; e164: string; is_primary: number }[];
  values: { customer_id: number; field: string; text_value: string | null; num_value: number | null }[];
  search: { customer_id: number; text: string }[];
}

/** Address, custom-value and search rows of one customer. */
export function dependentRows(customerId: number, data: CustomerData, fields: ReadonlyMap<string, CustomFieldDef>): DependentRows {
  return {
    emails: data.emails.map((email, i) => ({ customer_id: customerId, email, is_primary: i === 0 ? 1 : 0 })),
    phones: data.phones.map((e164, i) => ({ customer_id: customerId, e164, is_primary: i === 0 ? 1 : 0 })),
    values: Object.entries(data.custom).flatMap(([field, value]) => {
      const def = fields.get(field);
      return def ? [{ customer_id: customerId, field, ...fieldValueColumns(def.type, value) }] : [];
    }),
    search: [{ customer_id: customerId, text: buildSearchText(data) }],
  };
}

/** Inserts gathered dependent rows with one multi-row INSERT per table (chunked under the engines' parameter limits). */
export async function insertDependentRows(trx: Db, rows: DependentRows): Promise<void> {
  const chunks = <T>(list: T[], size: number): T[][] => Array.from({ length: Math.ceil(list.length / size) }, (_, i) => list.slice(i * size, (i + 1) * size));
  for (const part of chunks(rows.emails, 2000)) await trx.insertInto('customer_emails').values(part).execute();
  for (const part of chunks(rows.phones, 2000)) await trx.insertInto('customer_phones').values(part).execute();
  for (const part of chunks(rows.values, 1500)) await trx.insertInto('customer_field_values').values(part).execute();
  for (const part of chunks(rows.search, 3000)) await trx.insertInto('customer_search').values(part).execute();
}

/** Inserts the customers row only (the importer gathers the dependent rows per batch). */
export async function insertCustomerRow(trx: Db, data: CustomerData, clock: Clock = systemClock): Promise<number> {
  const now = clock.now();
  const row = await trx.insertInto('customers').values({ ...columnsOf(data), created_at: now, updated_at: now }).returning('id').executeTakeFirstOrThrow();
  return Number(row.id);
}


/** Creates a customer; throws CUSTOMER_INVALID (every bad field listed) or CUSTOMER_ADDRESS_TAKEN. */
export async function createCustomer(db: Db, input: CustomerInput, options: CustomerOptions): Promise<Customer> {
  const fields = await listCustomFields(db);
  const result = normaliseCustomer(input, { region: options.region, fields });
  if (!result.ok) throw invalid(result.issues);
  const id = await db.transaction().execute((trx) => writeCustomerData(trx, undefined, result.value, fields));
  return getCustomer(db, id);
}

/**
 * Changes the given fields of a customer; fields left out keep their value. `emails` / `phones`
 * replace the whole list (the first is the primary).
 */
export async function updateCustomer(db: Db, id: number, patch: CustomerInput, options: CustomerOptions): Promise<Customer> {
  const fields = await listCustomFields(db);
  await db.transaction().execute(async (trx) => {
    const current = await getCustomer(trx, id);
    const result = normaliseCustomer(patch, { region: options.region, fields, base: toData(current) });
    if (!result.ok) throw invalid(result.issues);
    await writeCustomerData(trx, id, result.value, fields);
  });
  return getCustomer(db, id);
}

/** Deletes a customer (and its addresses and memberships); refuses a locked one with CUSTOMER_LOCKED. */
export async function deleteCustomer(db: Db, id: number): Promise<void> {
  const row = await db.selectFrom('customers').select(['locked', 'display_name']).where('id', '=', id).executeTakeFirst();
  if (!row) throw new TidingsError('CUSTOMER_NOT_FOUND', `No customer with id ${id}`, { context: { id } });
  if (row.locked) {
    throw new TidingsError('CUSTOMER_LOCKED', `Customer ${id} (${row.display_name}) is locked; unlock it before deleting`, {
      context: { id },
    });
  }
  // SQLite enforces the cascades only with foreign_keys=ON, which connectSqlite sets; the side
  // tables cascade the same way on both engines.
  await db.deleteFrom('customers').where('id', '=', id).where('locked', '=', 0).execute();
}

/** The customer's checked data, as a base for updates. */
export function toData(c: Customer): CustomerData {
  return {
    familyName: c.familyName,
    givenName: c.givenName,
    displayName: c.displayName,
    title: c.title,
    gender: c.gender,
    company: c.company,
    emails: [...c.emails],
    phones: [...c.phones],
    birthday: c.birthday,
    lunarBirthday: c.lunarBirthday,
    birthdayCalendar: c.birthdayCalendar,
    timeZone: c.timeZone,
    language: c.language,
    owner: c.owner,
    custom: { ...c.custom },
    notes: c.notes,
    locked: c.locked,
  };
}

/** Reads customers by id with their addresses and groups, in the order of `ids`. */
export async function loadCustomers(db: Db, ids: readonly number[]): Promise<Customer[]> {
  if (ids.length === 0) return [];
  const [rows, emails, phones, groups] = await Promise.all([
    db.selectFrom('customers').selectAll().where('id', 'in', ids).execute(),
    db.selectFrom('customer_emails').select(['customer_id', 'email', 'is_primary']).where('customer_id', 'in', ids).orderBy('is_primary', 'desc').orderBy('id').execute(),
    db.selectFrom('customer_phones').select(['customer_id', 'e164', 'is_primary']).where('customer_id', 'in', ids).orderBy('is_primary', 'desc').orderBy('id').execute(),
    db.selectFrom('customer_groups').select(['customer_id', 'group_id']).where('customer_id', 'in', ids).orderBy('group_id').execute(),
  ]);
  const byId = new Map(rows.map((r) => [Number(r.id), r]));
  const collect = <T extends { customer_id: number }>(list: T[], pick: (t: T) => string | number) => {
    const map = new Map<number, (string | number)[]>();
    for (const item of list) {
      const key = Number(item.customer_id);
      map.set(key, [...(map.get(key) ?? []), pick(item)]);
    }
    return map;
  };
  const emailMap = collect(emails, (e) => e.email);
  const phoneMap = collect(phones, (p) => p.e164);
  const groupMap = collect(groups, (g) => Number(g.group_id));
  return ids.flatMap((id) => {
    const row = byId.get(id);
    if (!row) return [];
    return [
      rowToCustomer(row, (emailMap.get(id) ?? []) as string[], (phoneMap.get(id) ?? []) as string[], (groupMap.get(id) ?? []) as number[]),
    ];
  });
}

function rowToCustomer(row: Selectable<CustomersTable>, emails: string[], phones: string[], groupIds: number[]): Customer {
  return {
    id: Number(row.id),
    familyName: row.family_name,
    givenName: row.given_name,
    displayName: row.display_name,
    title: row.title,
    gender: row.gender,
    company: row.company,
    emails,
    phones,
    birthday:
      row.birthday_month !== null && row.birthday_day !== null
        ? { month: row.birthday_month, day: row.birthday_day, year: row.birth_year }
        : null,
    lunarBirthday:
      row.lunar_birthday_month !== null && row.lunar_birthday_day !== null
        ? { month: row.lunar_birthday_month, day: row.lunar_birthday_day, leap: row.lunar_birthday_leap === 1, year: row.lunar_birth_year }
        : null,
    birthdayCalendar: row.birthday_calendar === 'lunar' ? 'lunar' : 'gregorian',
    timeZone: row.time_zone,
    language: row.language,
    owner: row.owner,
    custom: JSON.parse(row.custom || '{}') as Record<string, CustomValue>,
    notes: row.notes,
    locked: row.locked === 1,
    groupIds,
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
  };
}

/** The customer with this id, or undefined. */
export async function findCustomer(db: Db, id: number): Promise<Customer | undefined> {
  const [customer] = await loadCustomers(db, [id]);
  return customer;
}

/** The customer with this id; throws CUSTOMER_NOT_FOUND. */
export async function getCustomer(db: Db, id: number): Promise<Customer> {
  const customer = await findCustomer(db, id);
  if (!customer) throw new TidingsError('CUSTOMER_NOT_FOUND', `No customer with id ${id}`, { context: { id } });
  return customer;
}

/**
 * The customer who owns an email address or phone number (any of theirs, not only the primary),
 * or undefined. Phone numbers may be national (read in `region`). The inbox files replies with it.
 */
export async function findCustomerIdByAddress(db: Db, address: string, region: string): Promise<number | undefined> {
  const email = address.includes('@') ? normaliseEmail(address) : undefined;
  if (email) {
    const row = await db.selectFrom('customer_emails').select('customer_id').where('email', '=', email).executeTakeFirst();
    return row ? Number(row.customer_id) : undefined;
  }
  const phone = normalisePhone(address, region);
  if (!phone) return undefined;
  const row = await db.selectFrom('customer_phones').select('customer_id').where('e164', '=', phone).executeTakeFirst();
  return row ? Number(row.customer_id) : undefined;
}

/**
 * Resolves what a user typed to name a customer: an id, an email or a phone number. Throws
 * CUSTOMER_NOT_FOUND.
 */
export async function resolveCustomerRef(db: Db, ref: string, region: string): Promise<number> {
  if (/^\d{1,15}$/.test(ref) && !(ref.length >= 11 && ref.startsWith('1'))) {
    const row = await db.selectFrom('customers').select('id').where('id', '=', Number(ref)).executeTakeFirst();
    if (row) return Number(row.id);
  }
  const id = await findCustomerIdByAddress(db, ref, region);
  if (id === undefined) throw new TidingsError('CUSTOMER_NOT_FOUND', `No customer matches "${ref}" (id, email or phone)`, { context: { ref } });
  return id;
}
