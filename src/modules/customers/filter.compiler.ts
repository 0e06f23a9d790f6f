import { sql, type Kysely, type RawBuilder, type SqlBool } from 'kysely';
import { TidingsError } from '../../platform/errors/index.js';
import { dialectOf, type DatabaseSchema, type DialectName } from '../../platform/db/index.js';
import { normaliseEmail, normalisePhone } from './address.normaliser.js';
import { coerceCustomValue, listCustomFields, type CustomFieldDef } from './custom-fields.js';
import { CustomerFilterSchema, type CustomCondition, type CustomerCondition, type CustomerFilter, type TextCondition } from './filter.schema.js';
import { systemClock } from '../../platform/clock/index.js';
import { lunarBirthdaysBetween } from '../schedule/index.js';

/** A group as the compiler sees it. */
export interface GroupNode {
  readonly id: number;
  readonly parentId: number | null;
  readonly kind: 'static' | 'filter';
  readonly filter: string | null;
}

/** What compiling a filter needs besides the filter: the engine, field types, groups, "now". */
export interface FilterContext {
  readonly dialect: DialectName;
  readonly fields: ReadonlyMap<string, CustomFieldDef>;
  readonly groups: ReadonlyMap<number, GroupNode>;
  /** "Today" for birthday tests, read in `timeZone`. */
  readonly now: Date;
  readonly timeZone: string;
  /** Region for phone numbers in conditions. */
  readonly region: string;
}

/** Options for {@link loadFilterContext}. */
export interface FilterContextOptions {
  /** Time zone that decides what "today" is (TIDINGS_DEFAULT_TIMEZONE). */
  readonly timeZone: string;
  readonly region: string;
  readonly now?: Date;
}

/** Reads field definitions and the group tree (small tables) once for a compile. */
export async function loadFilterContext(db: Kysely<DatabaseSchema>, options: FilterContextOptions): Promise<FilterContext> {
  const [fields, groups] = await Promise.all([
    listCustomFields(db),
    db.selectFrom('groups').select(['id', 'parent_id', 'kind', 'filter']).execute(),
  ]);
  return {
    dialect: dialectOf(db),
    fields,
    groups: new Map(groups.map((g) => [Number(g.id), { id: Number(g.id), parentId: g.parent_id === null ? null : Number(g.parent_id), kind: g.kind, filter: g.filter }])),
    now: options.now ?? systemClock.date(),
    timeZone: options.timeZone,
    region: options.region,
  };
}

/** Parses a filter from JSON or an object; throws CUSTOMER_FILTER_INVALID naming the problem. */
export function parseFilter(input: unknown): CustomerFilter {
  let value = input;
  if (typeof input === 'string') {
    try {
      value = JSON.parse(input);
    } catch (cause) {
      throw new TidingsError('CUSTOMER_FILTER_INVALID', `The filter is not JSON: ${(cause as Error).message}`, { cause });
    }
  }
  const parsed = CustomerFilterSchema.safeParse(value);
  if (!parsed.success) {
    // A union reports "Invalid input" at the top; the branch that got furthest says what is wrong.
    type Issue = { path: PropertyKey[]; message: string; errors?: Issue[][] };
    const flatten = (issues: Issue[], prefix: PropertyKey[]): Issue[] =>
      issues.flatMap((i) => (i.errors ? i.errors.flatMap((branch) => flatten(branch, [...prefix, ...i.path])) : [{ ...i, path: [...prefix, ...i.path] }]));
    const all = flatten(parsed.error.issues as unknown as Issue[], []);
    const issue = all.sort((a, b) => b.path.length - a.path.length)[0] ?? parsed.error.issues[0];
    throw new TidingsError('CUSTOMER_FILTER_INVALID', `Invalid filter at ${issue?.path.map(String).join('.') || '(top)'}: ${issue?.message ?? 'unknown'}`, {
      context: { issues: parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })) },
    });
  }
  return parsed.data;
}

const TRUE = sql<SqlBool>`1 = 1`;
const FALSE = sql<SqlBool>`1 = 0`;
const MAX_DEPTH = 8;

const COLUMN: Record<string, string> = {
  name: 'display_name',
  familyName: 'family_name',
  givenName: 'given_name',
  company: 'company',
  owner: 'owner',
  title: 'title',
  gender: 'gender',
  language: 'language',
  timeZone: 'time_zone',
  notes: 'notes',
};

const escapeLike = (s: string): string => s.toLowerCase().replace(/[\\%_]/g, (m) => `\\${m}`);

function fail(message: string, condition: unknown): never {
  throw new TidingsError('CUSTOMER_FILTER_INVALID', message, { context: { condition } });
}

/** The domain part of an email column, spelled for the engine. */
export function emailDomainSql(dialect: DialectName, column: RawBuilder<unknown>): RawBuilder<string> {
  return dialect === 'postgres' ? sql<string>`split_part(${column}, '@', 2)` : sql<string>`substr(${column}, instr(${column}, '@') + 1)`;
}

/**
 * "The primary address of the customer row `customers` on `channel` is suppressed": the address
 * itself, or (email) its domain. Uses the unique index on suppressions(channel, scope, value).
 */
export function suppressedSql(channel: 'email' | 'sms', dialect: DialectName): RawBuilder<SqlBool> {
  if (channel === 'email') {
    const email = sql.ref('ce.email');
    return sql<SqlBool>`exists (select 1 from customer_emails ce join suppressions s on s.channel = 'email' and ((s.scope = 'address' and s.value = ce.email) or (s.scope = 'domain' and s.value = ${emailDomainSql(dialect, email)})) where ce.customer_id = customers.id and ce.is_primary = 1)`;
  }
  return sql<SqlBool>`exists (select 1 from customer_phones cp join suppressions s on s.channel = 'sms' and s.scope = 'address' and s.value = cp.e164 where cp.customer_id = customers.id and cp.is_primary = 1)`;
}

/** Month, day and year of `now` in `timeZone`. */
export function calendarDay(now: Date, timeZone: string): { year: number; month: number; day: number } {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: 'numeric', day: 'numeric' }).formatToParts(now);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  return { year: get('year'), month: get('month'), day: get('day') };
}

const isLeap = (y: number): boolean => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;

/** month*100+day keys for today and the next `days` days; Feb 29 birthdays count on Feb 28 in common years. */
export function birthdayKeys(now: Date, timeZone: string, days: number): number[] {
  const today = calendarDay(now, timeZone);
  const keys = new Set<number>();
  for (let i = 0; i <= days; i++) {
    const d = new Date(Date.UTC(today.year, today.month - 1, today.day + i));
    const key = (d.getUTCMonth() + 1) * 100 + d.getUTCDate();
    keys.add(key);
    if (key === 228 && !isLeap(d.getUTCFullYear())) keys.add(229);
  }
  return [...keys].sort((a, b) => a - b);
}

const iso = (d: { year: number; month: number; day: number }): string =>
  `${d.year}-${String(d.month).padStart(2, '0')}-${String(d.day).padStart(2, '0')}`;

/**
 * leap*10000 + month*100 + day keys of the lunar birthdays celebrated on the Gregorian days
 * `from` … `from + days` (the schedule module's yearly rule decides which), to compare with
 * {@link LUNAR_KEY}.
 */
export function lunarBirthdayKeys(from: string, days: number): number[] {
  return lunarBirthdaysBetween(from, days)
    .map((b) => (b.leap ? 10_000 : 0) + b.month * 100 + b.day)
    .sort((a, b) => a - b);
}

/** Today in `timeZone` as YYYY-MM-DD. */
function todayIn(now: Date, timeZone: string): string {
  return iso(calendarDay(now, timeZone));
}

/** First day and length of Gregorian month `month` of `year`. */
function gregorianMonth(year: number, month: number): { from: string; days: number } {
  return { from: iso({ year, month, day: 1 }), days: new Date(Date.UTC(year, month, 0)).getUTCDate() };
}

const GREGORIAN_KEY = sql`(customers.birthday_month * 100 + customers.birthday_day)`;
const LUNAR_KEY = sql`(customers.lunar_birthday_leap * 10000 + customers.lunar_birthday_month * 100 + customers.lunar_birthday_day)`;
const CELEBRATES_LUNAR = sql<SqlBool>`customers.birthday_calendar = 'lunar'`;
const CELEBRATES_GREGORIAN = sql<SqlBool>`customers.birthday_calendar <> 'lunar'`;

/** Customers whose birthday, in the calendar they celebrate, falls on a Gregorian day of the window. */
const CELEBRATED_EXISTS = sql<SqlBool>`((${CELEBRATES_GREGORIAN} and customers.birthday_month is not null) or (${CELEBRATES_LUNAR} and customers.lunar_birthday_month is not null))`;

function birthdayWindowSql(gregorian: RawBuilder<SqlBool>, from: string, days: number): RawBuilder<SqlBool> {
  const lunarKeys = lunarBirthdayKeys(from, days);
  const lunar = lunarKeys.length === 0 ? FALSE : sql<SqlBool>`${LUNAR_KEY} in (${sql.join(lunarKeys)})`;
  return sql<SqlBool>`((${CELEBRATES_GREGORIAN} and ${gregorian}) or (${CELEBRATES_LUNAR} and ${lunar}))`;
}

/** Group ids with every subgroup under them. */
export function withDescendants(ids: readonly number[], groups: ReadonlyMap<number, GroupNode>): number[] {
  const children = new Map<number, number[]>();
  for (const g of groups.values()) if (g.parentId !== null) children.set(g.parentId, [...(children.get(g.parentId) ?? []), g.id]);
  const seen = new Set<number>();
  const stack = [...ids];
  while (stack.length > 0) {
    const id = stack.pop() as number;
    if (seen.has(id) || !groups.has(id)) continue;
    seen.add(id);
    stack.push(...(children.get(id) ?? []));
  }
  return [...seen];
}

/**
 * Membership of groups (and their subgroups): static members, plus customers matching any saved
 * filter among them. Unknown ids throw CUSTOMER_GROUP_NOT_FOUND.
 */
export function groupMembershipSql(ids: readonly number[], ctx: FilterContext, depth = 0): RawBuilder<SqlBool> {
  for (const id of ids) {
    if (!ctx.groups.has(id)) throw new TidingsError('CUSTOMER_GROUP_NOT_FOUND', `No group with id ${id}`, { context: { id } });
  }
  const all = withDescendants(ids, ctx.groups);
  const staticIds = all.filter((id) => ctx.groups.get(id)?.kind === 'static');
  const parts: RawBuilder<SqlBool>[] = [];
  if (staticIds.length > 0) {
    parts.push(sql<SqlBool>`exists (select 1 from customer_groups cg where cg.customer_id = customers.id and cg.group_id in (${sql.join(staticIds)}))`);
  }
  for (const id of all) {
    const group = ctx.groups.get(id);
    if (group?.kind === 'filter' && group.filter) {
      if (depth >= MAX_DEPTH) fail(`Saved filters nest deeper than ${MAX_DEPTH} levels (or refer to each other)`, { group: id });
      parts.push(compileFilterSql(parseFilter(group.filter), ctx, depth + 1));
    }
  }
  return parts.length === 0 ? FALSE : sql<SqlBool>`(${sql.join(parts, sql` or `)})`;
}

function customSql(condition: CustomCondition, ctx: FilterContext): RawBuilder<SqlBool> {
  const name = condition.field.slice('custom.'.length);
  const def = ctx.fields.get(name);
  if (!def) fail(`Custom field "${name}" is not defined`, condition);
  const numeric = def.type === 'number' || def.type === 'boolean';
  const column = sql.ref(numeric ? 'v.num_value' : 'v.text_value');
  const coerce = (raw: unknown): string | number => {
    const value = coerceCustomValue(def.type, raw);
    if (value === undefined || value === null) fail(`"${String(raw)}" is not a ${def.type} for custom.${name}`, condition);
    return typeof value === 'boolean' ? (value ? 1 : 0) : value;
  };
  const has = (test: RawBuilder<SqlBool>) =>
    sql<SqlBool>`exists (select 1 from customer_field_values v where v.customer_id = customers.id and v.field = ${name} and ${test})`;
  const { op, value } = condition;
  switch (op) {
    case 'exists':
      return has(TRUE);
    case 'missing':
      return sql<SqlBool>`not ${has(TRUE)}`;
    case 'in': {
      const list = (Array.isArray(value) ? value : [value]).map(coerce);
      return list.length === 0 ? FALSE : has(sql<SqlBool>`${column} in (${sql.join(list)})`);
    }
    case 'contains':
    case 'starts-with': {
      if (numeric) fail(`${op} needs a text field; custom.${name} is a ${def.type}`, condition);
      const pattern = `${op === 'contains' ? '%' : ''}${escapeLike(String(value ?? ''))}%`;
      return has(sql<SqlBool>`lower(${column}) like ${pattern} escape '\\'`);
    }
    default: {
      if (Array.isArray(value) || value === undefined) fail(`${op} needs one value`, condition);
      const operand = coerce(value);
      const operators: Record<string, string> = { eq: '=', ne: '=', gt: '>', gte: '>=', lt: '<', lte: '<=' };
      const operator = operators[op] ?? '=';
      const test = has(sql<SqlBool>`${column} ${sql.raw(operator)} ${operand}`);
      // "not equal" includes customers who have no value at all.
      return op === 'ne' ? sql<SqlBool>`not ${test}` : test;
    }
  }
}

function conditionSql(condition: CustomerCondition, ctx: FilterContext, depth: number): RawBuilder<SqlBool> {
  switch (condition.field) {
    case 'email':
    case 'phone': {
      const isEmail = condition.field === 'email';
      const table = sql.raw(isEmail ? 'customer_emails' : 'customer_phones');
      const column = sql.raw(isEmail ? 'a.email' : 'a.e164');
      const any = (test: RawBuilder<SqlBool>) => sql<SqlBool>`exists (select 1 from ${table} a where a.customer_id = customers.id and ${test})`;
      const raw = condition.value ?? '';
      switch (condition.op) {
        case 'exists':
          return any(TRUE);
        case 'missing':
          return sql<SqlBool>`not ${any(TRUE)}`;
        case 'eq': {
          const value = isEmail ? normaliseEmail(raw) : normalisePhone(raw, ctx.region);
          if (!value) fail(`"${raw}" is not a valid ${condition.field}`, condition);
          return any(sql<SqlBool>`${column} = ${value}`);
        }
        case 'contains':
          return any(sql<SqlBool>`${column} like ${`%${escapeLike(raw)}%`} escape '\\'`);
        case 'starts-with':
          return any(sql<SqlBool>`${column} like ${`${escapeLike(raw)}%`} escape '\\'`);
        case 'ends-with':
          return any(sql<SqlBool>`${column} like ${`%${escapeLike(raw)}`} escape '\\'`);
      }
      break;
    }
    case 'birthday': {
      // Each customer is tested in the calendar they celebrate (birthday_calendar): Gregorian
      // month/day keys, or the lunar keys of the Gregorian days in the window.
      const today = todayIn(ctx.now, ctx.timeZone);
      switch (condition.op) {
        // The birthday they celebrate: a Gregorian-calendar customer with only a lunar date stored is
        // never greeted, so for the filters (as for reminders and campaigns) they have no birthday.
        case 'exists':
          return CELEBRATED_EXISTS;
        case 'missing':
          return sql<SqlBool>`not ${CELEBRATED_EXISTS}`;
        case 'today':
          return birthdayWindowSql(sql<SqlBool>`${GREGORIAN_KEY} in (${sql.join(birthdayKeys(ctx.now, ctx.timeZone, 0))})`, today, 0);
        case 'next-days': {
          const days = condition.value ?? 7;
          return birthdayWindowSql(sql<SqlBool>`${GREGORIAN_KEY} in (${sql.join(birthdayKeys(ctx.now, ctx.timeZone, days))})`, today, days);
        }
        case 'this-month': {
          const { year, month } = calendarDay(ctx.now, ctx.timeZone);
          const window = gregorianMonth(year, month);
          return birthdayWindowSql(sql<SqlBool>`customers.birthday_month = ${month}`, window.from, window.days - 1);
        }
        case 'month': {
          if (!condition.value || condition.value > 12) fail('birthday month needs a value from 1 to 12', condition);
          // Lunar birthdays count when they fall in that Gregorian month of the current year.
          const window = gregorianMonth(calendarDay(ctx.now, ctx.timeZone).year, condition.value);
          return birthdayWindowSql(sql<SqlBool>`customers.birthday_month = ${condition.value}`, window.from, window.days - 1);
        }
      }
      break;
    }
    case 'group': {
      const members = groupMembershipSql(condition.value, ctx, depth);
      return condition.op === 'in' ? members : sql<SqlBool>`not ${members}`;
    }
    case 'suppressed': {
      const test = suppressedSql(condition.channel, ctx.dialect);
      return condition.op === 'is' ? test : sql<SqlBool>`not ${test}`;
    }
    case 'createdAt':
    case 'updatedAt': {
      const ms = typeof condition.value === 'number' ? condition.value : Date.parse(condition.value);
      const column = sql.ref(condition.field === 'createdAt' ? 'customers.created_at' : 'customers.updated_at');
      return condition.op === 'before' ? sql<SqlBool>`${column} < ${ms}` : sql<SqlBool>`${column} >= ${ms}`;
    }
    case 'locked':
      return sql<SqlBool>`customers.locked = ${condition.op === 'is' ? 1 : 0}`;
    default: {
      if (condition.field.startsWith('custom.')) return customSql(condition as CustomCondition, ctx);
      const text = condition as TextCondition;
      const column = COLUMN[text.field];
      if (!column) fail(`Unknown field "${text.field}"`, condition);
      const ref = sql.ref(`customers.${column}`);
      const values = (Array.isArray(text.value) ? text.value : [text.value]).filter((v) => v !== undefined).map((v) => String(v).toLowerCase());
      switch (text.op) {
        case 'exists':
          return sql<SqlBool>`(${ref} is not null and ${ref} <> '')`;
        case 'missing':
          return sql<SqlBool>`(${ref} is null or ${ref} = '')`;
        case 'eq':
        case 'in':
          if (values.length === 0) fail(`${text.op} needs a value`, condition);
          return sql<SqlBool>`lower(${ref}) in (${sql.join(values)})`;
        case 'ne':
          if (values.length === 0) fail('ne needs a value', condition);
          return sql<SqlBool>`(${ref} is null or lower(${ref}) not in (${sql.join(values)}))`;
        case 'contains':
          return sql<SqlBool>`lower(${ref}) like ${`%${escapeLike(values[0] ?? '')}%`} escape '\\'`;
        case 'starts-with':
          return sql<SqlBool>`lower(${ref}) like ${`${escapeLike(values[0] ?? '')}%`} escape '\\'`;
      }
    }
  }
  return fail(`Unsupported condition ${JSON.stringify(condition)}`, condition);
}

/**
 * Compiles a filter to a boolean SQL expression over the `customers` table (unaliased), the same
 * on SQLite and PostgreSQL: plain columns, EXISTS over the address tables, the custom-field side
 * table (customer_field_values, indexed by field and value) and the suppressions table.
 */
export function compileFilterSql(filter: CustomerFilter, ctx: FilterContext, depth = 0): RawBuilder<SqlBool> {
  if (depth > MAX_DEPTH) fail(`The filter nests deeper than ${MAX_DEPTH} levels`, filter);
  if ('all' in filter) {
    return filter.all.length === 0 ? TRUE : sql<SqlBool>`(${sql.join(filter.all.map((f) => compileFilterSql(f, ctx, depth + 1)), sql` and `)})`;
  }
  if ('any' in filter) {
    return filter.any.length === 0 ? FALSE : sql<SqlBool>`(${sql.join(filter.any.map((f) => compileFilterSql(f, ctx, depth + 1)), sql` or `)})`;
  }
  if ('not' in filter) return sql<SqlBool>`not (${compileFilterSql(filter.not, ctx, depth + 1)})`;
  return conditionSql(filter, ctx, depth);
}
