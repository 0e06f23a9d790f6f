/**
 * How Chinese writes lunar months and days: 正月 … 十月, 冬月, 腊月 (also 十一月, 十二月), a leap
 * month as 闰四月; days 初一 … 初十, 十一 … 二十, 廿一 … 廿九, 三十.
 */

/** Month names as calendars print them; 11 and 12 are usually 冬月 and 腊月. */
export const LUNAR_MONTH_NAMES = ['正月', '二月', '三月', '四月', '五月', '六月', '七月', '八月', '九月', '十月', '冬月', '腊月'] as const;

const DIGITS = ['', '一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];

/** 初一 … 初十, 十一 … 十九, 二十, 廿一 … 廿九, 三十. */
export function lunarDayName(day: number): string {
  if (day <= 10) return `初${DIGITS[day] ?? ''}`;
  if (day < 20) return `十${DIGITS[day - 10] ?? ''}`;
  if (day === 20) return '二十';
  if (day < 30) return `廿${DIGITS[day - 20] ?? ''}`;
  return '三十';
}

/** 八月, 闰四月, 冬月. */
export function lunarMonthName(month: number, leap: boolean): string {
  return `${leap ? '闰' : ''}${LUNAR_MONTH_NAMES[month - 1] ?? `${month}月`}`;
}

function ordinal(n: number): string {
  const suffix = n >= 11 && n <= 13 ? 'th' : (['th', 'st', 'nd', 'rd'][n % 10] ?? 'th');
  return `${n}${suffix}`;
}

/** `八月十五`, `闰四月初八` (Chinese) or `8th month, day 15`, `leap 4th month, day 8` (English). */
export function lunarMonthDayText(month: number, day: number, leap: boolean, language: 'zh' | 'en'): string {
  if (language === 'zh') return `${lunarMonthName(month, leap)}${lunarDayName(day)}`;
  return `${leap ? 'leap ' : ''}${ordinal(month)} month, day ${day}`;
}
