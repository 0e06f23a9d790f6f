import type { Kysely } from 'kysely';
import type { DatabaseSchema } from '../../platform/db/index.js';
import { celebratedBirthday, celebrationLabel, nextCelebration } from './birthdays.js';
import type { LunarMonthDay } from './lunar-birthdays.js';
import { isTimeZone, localDateOf, type LocalDate } from './wall-clock.js';

/** A birthday coming up, for a sales rep's reminder list. */
export interface UpcomingBirthday {
  readonly customerId: number;
  readonly displayName: string;
  readonly owner: string | null;
  /** The date it is celebrated, in the customer's zone (`YYYY-MM-DD`). */
  readonly date: string;
  /** 0 = today, 1 = tomorrow… */
  readonly inDays: number;
  /** The age they turn, when the birth year is known (lunar birthdays: counted in lunar years). */
  readonly turns: number | null;
  /** The calendar the customer celebrates in. */
  readonly calendar: 'gregorian' | 'lunar';
  /** The lunar birthday, when that is the one celebrated. */
  readonly lunar: LunarMonthDay | null;
  /** How to show it: "农历八月十五（今年 9月25日）" / "Lunar 8th month, day 15 (this year: 25 Sep)", or "9月25日" / "25 Sep". */
  readonly label: { readonly en: string; readonly zh: string };
}

/** Options for {@link upcomingBirthdays}. */
export interface UpcomingBirthdaysOptions {
  /** Only this rep's customers. */
  readonly owner?: string;
  /** How many days ahead, today included as day 0. */
  readonly days: number;
  readonly now: Date;
  /** Zone for customers without one (TIDINGS_DEFAULT_TIMEZONE). */
  readonly defaultZone: string;
}

const daysBetween = (from: LocalDate, to: LocalDate): number => Math.round((Date.parse(to) - Date.parse(from)) / 86_400_000);

/**
 * Customers whose birthday, in the calendar each celebrates (Gregorian or lunar, see
 * `lunarBirthdayIn` for the lunar rule), falls within the next `days` days in their own zone,
 * soonest first.
 */
export async function upcomingBirthdays(db: Kysely<DatabaseSchema>, options: UpcomingBirthdaysOptions): Promise<UpcomingBirthday[]> {
  let query = db
    .selectFrom('customers')
    .select([
      'id', 'display_name', 'owner', 'birthday_month', 'birthday_day', 'birth_year', 'time_zone',
      'birthday_calendar', 'lunar_birthday_month', 'lunar_birthday_day', 'lunar_birthday_leap', 'lunar_birth_year',
    ])
    .where((eb) =>
      eb.or([
        eb.and([eb('birthday_calendar', '<>', 'lunar'), eb('birthday_month', 'is not', null)]),
        eb.and([eb('birthday_calendar', '=', 'lunar'), eb('lunar_birthday_month', 'is not', null)]),
      ]),
    );
  if (options.owner !== undefined) query = query.where('owner', '=', options.owner);
  const rows = await query.execute();
  const result: UpcomingBirthday[] = [];
  for (const row of rows) {
    const birthday = celebratedBirthday(row);
    if (!birthday) continue;
    const zone = row.time_zone && isTimeZone(row.time_zone) ? row.time_zone : options.defaultZone;
    const today = localDateOf(options.now, zone);
    const thisYear = Number(today.slice(0, 4));
    const next = nextCelebration(birthday, today);
    if (!next) continue;
    const inDays = daysBetween(today, next.date);
    if (inDays > options.days) continue;
    const birthYear = birthday.calendar === 'lunar' ? row.lunar_birth_year : row.birth_year;
    result.push({
      customerId: Number(row.id),
      displayName: row.display_name,
      owner: row.owner,
      date: next.date,
      inDays,
      turns: birthYear ? next.year - birthYear : null,
      calendar: birthday.calendar,
      lunar: birthday.calendar === 'lunar' ? birthday.lunar : null,
      label: { en: celebrationLabel(birthday, next.date, 'en', thisYear), zh: celebrationLabel(birthday, next.date, 'zh', thisYear) },
    });
  }
  return result.sort((a, b) => a.inDays - b.inDays || a.displayName.localeCompare(b.displayName));
}
