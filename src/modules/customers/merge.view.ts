import type { Kysely } from 'kysely';
import type { DatabaseSchema } from '../../platform/db/index.js';
import { formatBirthday } from './birthday.parser.js';
import type { Customer } from './customer.model.js';
import { findCustomer, loadCustomers } from './customer.repository.js';
import type { CustomValue } from './custom-fields.js';
import { isChineseName } from './name.parser.js';

/**
 * What a template may say about a customer (Handlebars merge data). Stable field names: templates
 * written by users refer to them, e.g. `{{salutation}}`, `{{custom.city}}`.
 */
export interface CustomerMergeFields {
  readonly id: number;
  /** Display name: 张伟, Alex Smith. */
  readonly name: string;
  readonly familyName: string | null;
  readonly givenName: string | null;
  /** 先生 / 女士 / Mr / Dr …, as entered. */
  readonly title: string | null;
  /**
   * How to address the person: family name + title in the name's own order (张先生, 欧阳女士,
   * Mr Smith), else the display name.
   */
  readonly salutation: string;
  readonly gender: 'female' | 'male' | 'other' | null;
  readonly company: string | null;
  /** Primary email and mobile (E.164), or null. */
  readonly email: string | null;
  readonly phone: string | null;
  readonly birthday: { readonly month: number; readonly day: number; readonly year: number | null } | null;
  /** YYYY-MM-DD or --MM-DD. */
  readonly birthdayText: string | null;
  readonly timeZone: string | null;
  readonly language: string | null;
  readonly owner: string | null;
  /** Custom field values by name (dates as YYYY-MM-DD). */
  readonly custom: Readonly<Record<string, CustomValue>>;
}

/** Family name + title in the name's own order: 张 + 先生 → 张先生; Smith + Mr → Mr Smith. */
export function salutationOf(c: Pick<Customer, 'familyName' | 'title' | 'displayName'>): string {
  if (!c.familyName || !c.title) return c.displayName;
  return isChineseName(c.familyName) ? `${c.familyName}${c.title}` : `${c.title} ${c.familyName}`;
}

/** Turns a customer into merge fields. */
export function toMergeFields(c: Customer): CustomerMergeFields {
  return {
    id: c.id,
    name: c.displayName,
    familyName: c.familyName,
    givenName: c.givenName,
    title: c.title,
    salutation: salutationOf(c),
    gender: c.gender,
    company: c.company,
    email: c.emails[0] ?? null,
    phone: c.phones[0] ?? null,
    birthday: c.birthday,
    birthdayText: c.birthday ? formatBirthday(c.birthday) : null,
    timeZone: c.timeZone,
    language: c.language,
    owner: c.owner,
    custom: c.custom,
  };
}

/** Merge fields of one customer, or undefined when the id is unknown (deleted since queued). */
export async function getCustomerForMerge(db: Kysely<DatabaseSchema>, id: number): Promise<CustomerMergeFields | undefined> {
  const customer = await findCustomer(db, id);
  return customer ? toMergeFields(customer) : undefined;
}

/** Merge fields of a batch (one round trip per table), keyed by id; unknown ids are absent. */
export async function getCustomersForMerge(db: Kysely<DatabaseSchema>, ids: readonly number[]): Promise<Map<number, CustomerMergeFields>> {
  const customers = await loadCustomers(db, ids);
  return new Map(customers.map((c) => [c.id, toMergeFields(c)]));
}
