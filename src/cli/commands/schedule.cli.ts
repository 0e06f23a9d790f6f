import type { Command } from 'commander';
import { TidingsError } from '../../platform/errors/index.js';
import { withContext } from '../cli-context.js';
import { formatTable, printResult, type CliIo } from '../io.js';
import { holidaysOfYear, nextOccurrences, parseScheduleSpec, upcomingBirthdays } from '../../modules/schedule/index.js';
import { systemClock, type Clock } from '../../platform/clock/index.js';

const wholeNumber = (name: string, value: string): number => {
  if (!/^\d+$/.test(value)) throw new TidingsError('VALIDATION_FAILED', `${name} must be a whole number, got "${value}"`);
  return Number(value);
};

/** Adds src/schedule's commands to the `tidings` program. */
export function registerScheduleCommands(program: Command, io: CliIo, clock: Clock = systemClock): void {
  program
    .command('holidays')
    .description('list the built-in holidays of a year (fixed, lunar and solar-term dates, China time)')
    .argument('[year]', 'Gregorian year, 1901–2100 (default: this year)')
    .option('--json', 'print JSON')
    .action((year: string | undefined, options: { json?: boolean }) => {
      const y = year === undefined ? clock.date().getFullYear() : wholeNumber('year', year);
      const list = holidaysOfYear(y).map((h) => ({ name: h.name, nameEn: h.nameEn, date: h.date, kind: h.kind, key: h.key }));
      printResult(io, options.json, list, (rows) => formatTable(rows, ['date', 'name', 'nameEn', 'kind', 'key']));
    });

  program
    .command('birthdays')
    .description("customers' birthdays coming up (reminders for sales reps)")
    .option('--days <n>', 'how many days ahead, today included', '7')
    .option('--owner <rep>', "only this sales rep's customers")
    .option('--json', 'print JSON')
    .action(async (options: { days: string; owner?: string; json?: boolean }) => {
      const days = wholeNumber('--days', options.days);
      await withContext(io, async (context) => {
        const list = await upcomingBirthdays(context.store.db, {
          days,
          owner: options.owner,
          now: context.clock.date(),
          defaultZone: context.config.TIDINGS_DEFAULT_TIMEZONE,
        });
        if (list.length === 0) process.exitCode = 3;
        printResult(io, options.json, list, (rows) =>
          formatTable(
            // Both languages, as `tidings holidays` prints name and nameEn.
            rows.map((r) => ({ ...r, birthday: r.label.zh, birthdayEn: r.label.en })),
            ['date', 'inDays', 'displayName', 'owner', 'turns', 'birthday', 'birthdayEn', 'customerId'],
          ),
        );
      });
    });

  program
    .command('schedule-preview')
    .description('show when a schedule (campaign schedule JSON) fires next')
    .argument('<spec>', `schedule JSON, e.g. '{"kind":"holiday","holiday":"mid-autumn","time":"09:00"}'`)
    .option('--count <n>', 'how many occurrences', '5')
    .option('--zones <list>', 'comma-separated recipient zones for per-zone schedules')
    .option('--json', 'print JSON')
    .action((specText: string, options: { count: string; zones?: string; json?: boolean }) => {
      const spec = parseScheduleSpec(specText);
      const defaultZone = io.env.TIDINGS_DEFAULT_TIMEZONE || 'Asia/Shanghai';
      const zones = options.zones?.split(',').map((z) => z.trim()).filter(Boolean);
      const list = nextOccurrences(spec, clock.date(), {
        count: wholeNumber('--count', options.count),
        defaultZone,
        ...(zones ? { zones } : {}),
      }).map((o) => ({ at: o.at.toISOString(), zone: o.zone ?? null, key: o.key }));
      printResult(io, options.json, list, (rows) => formatTable(rows, ['at', 'zone', 'key']));
    });
}
