import { defineErrors } from '../../platform/errors/index.js';

/** Error codes raised by src/schedule. */
export const scheduleErrors = defineErrors({
  SCHEDULE_INVALID: {
    retryable: false,
    http: 400,
    description:
      "A campaign's schedule does not match any schedule form (now, at, local, recurring, holiday, birthday); the message names the field to fix.",
  },
  SCHEDULE_BAD_CRON: {
    retryable: false,
    http: 400,
    description: 'The cron expression cannot be parsed; use five fields "minute hour day-of-month month day-of-week", e.g. "0 9 * * 1".',
  },
  SCHEDULE_YEAR_OUT_OF_RANGE: {
    retryable: false,
    http: 400,
    description: 'Holiday dates are computed for the years 1901 to 2100 only (the range of the official lunar calendar tables).',
  },
});

type ScheduleErrors = typeof scheduleErrors;
declare module '../../platform/errors/error-table.js' {
  // Adds this table's codes to ErrorCode
  interface ErrorCodes extends ScheduleErrors {}
}
