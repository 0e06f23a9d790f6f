export { CHINESE_CALENDAR_YEARS, lunarToGregorian, solarTermDate } from './chinese-calendar.js';
export { findHoliday, HOLIDAY_KEYS, HOLIDAYS, holidaysOfYear, type HolidayDate, type HolidayDefinition, type HolidayKind } from './holidays.js';
export { isTimeZone, localDateOf, localTimeOf, wallTimeToInstant, type LocalDate, type LocalTime } from './wall-clock.js';
