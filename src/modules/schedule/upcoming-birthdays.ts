import type { Kysely } from 'kysely';
import type { DatabaseSchema } from '../../platform/db/index.js';
import { birthdayIn } from './birthdays.js';
import { isTimeZone, localDateOf } from './wall-clock.js';

/** A birthday coming up, for a sales rep's reminder list. */
export interface UpcomingBirthday {
  readonly customerId: number;
  readonly displayName: string;
  readonly owner: string | null;
  /** The date it is celebrated, in the customer's zone (`YYYY-MM-DD`). */
  readonly date: string;
  /** 0 = today, 1 = tomorrow… */
  readonly inDays: number;
  /** The age they turn, when the birth year is known. */
  readonly turns: number | null;
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

/** Customers whose birthday falls within the next `days` days in their own zone, soonest first. */
export async function upcomingBirthdays(db: Kysely<DatabaseSchema>, options: UpcomingBirthdaysOptions): Promise<UpcomingBirthday[]> {
  let query = db
    .selectFrom('customers')
    .select(['id', 'display_name', 'owner', 'birthday_month', 'birthday_day', 'birth_year', 'time_zone'])
    .where('birthday_month', 'is not', null)
    .where('birthday_day', 'is not', null);
  if (options.owner !== undefined) query = query.where('owner', '=', options.owner);
  const rows = await query.execute();
  const result: UpcomingBirthday[] = [];
  for (const row of rows) {
    const zone = row.time_zone && isTimeZone(row.time_zone) ? row.time_zone : options.defaultZone;
    const today = localDateOf(options.now, zone);
    const year = Number(today.slice(0, 4));
    // This year's date, or next year's once it has passed (a window can span New Year).
    for (const y of [year, year + 1]) {
      const date = birthdayIn(y, row.birthday_month as number, row.birthday_day as number);
      if (!date || date < today) continue;
      const inDays = Math.round((Date.parse(date) - Date.parse(today)) / 86_400_000);
      if (inDays <= options.days) {
        result.push({
          customerId: Number(row.id),
          displayName: row.display_name,
          owner: row.owner,
          date,
          inDays,
          turns: row.birth_year ? y - row.birth_year : null,
        });
      }
      break;
    }
  }
  return result.sort((a, b) => a.inDays - b.inDays || a.displayName.localeCompare(b.displayName));
}
