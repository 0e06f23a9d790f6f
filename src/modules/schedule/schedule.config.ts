import { z } from 'zod';

const HHMM = /^([01]\d|2[0-3]):[0-5]\d$/;

/** A quiet-hours window `HH:mm-HH:mm` (may wrap midnight), or empty / `off` for none. */
const quietWindow = (fallback: string) =>
  z
    .string()
    .default(fallback)
    .transform((value, ctx) => {
      const trimmed = value.trim();
      if (trimmed === '' || trimmed === 'off') return undefined;
      const [start, end, extra] = trimmed.split('-');
      if (extra !== undefined || !start || !end || !HHMM.test(start) || !HHMM.test(end) || start === end) {
        ctx.addIssue({ code: 'custom', message: 'expected a window HH:mm-HH:mm such as 21:00-08:00, or "off"' });
        return z.NEVER;
      }
      return { start, end };
    });

const positiveInt = (fallback: string, what: string) =>
  z
    .string()
    .default(fallback)
    .transform((value, ctx) => {
      const n = /^\d+$/.test(value) ? Number(value) : Number.NaN;
      if (!(n >= 1)) {
        ctx.addIssue({ code: 'custom', message: `expected a whole number of ${what} (at least 1)` });
        return z.NEVER;
      }
      return n;
    });

/**
 * Environment variables read by src/schedule, merged into the one config schema (src/config).
 */
export const scheduleEnv = {
  /** How often `tidings serve` looks for due schedules. */
  SCHEDULE_TICK_SECONDS: positiveInt('30', 'seconds'),
  /**
   * How late an occurrence may still fire after downtime (a greeting for 09:00 should not arrive
   * at 23:00); older ones are recorded as missed.
   */
  SCHEDULE_MAX_LATENESS_MINUTES: positiveInt('720', 'minutes'),
  /** A claimed occurrence whose launch did not complete is retried after this long. */
  SCHEDULE_CLAIM_LEASE_SECONDS: positiveInt('300', 'seconds'),
  /** No marketing SMS in the recipient's night (their own time zone). */
  SCHEDULE_QUIET_HOURS_SMS: quietWindow('21:00-08:00'),
  /** Quiet hours for marketing email when a campaign opts in; off unless set. */
  SCHEDULE_QUIET_HOURS_EMAIL: quietWindow('21:00-08:00'),
};

const scheduleEnvSchema = z.object(scheduleEnv);

/** The parsed values of {@link scheduleEnv}. */
export type ScheduleEnv = Readonly<z.infer<typeof scheduleEnvSchema>>;
