export { storeAudienceSource, type AudienceMember, type AudienceSource } from './audience.js';
export { planWaves, type AudienceWave, type SchedulePlan } from './audience-waves.js';
export {
  birthdayIn,
  birthdayYearOn,
  celebratedBirthday,
  celebrationLabel,
  isBirthdayOn,
  nextCelebration,
  type CelebratedBirthday,
} from './birthdays.js';
export {
  CHINESE_CALENDAR_YEARS,
  gregorianToLunar,
  leapMonthOf,
  lunarMonthLength,
  lunarMonthsOf,
  lunarToGregorian,
  solarTermDate,
  type LunarDate,
  type LunarMonthSpan,
} from './chinese-calendar.js';
export {
  isLunarBirthdayOn,
  lunarBirthdayIn,
  lunarBirthdayLabel,
  lunarBirthdaysBetween,
  lunarBirthdaysOn,
  nextLunarBirthday,
  type LunarMonthDay,
} from './lunar-birthdays.js';
export { LUNAR_MONTH_NAMES, lunarDayName, lunarMonthDayText, lunarMonthName } from './lunar-names.js';
export { findHoliday, HOLIDAY_KEYS, HOLIDAYS, holidaysOfYear, type HolidayDate, type HolidayDefinition, type HolidayKind } from './holidays.js';
export { systemClock, type CampaignLauncher, type Clock, type LaunchOccurrence } from './launcher.js';
export { nextOccurrences, occurrencesBetween, waveTimes, type Occurrence, type OccurrenceOptions, type Wave } from './occurrences.js';
export { isQuietTime, quietHoursDelay, quietWindowFor, type QuietWindow } from './quiet-hours.js';
export { cronOf } from './recurrence.js';
export { holidayYears, isOneShot, isPerZone, parseScheduleSpec, ScheduleSpecSchema, type ScheduleSpec } from './schedule.spec.js';
export { Scheduler, type SchedulerOptions, type TickReport } from './scheduler.js';
export { createSchedulerService, schedulerServiceFactory, type SchedulerServiceOptions } from './scheduler.service.js';
export { upcomingBirthdays, type UpcomingBirthday, type UpcomingBirthdaysOptions } from './upcoming-birthdays.js';
export { isTimeZone, localDateOf, localTimeOf, wallTimeToInstant, type LocalDate, type LocalTime } from './wall-clock.js';
// What the app's registries collect from this module (error codes, migrations, tables, settings).
export { scheduleErrors } from './schedule.errors.js';
export { scheduleMigrations } from './schedule.migrations.js';
export type { ScheduleTables } from './schedule.tables.js';
export { scheduleEnv, type ScheduleConfig } from './schedule.config.js';
export type { ScheduleContext } from './schedule.context.js';
