import type { Kysely } from 'kysely';
import type { DatabaseSchema } from '../../platform/db/index.js';
import { holidaysOfYear, localDateOf, upcomingBirthdays } from '../schedule/index.js';
import { roleAllows, type Role } from '../users/index.js';
import { greetingTemplates, type GreetingTemplates } from './greeting-templates.js';

type Db = Kysely<DatabaseSchema>;

/** How far ahead holidays are listed, in days (today = day 0). */
export const HOLIDAYS_AHEAD_DAYS = 30;

/**
 * Whose customers' birthdays a person is reminded of:
 * - `own`: the customers they own (sales reps, `customers:own`);
 * - `own-and-unowned`: theirs plus customers nobody owns (marketers and admins, `customers:read`):
 *   a customer with an owner is that rep's to greet, so it is not put on everyone's list, while an
 *   unowned one would otherwise be nobody's;
 * - `none`: roles that cannot open customers (finance) get holidays only.
 */
export type BirthdayScope = 'own' | 'own-and-unowned' | 'none';

/** The birthday scope of a role (see {@link BirthdayScope}). */
export function birthdayScopeOf(role: Role): BirthdayScope {
  if (roleAllows(role, 'customers:read')) return 'own-and-unowned';
  if (roleAllows(role, 'customers:own')) return 'own';
  return 'none';
}

/** Where "send the greeting" leads in the web UI: a one-off with the customer and template chosen. */
export interface GreetingLink {
  /** The email template filled in (the built-in `birthday`, or the holiday's, e.g. `spring-festival`); null: none installed, write your own. */
  readonly templateId: number | null;
  /** Path in the web UI, with the query that opens the one-off (e.g. `/customers/12?compose=1&template=3`). */
  readonly path: string;
}

/** A customer's birthday in the digest. */
export interface DigestBirthday {
  readonly customerId: number;
  readonly displayName: string;
  /** `YYYY-MM-DD` on the customer's clock. */
  readonly date: string;
  /** 0 = today. */
  readonly inDays: number;
  /** The age they turn, when the birth year is known (lunar birthdays: in lunar years). */
  readonly turns: number | null;
  /** The calendar the customer celebrates in. */
  readonly calendar: 'gregorian' | 'lunar';
  /** How to show the day: "农历八月十五（今年 9月25日）" / "Lunar 8th month, day 15 (this year: 25 Sep)". */
  readonly label: { readonly en: string; readonly zh: string };
  /** Null for a person who may not send one-off emails. */
  readonly greeting: GreetingLink | null;
}

/** A holiday ahead in the digest. */
export interface DigestHoliday {
  readonly key: string;
  readonly name: string;
  readonly nameEn: string;
  readonly date: string;
  /** The countdown: 0 = today. */
  readonly inDays: number;
  /** Opens the customer list with the holiday's template ready for the ticked customers; null as for birthdays. */
  readonly greeting: GreetingLink | null;
}

/** What one person is reminded of. */
export interface DigestContent {
  /** `YYYY-MM-DD` on the person's clock. */
  readonly today: string;
  readonly daysAhead: number;
  readonly birthdays: readonly DigestBirthday[];
  readonly holidays: readonly DigestHoliday[];
}

/** Who the digest is for. */
export interface DigestViewer {
  readonly username: string;
  readonly role: Role;
}

/** Options of {@link digestFor}. */
export interface DigestOptions {
  readonly now: Date;
  /** The person's zone (holidays count down on their clock); birthdays use each customer's. */
  readonly zone: string;
  /** Zone for customers without one (TIDINGS_DEFAULT_TIMEZONE). */
  readonly defaultZone: string;
  /** Birthdays this many days ahead, today included as day 0. */
  readonly daysAhead: number;
  /** Resolved once per tick by the worker; looked up when absent. */
  readonly templates?: GreetingTemplates;
}

const dayDiff = (from: string, to: string) => Math.round((Date.parse(to) - Date.parse(from)) / 86_400_000);

/**
 * The one reminder list, for the morning email and the overview page alike: the person's
 * customers' birthdays in the next `daysAhead` days (scope by role, {@link BirthdayScope}) and the
 * holidays of the next {@link HOLIDAYS_AHEAD_DAYS} days with a countdown, each with its "send the
 * greeting" link for roles that may send one-off emails.
 */
export async function digestFor(db: Db, viewer: DigestViewer, options: DigestOptions): Promise<DigestContent> {
  const templates = options.templates ?? (await greetingTemplates(db));
  const maySend = roleAllows(viewer.role, 'campaigns:oneoff');
  const scope = birthdayScopeOf(viewer.role);
  const today = localDateOf(options.now, options.zone);
  let birthdays: DigestBirthday[] = [];
  if (scope !== 'none') {
    const found = await upcomingBirthdays(db, {
      ...(scope === 'own' ? { owner: viewer.username } : {}),
      days: options.daysAhead,
      now: options.now,
      defaultZone: options.defaultZone,
    });
    const birthdayTemplate = templates.get('birthday') ?? null;
    birthdays = found
      .filter((b) => scope === 'own' || b.owner === viewer.username || b.owner === null)
      .map((b) => ({
        customerId: b.customerId,
        displayName: b.displayName,
        date: b.date,
        inDays: b.inDays,
        turns: b.turns,
        calendar: b.calendar,
        label: b.label,
        greeting: maySend ? { templateId: birthdayTemplate, path: composePath(`/customers/${b.customerId}`, birthdayTemplate) } : null,
      }));
  }
  const year = Number(today.slice(0, 4));
  const holidays = [...holidaysOfYear(year), ...holidaysOfYear(year + 1)]
    .map((h) => ({ ...h, inDays: dayDiff(today, h.date) }))
    .filter((h) => h.inDays >= 0 && h.inDays <= HOLIDAYS_AHEAD_DAYS)
    .sort((a, b) => a.inDays - b.inDays)
    .map((h): DigestHoliday => {
      const templateId = templates.get(h.key) ?? null;
      return { key: h.key, name: h.name, nameEn: h.nameEn, date: h.date, inDays: h.inDays, greeting: maySend ? { templateId, path: composePath('/customers', templateId) } : null };
    });
  return { today, daysAhead: options.daysAhead, birthdays, holidays };
}

function composePath(base: string, templateId: number | null): string {
  return templateId === null ? `${base}?compose=1` : `${base}?compose=1&template=${templateId}`;
}
