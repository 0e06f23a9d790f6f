import { z } from 'zod';
import { TidingsError } from '../../platform/errors/index.js';
import { HOLIDAY_KEYS } from './holidays.js';
import { isTimeZone } from './wall-clock.js';

const Time = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, { message: 'expected a wall-clock time HH:mm such as 09:00' });
const Zone = z.string().refine(isTimeZone, { message: 'expected an IANA time zone such as Asia/Shanghai' });
const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;

/** Options every schedule kind accepts. */
const Common = {
  /** Also hold marketing email during the recipient's quiet hours (SMS always is). */
  quietHoursEmail: z.boolean().optional(),
};

/** Send as soon as the scheduler sees the campaign. */
export const NowScheduleSchema = z.object({ kind: z.literal('now'), ...Common });

/** Send at one absolute instant (ISO 8601 with an offset or Z). */
export const AtScheduleSchema = z.object({
  kind: z.literal('at'),
  at: z.iso.datetime({ offset: true, message: 'expected an ISO instant such as 2027-02-06T01:00:00Z' }),
  ...Common,
});

/**
 * Send at `date` `time` on each recipient's own wall clock: one wave per time zone in the audience;
 * recipients without a zone use TIDINGS_DEFAULT_TIMEZONE.
 */
export const LocalScheduleSchema = z.object({
  kind: z.literal('local'),
  date: z.iso.date({ message: 'expected a date YYYY-MM-DD' }),
  time: Time,
  ...Common,
});

/**
 * A recurrence: a cron expression (five fields) or a friendly form (`every: 'day'` at `time`,
 * `every: 'week'` on `weekday`, `every: 'month'` on `dayOfMonth`, 1 = the first, 'last' = the last).
 */
export const RecurringScheduleSchema = z
  .object({
    kind: z.literal('recurring'),
    cron: z.string().min(1).optional(),
    every: z.enum(['day', 'week', 'month']).optional(),
    weekday: z.union([z.number().int().min(0).max(6), z.enum(WEEKDAYS)]).optional(),
    dayOfMonth: z.union([z.number().int().min(1).max(31), z.literal('last')]).optional(),
    time: Time.optional(),
    /** The zone the cron or time is read in when not per recipient; default TIDINGS_DEFAULT_TIMEZONE. */
    timeZone: Zone.optional(),
    /** Fire in waves at that wall time in each recipient's zone. */
    localPerRecipient: z.boolean().optional(),
    ...Common,
  })
  .superRefine((spec, ctx) => {
    if ((spec.cron === undefined) === (spec.every === undefined)) {
      ctx.addIssue({ code: 'custom', message: 'give either cron or every (day, week, month)', path: ['cron'] });
    }
    if (spec.every && !spec.time) ctx.addIssue({ code: 'custom', message: 'every needs a time HH:mm', path: ['time'] });
    if (spec.every === 'week' && spec.weekday === undefined) {
      ctx.addIssue({ code: 'custom', message: 'every week needs a weekday (0-6 or sun…sat)', path: ['weekday'] });
    }
    if (spec.every === 'month' && spec.dayOfMonth === undefined) {
      ctx.addIssue({ code: 'custom', message: "every month needs a dayOfMonth (1-31 or 'last')", path: ['dayOfMonth'] });
    }
  });

/**
 * A built-in holiday (`tidings holidays <year>` lists them) at `time`: every year (`everyYear`,
 * the default), or once, on the holiday of `year` only (`everyYear: false`, `year` required).
 */
export const HolidayScheduleSchema = z
  .object({
    kind: z.literal('holiday'),
    holiday: z.enum(HOLIDAY_KEYS, { message: `expected one of ${HOLIDAY_KEYS.join(', ')}` }),
    time: Time,
    everyYear: z.boolean().default(true),
    /** The one year a one-off holiday campaign sends in, e.g. 2027 for 春节 2027-02-06. */
    year: z.number().int().min(1901).max(2100).optional(),
    timeZone: Zone.optional(),
    localPerRecipient: z.boolean().optional(),
    ...Common,
  })
  .superRefine((spec, ctx) => {
    if (!spec.everyYear && spec.year === undefined) {
      ctx.addIssue({ code: 'custom', message: 'a one-off holiday (everyYear false) needs the year it is sent in, e.g. 2027', path: ['year'] });
    }
    if (spec.everyYear && spec.year !== undefined) {
      ctx.addIssue({ code: 'custom', message: 'year is only for a one-off holiday (everyYear false)', path: ['year'] });
    }
  });

/** A standing campaign: every day, to customers whose birthday it is in their own zone, at `time`. */
export const BirthdayScheduleSchema = z.object({ kind: z.literal('birthday'), time: Time, ...Common });

/** A campaign's `schedule` JSON. */
export const ScheduleSpecSchema = z.discriminatedUnion('kind', [
  NowScheduleSchema,
  AtScheduleSchema,
  LocalScheduleSchema,
  RecurringScheduleSchema,
  HolidayScheduleSchema,
  BirthdayScheduleSchema,
]);

export type ScheduleSpec = z.infer<typeof ScheduleSpecSchema>;
export type RecurringSchedule = z.infer<typeof RecurringScheduleSchema>;
export type HolidaySchedule = z.infer<typeof HolidayScheduleSchema>;

/**
 * Validates a schedule (a campaign's JSON text, or an object); null/empty means send now.
 * Throws `SCHEDULE_INVALID` listing each field to fix.
 */
export function parseScheduleSpec(input: unknown): ScheduleSpec {
  let value = input;
  if (value === null || value === undefined || value === '') return { kind: 'now' };
  if (typeof value === 'string') {
    try {
      value = JSON.parse(value);
    } catch (cause) {
      throw new TidingsError('SCHEDULE_INVALID', `The schedule is not JSON: ${(cause as Error).message}`, { cause });
    }
  }
  const result = ScheduleSpecSchema.safeParse(value);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => `${issue.path.join('.') || 'kind'}: ${issue.message}`);
    throw new TidingsError('SCHEDULE_INVALID', `Invalid schedule: ${problems.join('; ')}`, {
      context: { problems },
    });
  }
  return result.data;
}

/**
 * The Gregorian years a holiday schedule may fire in, from `fromYear` on: every year up to the
 * end of the calendar tables, or the one year of a one-off. The one rule for "once or every year".
 */
export function holidayYears(spec: HolidaySchedule, fromYear: number, lastYear: number): number[] {
  if (!spec.everyYear) return spec.year !== undefined && spec.year >= fromYear && spec.year <= lastYear ? [spec.year] : [];
  const years: number[] = [];
  for (let year = fromYear; year <= lastYear; year += 1) years.push(year);
  return years;
}

/** Whether the schedule fires once at most (a late occurrence is then recorded as missed). */
export function isOneShot(spec: ScheduleSpec): boolean {
  return spec.kind === 'now' || spec.kind === 'at' || spec.kind === 'local' || (spec.kind === 'holiday' && !spec.everyYear);
}

/** Whether the schedule fires in one wave per recipient time zone. */
export function isPerZone(spec: ScheduleSpec): boolean {
  switch (spec.kind) {
    case 'local':
    case 'birthday':
      return true;
    case 'recurring':
    case 'holiday':
      return spec.localPerRecipient === true;
    case 'now':
    case 'at':
      return false;
  }
}

/** Day-of-week names accepted in `weekday`, index = cron number. */
export { WEEKDAYS };
