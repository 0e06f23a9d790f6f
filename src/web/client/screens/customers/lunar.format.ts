import type { Locale } from '../../i18n/index.js';
import type { Customer } from './customers.api.js';
import { formatBirthday } from './customers.format.js';

/*
 * Lunar months and days as the form and the pages name them. The server owns the calendar (which
 * Gregorian day a lunar birthday falls on, in nextBirthday); these are only names.
 */

const MONTHS_ZH = ['正月', '二月', '三月', '四月', '五月', '六月', '七月', '八月', '九月', '十月', '冬月', '腊月'];
const DIGITS = ['', '一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];

/** 初一 … 初十, 十一 … 二十, 廿一 … 廿九, 三十. */
export function lunarDayName(day: number): string {
  if (day <= 10) return `初${DIGITS[day] ?? ''}`;
  if (day < 20) return `十${DIGITS[day - 10] ?? ''}`;
  if (day === 20) return '二十';
  if (day < 30) return `廿${DIGITS[day - 20] ?? ''}`;
  return '三十';
}

const ordinal = (n: number) => `${n}${n >= 11 && n <= 13 ? 'th' : (['th', 'st', 'nd', 'rd'][n % 10] ?? 'th')}`;

/** 闰四月 / "leap 4th month (闰四月)". */
export function lunarMonthLabel(month: number, leap: boolean, locale: Locale): string {
  const zh = `${leap ? '闰' : ''}${MONTHS_ZH[month - 1] ?? ''}`;
  return locale === 'zh-CN' ? zh : `${leap ? 'leap ' : ''}${ordinal(month)} month (${zh})`;
}

/** 十五 / "15 (十五)". */
export function lunarDayLabel(day: number, locale: Locale): string {
  return locale === 'zh-CN' ? lunarDayName(day) : `${day} (${lunarDayName(day)})`;
}

/** 农历闰四月初八 / "Lunar leap 4th month, day 8", without its Gregorian date. */
export function formatLunarBirthday(b: NonNullable<Customer['lunarBirthday']>, locale: Locale): string {
  if (locale === 'zh-CN') return `农历${b.year === null ? '' : `${b.year}年`}${b.leap ? '闰' : ''}${MONTHS_ZH[b.month - 1] ?? ''}${lunarDayName(b.day)}`;
  return `Lunar ${b.leap ? 'leap ' : ''}${ordinal(b.month)} month, day ${b.day}${b.year === null ? '' : ` (${b.year})`}`;
}

/**
 * The birthday a customer celebrates, shown both ways for a lunar one: "农历八月十五（今年 9月25日）" /
 * "Lunar 8th month, day 15 (this year: 25 Sep)". A Gregorian one as before.
 */
export function formatCelebratedBirthday(c: Pick<Customer, 'birthday' | 'lunarBirthday' | 'birthdayCalendar' | 'nextBirthday'>, locale: Locale): string {
  if (c.birthdayCalendar === 'lunar' && c.lunarBirthday) {
    return c.nextBirthday?.calendar === 'lunar' ? c.nextBirthday.label[locale === 'zh-CN' ? 'zh' : 'en'] : formatLunarBirthday(c.lunarBirthday, locale);
  }
  return formatBirthday(c.birthday, locale);
}
