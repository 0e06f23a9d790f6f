import { CronExpressionParser, type CronExpression } from 'cron-parser';
import { TidingsError } from '../../platform/errors/index.js';
import { WEEKDAYS, type RecurringSchedule } from './schedule.spec.js';

/** The cron expression a recurring schedule stands for; friendly forms are translated. */
export function cronOf(spec: RecurringSchedule): string {
  if (spec.cron) return spec.cron.trim();
  const [hour, minute] = (spec.time ?? '00:00').split(':').map(Number) as [number, number];
  switch (spec.every) {
    case 'week': {
      const weekday = typeof spec.weekday === 'string' ? WEEKDAYS.indexOf(spec.weekday) : (spec.weekday ?? 1);
      return `${minute} ${hour} * * ${weekday}`;
    }
    case 'month':
      return `${minute} ${hour} ${spec.dayOfMonth === 'last' ? 'L' : (spec.dayOfMonth ?? 1)} * *`;
    default:
      return `${minute} ${hour} * * *`;
  }
}

/**
 * A cron iterator read in `zone`, starting just after `after`. Nonexistent wall times on a
 * spring-forward day fire an hour later (02:30 → 03:30); ambiguous ones on fall-back once, first.
 * Throws `SCHEDULE_BAD_CRON` for an expression cron-parser rejects.
 */
export function cronIterator(cron: string, zone: string, after: Date): CronExpression {
  const fields = cron.trim().split(/\s+/);
  // Five fields only: a sixth (seconds) field would let a schedule fire every second.
  if (fields.length !== 5 && !cron.trim().startsWith('@')) {
    throw new TidingsError('SCHEDULE_BAD_CRON', `Cron expression "${cron}" must have 5 fields: minute hour day month weekday`);
  }
  try {
    return CronExpressionParser.parse(cron, { currentDate: after, tz: zone, strict: false });
  } catch (cause) {
    throw new TidingsError('SCHEDULE_BAD_CRON', `Cron expression "${cron}" is invalid: ${(cause as Error).message}`, { cause });
  }
}
