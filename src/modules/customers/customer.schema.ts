import { z } from 'zod';
import { normaliseEmail, normalisePhone } from './address.normaliser.js';
import { parseBirthday, isValidBirthday, type Birthday } from './birthday.parser.js';
import { coerceCustomValue, type CustomFieldDef, type CustomValue } from './custom-fields.js';
import { checkLunarBirthday, parseLunarBirthday, type LunarBirthday } from './lunar-birthday.parser.js';
import type { BirthdayCalendar } from './customer.model.js';
import { joinName, splitName } from './name.parser.js';

const text = (max: number) => z.string().trim().max(max);

/** A date that says it is lunar. */
const LUNAR_PREFIX = /^(农历|阴历|農曆|陰曆)/;

/** How people name the two calendars in a spreadsheet cell. */
const CALENDAR_WORDS: Record<string, string> = {
  农历: 'lunar', 阴历: 'lunar', 農曆: 'lunar', 陰曆: 'lunar', chinese: 'lunar',
  公历: 'gregorian', 阳历: 'gregorian', 新历: 'gregorian', 西历: 'gregorian', solar: 'gregorian',
};

/**
 * A customer as the API, the CLI and the importer hand it in. Everything is optional except a
 * name (full `name`, or family/given parts, or a display name). `emails` and `phones`: the first
 * one is the primary address used for campaigns. Values are checked and normalised by
 * {@link normaliseCustomer} (E.164 phones, lower-case emails, real birthdays, IANA time zones).
 */
export const CustomerInputSchema = z.object({
  /** Full name as typed: 张伟, 欧阳娜娜, Alex Smith; split into family / given name. */
  name: text(200).optional(),
  familyName: text(100).nullish(),
  givenName: text(100).nullish(),
  displayName: text(200).optional(),
  /** 先生 / 女士 / 总 / Mr / Ms / Dr … */
  title: text(40).nullish(),
  gender: z.string().trim().nullish(),
  company: text(200).nullish(),
  emails: z.array(z.string()).max(20).optional(),
  phones: z.array(z.string()).max(20).optional(),
  /** 1990-03-15, --03-15, 3月15日, or { month, day, year? }. */
  birthday: z
    .union([z.string(), z.object({ month: z.number().int(), day: z.number().int(), year: z.number().int().nullish() })])
    .nullish(),
  /**
   * The lunar birthday (农历生日): 八月十五, 闰四月初八, 1990年腊月廿三, L08-15, L04-08L (leap), or
   * { month, day, leap?, year? } with `year` the lunar year of birth.
   */
  lunarBirthday: z
    .union([
      z.string(),
      z.object({ month: z.number().int(), day: z.number().int(), leap: z.boolean().optional(), year: z.number().int().nullish() }),
    ])
    .nullish(),
  /**
   * Which birthday is celebrated: `gregorian` or `lunar`. When left out it follows the input:
   * giving a lunar birthday makes it `lunar`, clearing it makes it `gregorian`.
   */
  birthdayCalendar: z.preprocess(
    (v) => (typeof v === 'string' ? (CALENDAR_WORDS[v.trim().toLowerCase()] ?? v.trim().toLowerCase()) || undefined : v),
    z.enum(['gregorian', 'lunar']).optional(),
  ),
  /** IANA time zone, e.g. Asia/Shanghai. */
  timeZone: z.string().trim().nullish(),
  /** BCP 47 language tag, e.g. zh-CN, en. */
  language: z.string().trim().nullish(),
  /** The sales rep's user name. */
  owner: text(100).nullish(),
  /** Custom field values by field name; the field must be defined (see defineCustomField). */
  custom: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])).optional(),
  notes: text(10_000).nullish(),
  /** A locked customer cannot be deleted. */
  locked: z.boolean().optional(),
});
export type CustomerInput = z.input<typeof CustomerInputSchema>;

/** A customer's data after checking: what the repository writes. */
export interface CustomerData {
  familyName: string | null;
  givenName: string | null;
  displayName: string;
  title: string | null;
  gender: 'female' | 'male' | 'other' | null;
  company: string | null;
  /** Lower-cased; the first is the primary. */
  emails: string[];
  /** E.164; the first is the primary. */
  phones: string[];
  birthday: Birthday | null;
  lunarBirthday: LunarBirthday | null;
  birthdayCalendar: BirthdayCalendar;
  timeZone: string | null;
  language: string | null;
  owner: string | null;
  custom: Record<string, CustomValue>;
  notes: string | null;
  locked: boolean;
}

/** One problem with one field; `field` uses the input's names (emails, birthday, custom.city). */
export interface FieldIssue {
  readonly field: string;
  readonly reason: string;
}

/** What {@link normaliseCustomer} needs to know beyond the input. */
export interface NormaliseOptions {
  /** Region for national phone numbers (TIDINGS_DEFAULT_REGION). */
  readonly region: string;
  /** Defined custom fields by name. */
  readonly fields: ReadonlyMap<string, CustomFieldDef>;
  /** When set, `undefined` input fields keep these values (an update). */
  readonly base?: CustomerData;
}

const GENDERS: Record<string, CustomerData['gender']> = {
  male: 'male', m: 'male', man: 'male', 男: 'male', 先生: 'male',
  female: 'female', f: 'female', woman: 'female', 女: 'female', 女士: 'female',
  other: 'other', 其他: 'other', x: 'other',
};

export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return zone.includes('/') || zone === 'UTC';
  } catch {
    return false;
  }
}

function canonicalLanguage(tag: string): string | undefined {
  try {
    const [canonical] = Intl.getCanonicalLocales(tag.replace('_', '-'));
    return canonical;
  } catch {
    return undefined;
  }
}

const orNull = (v: string | null | undefined): string | null => (v === undefined || v === null || v === '' ? null : v);

/**
 * Checks and normalises a customer input (whole, or a patch over `options.base`). Returns every
 * problem at once so a form or an import row can show them together.
 */
export function normaliseCustomer(
  raw: unknown,
  options: NormaliseOptions,
): { ok: true; value: CustomerData } | { ok: false; issues: FieldIssue[] } {
  const parsed = CustomerInputSchema.safeParse(raw);
  if (!parsed.success) {
    return { ok: false, issues: parsed.error.issues.map((i) => ({ field: i.path.join('.') || 'customer', reason: i.message })) };
  }
  const input = { ...parsed.data };
  const base = options.base;
  const issues: FieldIssue[] = [];

  let familyName = input.familyName === undefined ? (base?.familyName ?? null) : orNull(input.familyName);
  let givenName = input.givenName === undefined ? (base?.givenName ?? null) : orNull(input.givenName);
  let displayName = input.displayName || undefined;
  /** An honorific typed in the name ("Mr John Smith", "王女士"), used when no title is given. */
  let nameTitle: string | undefined;
  if (input.name !== undefined && input.name !== '') {
    const split = splitName(input.name);
    if (split) {
      if (input.familyName === undefined && input.givenName === undefined) {
        familyName = split.familyName;
        givenName = split.givenName;
        nameTitle = split.title;
      }
      // With explicit parts (an exported file), the name column is the display name as written.
      displayName ??= input.familyName !== undefined || input.givenName !== undefined ? input.name.trim() : split.displayName;
    }
  }
  const nameChanged = input.familyName !== undefined || input.givenName !== undefined;
  displayName ??= nameChanged || !base ? joinName(familyName, givenName) || undefined : base.displayName;
  if (!displayName) issues.push({ field: 'name', reason: 'a name is required' });

  const emails: string[] = [];
  for (const [i, e] of (input.emails ?? base?.emails ?? []).entries()) {
    if (e.trim() === '') continue;
    const email = normaliseEmail(e);
    if (!email) issues.push({ field: `emails.${i}`, reason: `"${e}" is not a valid email address` });
    else if (!emails.includes(email)) emails.push(email);
  }
  const phones: string[] = [];
  for (const [i, p] of (input.phones ?? base?.phones ?? []).entries()) {
    if (p.trim() === '') continue;
    const phone = normalisePhone(p, options.region);
    if (!phone) issues.push({ field: `phones.${i}`, reason: `"${p}" is not a valid phone number (region ${options.region})` });
    else if (!phones.includes(phone)) phones.push(phone);
  }

  // "农历八月十五" in a birthday column is a lunar birthday written where the Gregorian one goes.
  if (typeof input.birthday === 'string' && LUNAR_PREFIX.test(input.birthday.trim()) && (input.lunarBirthday === undefined || input.lunarBirthday === '')) {
    input.lunarBirthday = input.birthday;
    input.birthday = undefined;
  }
  let birthday = base?.birthday ?? null;
  if (input.birthday !== undefined) {
    const b = input.birthday;
    if (b === null || b === '') birthday = null;
    else if (typeof b === 'string') {
      const parsedBirthday = parseBirthday(b);
      if (parsedBirthday) birthday = parsedBirthday;
      else issues.push({ field: 'birthday', reason: `"${b}" is not a date (expected YYYY-MM-DD, MM-DD or 3月15日)` });
    } else if (isValidBirthday(b.month, b.day, b.year ?? null)) birthday = { month: b.month, day: b.day, year: b.year ?? null };
    else issues.push({ field: 'birthday', reason: `${b.month}-${b.day}${b.year ? ` (${b.year})` : ''} is not a real date` });
  }

  let lunarBirthday = base?.lunarBirthday ?? null;
  let lunarGiven = false;
  if (input.lunarBirthday !== undefined) {
    const b = input.lunarBirthday;
    if (b === null || b === '') lunarBirthday = null;
    else {
      const result =
        typeof b === 'string' ? parseLunarBirthday(b) : checkLunarBirthday({ month: b.month, day: b.day, leap: b.leap ?? false, year: b.year ?? null });
      if (result.ok) {
        lunarBirthday = result.value;
        lunarGiven = true;
      } else issues.push({ field: 'lunarBirthday', reason: result.reason });
    }
  }
  // The celebrated calendar: as asked; else a newly given lunar birthday is the one celebrated.
  let birthdayCalendar: BirthdayCalendar = input.birthdayCalendar ?? (lunarGiven ? 'lunar' : (base?.birthdayCalendar ?? 'gregorian'));
  if (lunarBirthday === null && input.birthdayCalendar !== 'lunar') birthdayCalendar = 'gregorian';
  if (birthdayCalendar === 'lunar' && lunarBirthday === null && !issues.some((i) => i.field === 'lunarBirthday')) {
    issues.push({ field: 'lunarBirthday', reason: 'a lunar birthday is needed to celebrate the birthday by the lunar calendar' });
  }

  let gender = base?.gender ?? null;
  if (input.gender !== undefined) {
    const g = input.gender?.toLowerCase() ?? '';
    if (g === '') gender = null;
    else if (GENDERS[g]) gender = GENDERS[g];
    else issues.push({ field: 'gender', reason: `"${input.gender}" is not one of male, female, other` });
  }

  let timeZone = base?.timeZone ?? null;
  if (input.timeZone !== undefined) {
    if (!input.timeZone) timeZone = null;
    else if (isTimeZone(input.timeZone)) timeZone = input.timeZone;
    else issues.push({ field: 'timeZone', reason: `"${input.timeZone}" is not an IANA time zone such as Asia/Shanghai` });
  }
  let language = base?.language ?? null;
  if (input.language !== undefined) {
    if (!input.language) language = null;
    else {
      const tag = canonicalLanguage(input.language);
      if (tag) language = tag;
      else issues.push({ field: 'language', reason: `"${input.language}" is not a language tag such as zh-CN or en` });
    }
  }

  const custom: Record<string, CustomValue> = { ...(base?.custom ?? {}) };
  for (const [name, value] of Object.entries(input.custom ?? {})) {
    const def = options.fields.get(name);
    if (!def) {
      issues.push({ field: `custom.${name}`, reason: `custom field "${name}" is not defined` });
      continue;
    }
    const coerced = coerceCustomValue(def.type, value);
    if (coerced === undefined) issues.push({ field: `custom.${name}`, reason: `"${String(value)}" is not a ${def.type}` });
    else if (coerced === null) delete custom[name];
    else custom[name] = coerced;
  }

  if (issues.length > 0) return { ok: false, issues };
  return {
    ok: true,
    value: {
      familyName,
      givenName,
      displayName: displayName ?? '',
      title: input.title === undefined ? (nameTitle ?? base?.title ?? null) : orNull(input.title),
      gender,
      company: input.company === undefined ? (base?.company ?? null) : orNull(input.company),
      emails,
      phones,
      birthday,
      lunarBirthday,
      birthdayCalendar,
      timeZone,
      language,
      owner: input.owner === undefined ? (base?.owner ?? null) : orNull(input.owner),
      custom,
      notes: input.notes === undefined ? (base?.notes ?? null) : orNull(input.notes),
      locked: input.locked ?? base?.locked ?? false,
    },
  };
}
