import { celebrationLabel, localDateOf, nextCelebration, type CelebratedBirthday } from '../schedule/index.js';
import type { BirthdayCalendar, Customer } from './customer.model.js';

/** When a customer's birthday is next celebrated, in the calendar they keep, and how to say it. */
export interface NextBirthday {
  /** `YYYY-MM-DD` in the customer's zone. */
  readonly date: string;
  readonly calendar: BirthdayCalendar;
  /** "农历八月十五（今年 9月25日）" / "Lunar 8th month, day 15 (this year: 25 Sep)"; "9月25日" / "25 Sep". */
  readonly label: { readonly en: string; readonly zh: string };
}

/** The birthday a customer celebrates (birthdayCalendar picks which), or undefined. */
export function celebratedBirthdayOf(c: Pick<Customer, 'birthday' | 'lunarBirthday' | 'birthdayCalendar'>): CelebratedBirthday | undefined {
  if (c.birthdayCalendar === 'lunar') return c.lunarBirthday ? { calendar: 'lunar', lunar: c.lunarBirthday } : undefined;
  return c.birthday ? { calendar: 'gregorian', month: c.birthday.month, day: c.birthday.day } : undefined;
}

/** The next celebration on or after `now` in the customer's zone (else `defaultZone`); null without a birthday. */
export function nextBirthdayOf(c: Customer, now: Date, defaultZone: string): NextBirthday | null {
  const birthday = celebratedBirthdayOf(c);
  if (!birthday) return null;
  let today: string;
  try {
    today = localDateOf(now, c.timeZone ?? defaultZone);
  } catch {
    today = localDateOf(now, defaultZone);
  }
  const next = nextCelebration(birthday, today);
  if (!next) return null;
  const thisYear = Number(today.slice(0, 4));
  return {
    date: next.date,
    calendar: birthday.calendar,
    label: { en: celebrationLabel(birthday, next.date, 'en', thisYear), zh: celebrationLabel(birthday, next.date, 'zh', thisYear) },
  };
}

/** The customer as the API and the CLI show it: with {@link nextBirthdayOf} attached. */
export function withNextBirthday(c: Customer, now: Date, defaultZone: string): Customer & { readonly nextBirthday: NextBirthday | null } {
  return { ...c, nextBirthday: nextBirthdayOf(c, now, defaultZone) };
}
