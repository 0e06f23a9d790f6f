import { lunarToGregorian, solarTermDate } from './chinese-calendar.js';
import { addDays, ymd } from './wall-clock.js';

/** How a holiday's date is found: a fixed Gregorian date, a Chinese lunar date, or a solar term. */
export type HolidayKind = 'fixed' | 'lunar' | 'solar-term';

/** A built-in holiday; `key` is what a schedule names (`{ kind: 'holiday', holiday: 'mid-autumn' }`). */
export interface HolidayDefinition {
  readonly key: string;
  /** Chinese name, e.g. 中秋节. */
  readonly name: string;
  readonly nameEn: string;
  readonly kind: HolidayKind;
  /** The holiday's date in Gregorian `year` (`YYYY-MM-DD`, as observed in China for lunar/solar-term ones). */
  date(year: number): string;
}

/** One holiday resolved for a year, as `tidings holidays 2027 --json` prints it. */
export interface HolidayDate {
  readonly key: string;
  readonly name: string;
  readonly nameEn: string;
  readonly date: string;
  readonly kind: HolidayKind;
}

const fixed = (key: string, name: string, nameEn: string, month: number, day: number): HolidayDefinition => ({
  key,
  name,
  nameEn,
  kind: 'fixed',
  date: (year) => ymd(year, month, day),
});

const lunarDay = (key: string, name: string, nameEn: string, month: number, day: number): HolidayDefinition => ({
  key,
  name,
  nameEn,
  kind: 'lunar',
  date: (year) => lunarToGregorian(year, month, day),
});

/** Every built-in holiday, in calendar order of a typical year. */
export const HOLIDAYS: readonly HolidayDefinition[] = [
  fixed('new-year', '元旦', "New Year's Day", 1, 1),
  {
    key: 'chinese-new-years-eve',
    name: '除夕',
    nameEn: "Chinese New Year's Eve",
    kind: 'lunar',
    // The last day of the twelfth month, whether it is the 29th or the 30th: the eve of 春节.
    date: (year) => addDays(lunarToGregorian(year, 1, 1), -1),
  },
  lunarDay('spring-festival', '春节', 'Spring Festival', 1, 1),
  lunarDay('lantern', '元宵节', 'Lantern Festival', 1, 15),
  fixed('womens-day', '妇女节', "International Women's Day", 3, 8),
  {
    key: 'qingming',
    name: '清明节',
    nameEn: 'Qingming Festival',
    kind: 'solar-term',
    date: (year) => solarTermDate(year, '清明'),
  },
  fixed('labour-day', '劳动节', 'Labour Day', 5, 1),
  fixed('childrens-day', '儿童节', "Children's Day", 6, 1),
  lunarDay('dragon-boat', '端午节', 'Dragon Boat Festival', 5, 5),
  lunarDay('qixi', '七夕', 'Qixi Festival', 7, 7),
  fixed('teachers-day', '教师节', "Teachers' Day", 9, 10),
  lunarDay('mid-autumn', '中秋节', 'Mid-Autumn Festival', 8, 15),
  fixed('national-day', '国庆节', 'National Day', 10, 1),
  lunarDay('double-ninth', '重阳节', 'Double Ninth Festival', 9, 9),
  fixed('christmas', '圣诞节', 'Christmas', 12, 25),
];

/** The holiday keys a schedule may name. */
export const HOLIDAY_KEYS = HOLIDAYS.map((h) => h.key) as [string, ...string[]];

const BY_KEY = new Map(HOLIDAYS.map((h) => [h.key, h]));

/** The definition for a key, or undefined. Also accepts the Chinese or English name. */
export function findHoliday(keyOrName: string): HolidayDefinition | undefined {
  const wanted = keyOrName.trim().toLowerCase();
  return BY_KEY.get(wanted) ?? HOLIDAYS.find((h) => h.name === keyOrName.trim() || h.nameEn.toLowerCase() === wanted);
}

/** Every built-in holiday resolved for Gregorian `year`, sorted by date. */
export function holidaysOfYear(year: number): HolidayDate[] {
  return HOLIDAYS.map((h) => ({ key: h.key, name: h.name, nameEn: h.nameEn, date: h.date(year), kind: h.kind })).sort(
    (a, b) => a.date.localeCompare(b.date),
  );
}
