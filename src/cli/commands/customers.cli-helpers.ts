import { TidingsError } from '../../platform/errors/index.js';
import { type Customer, type CustomerInput, formatBirthday, formatLunarBirthday } from '../../modules/customers/index.js';

/** Commander collector for repeatable options. */
export const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

/** Options shared by `customers add` and `customers edit`. */
export interface CustomerFlags {
  name?: string;
  familyName?: string;
  givenName?: string;
  title?: string;
  gender?: string;
  company?: string;
  email?: string[];
  phone?: string[];
  birthday?: string;
  lunarBirthday?: string;
  birthdayCalendar?: string;
  timeZone?: string;
  language?: string;
  owner?: string;
  custom?: string[];
  notes?: string;
  lock?: boolean;
  unlock?: boolean;
  json?: boolean;
}

/** Turns CLI flags into a customer input; only flags given are set (an edit changes only those). */
export function flagsToInput(flags: CustomerFlags): CustomerInput {
  const input: Record<string, unknown> = {};
  const copy = ['name', 'familyName', 'givenName', 'title', 'gender', 'company', 'birthday', 'lunarBirthday', 'birthdayCalendar', 'timeZone', 'language', 'owner', 'notes'] as const;
  for (const key of copy) if (flags[key] !== undefined) input[key] = flags[key];
  if (flags.email?.length) input.emails = flags.email;
  if (flags.phone?.length) input.phones = flags.phone;
  if (flags.custom?.length) {
    input.custom = Object.fromEntries(
      flags.custom.map((pair) => {
        const at = pair.indexOf('=');
        if (at <= 0) throw new TidingsError('VALIDATION_FAILED', `--custom "${pair}": expected name=value`);
        return [pair.slice(0, at).trim(), pair.slice(at + 1)];
      }),
    );
  }
  if (flags.lock) input.locked = true;
  if (flags.unlock) input.locked = false;
  return input as CustomerInput;
}

/** One line per customer for tables. */
export const customerRow = (c: Customer) => ({
  id: c.id,
  name: c.displayName,
  company: c.company ?? '',
  email: c.emails[0] ?? '',
  phone: c.phones[0] ?? '',
  owner: c.owner ?? '',
  locked: c.locked ? 'yes' : '',
});

/** A customer for humans, one field per line. */
export function describeCustomer(c: Customer, groupPaths: ReadonlyMap<number, string>): string {
  const lines: [string, string | null | undefined][] = [
    ['id', String(c.id)],
    ['name', c.displayName],
    ['family / given', [c.familyName, c.givenName].filter(Boolean).join(' / ')],
    ['title', c.title],
    ['gender', c.gender],
    ['company', c.company],
    ['emails', c.emails.join(', ')],
    ['phones', c.phones.join(', ')],
    ['birthday', c.birthday ? `${formatBirthday(c.birthday)}${c.birthdayCalendar === 'gregorian' ? ' (celebrated)' : ''}` : null],
    ['lunar birthday', c.lunarBirthday ? `农历${formatLunarBirthday(c.lunarBirthday)}${c.birthdayCalendar === 'lunar' ? ' (celebrated)' : ''}` : null],
    ['time zone', c.timeZone],
    ['language', c.language],
    ['owner', c.owner],
    ['groups', c.groupIds.map((id) => groupPaths.get(id) ?? String(id)).join(', ')],
    ...Object.entries(c.custom).map(([k, v]): [string, string] => [`custom.${k}`, String(v)]),
    ['notes', c.notes],
    ['locked', c.locked ? 'yes (cannot be deleted)' : 'no'],
  ];
  return lines.filter(([, v]) => v !== null && v !== undefined && v !== '').map(([k, v]) => `${k}: ${v}`).join('\n');
}
