import type { Kysely } from 'kysely';
import { TidingsError } from '../../platform/errors/index.js';
import type { DatabaseSchema } from '../../platform/db/index.js';
import type { Birthday } from './birthday.parser.js';
import type { CustomValue } from './custom-fields.js';
import { formatLunarBirthday } from './lunar-birthday.parser.js';

/**
 * What a template may say about a customer: the one set of merge field names, used by previews,
 * the template editor, campaign sends, one-off sends and test sends alike. Templates written by
 * users refer to them as `{{customer.displayName}}`, `{{customer.custom.city}}`; the templates
 * module lists the same paths in MERGE_FIELDS, which strict mode checks against.
 */
export interface CustomerMergeFields {
  readonly id: number;
  /** The name shown in lists, e.g. "张伟" or "Alex Smith"; always present. */
  readonly displayName: string;
  /** 姓 / last name, e.g. "张", "欧阳", "Smith". */
  readonly familyName: string | null;
  /** 名 / first name, e.g. "伟", "Alex". */
  readonly givenName: string | null;
  /** 先生 / 女士 / 总 / 经理 / Mr / Ms / Dr …, as entered; wins over gender in the greeting. */
  readonly title: string | null;
  readonly gender: 'female' | 'male' | 'other' | null;
  readonly company: string | null;
  /** BCP 47 tag, e.g. "zh-CN" or "en"; chooses the greeting and date language. */
  readonly language: string | null;
  /** IANA zone, e.g. "Asia/Shanghai"; dates are shown in it. */
  readonly timeZone: string | null;
  /** The year is optional (many people do not give it). */
  readonly birthday: Birthday | null;
  /**
   * The lunar birthday as written in Chinese, e.g. "农历八月十五", "农历闰四月初八" (without the birth
   * year); null when there is none. Shown as is: a lunar day has no Gregorian form of its own.
   */
  readonly lunarBirthday: string | null;
  /** Primary (else first) email address. */
  readonly email: string | null;
  /** Primary (else first) mobile number, E.164. */
  readonly mobile: string | null;
  /** Custom fields by name, e.g. `{ city: "遵义", vip: true }`; merged as `customer.custom.city`. */
  readonly custom: Readonly<Record<string, CustomValue>>;
}

type Db = Kysely<DatabaseSchema>;

/**
 * Merge fields of a batch of customers, keyed by id; unknown (deleted) ids are absent. Three
 * queries per batch whatever its size: the send pipeline loads the customers of the next couple
 * of hundred outbox rows at once.
 */
export async function loadMergeCustomers(db: Db, ids: readonly number[]): Promise<Map<number, CustomerMergeFields>> {
  const unique = [...new Set(ids)];
  const result = new Map<number, CustomerMergeFields>();
  if (unique.length === 0) return result;
  const [rows, emails, phones] = await Promise.all([
    db.selectFrom('customers').selectAll().where('id', 'in', unique).execute(),
    db.selectFrom('customer_emails').select(['customer_id', 'email']).where('customer_id', 'in', unique).orderBy('is_primary', 'desc').orderBy('id').execute(),
    db.selectFrom('customer_phones').select(['customer_id', 'e164']).where('customer_id', 'in', unique).orderBy('is_primary', 'desc').orderBy('id').execute(),
  ]);
  // Ordered primary first, then by id: the first seen per customer is the one merged.
  const emailOf = new Map<number, string>();
  for (const e of emails) if (!emailOf.has(Number(e.customer_id))) emailOf.set(Number(e.customer_id), e.email);
  const phoneOf = new Map<number, string>();
  for (const p of phones) if (!phoneOf.has(Number(p.customer_id))) phoneOf.set(Number(p.customer_id), p.e164);
  for (const row of rows) {
    const id = Number(row.id);
    result.set(id, {
      id,
      displayName: row.display_name,
      familyName: row.family_name,
      givenName: row.given_name,
      title: row.title,
      gender: row.gender,
      company: row.company,
      language: row.language,
      timeZone: row.time_zone,
      birthday: row.birthday_month !== null && row.birthday_day !== null ? { month: row.birthday_month, day: row.birthday_day, year: row.birth_year } : null,
      lunarBirthday:
        row.lunar_birthday_month !== null && row.lunar_birthday_day !== null
          ? `农历${formatLunarBirthday({ month: row.lunar_birthday_month, day: row.lunar_birthday_day, leap: row.lunar_birthday_leap === 1, year: null })}`
          : null,
      email: emailOf.get(id) ?? null,
      mobile: phoneOf.get(id) ?? null,
      custom: customOf(id, row.custom),
    });
  }
  return result;
}

/** Merge fields of one customer; NOT_FOUND when the id is unknown. */
export async function loadMergeCustomer(db: Db, id: number): Promise<CustomerMergeFields> {
  const customer = (await loadMergeCustomers(db, [id])).get(id);
  if (!customer) throw new TidingsError('NOT_FOUND', `No customer ${id}.`, { context: { customerId: id } });
  return customer;
}

/** The custom fields JSON; a damaged value fails this customer's message with a reason, not the batch silently. */
function customOf(id: number, json: string | null): Record<string, CustomValue> {
  try {
    const parsed: unknown = JSON.parse(json || '{}');
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) return parsed as Record<string, CustomValue>;
    return {};
  } catch (cause) {
    throw new TidingsError('VALIDATION_FAILED', `Customer ${id} has malformed custom fields JSON`, { context: { customerId: id }, cause });
  }
}
