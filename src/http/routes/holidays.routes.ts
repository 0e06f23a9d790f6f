import { z } from 'zod';
import { CHINESE_CALENDAR_YEARS, holidaysOfYear, upcomingBirthdays } from '../../modules/schedule/index.js';
import { requireUser } from '../../modules/users/index.js';
import { defineRoutes } from '../define-routes.js';
import { dataErrorResponses } from '../schemas/common.schemas.js';
import { ownerScope } from './customer.scope.js';

const HolidaySchema = z.object({
  key: z.string().describe('stable key for schedules, e.g. mid-autumn'),
  name: z.string().describe('Chinese name, e.g. 中秋节'),
  nameEn: z.string(),
  date: z.string().describe('YYYY-MM-DD (China time for lunar and solar-term dates)'),
  kind: z.enum(['fixed', 'lunar', 'solar-term']),
});

const BirthdaySchema = z.object({
  customerId: z.number().int(),
  displayName: z.string(),
  owner: z.string().nullable(),
  date: z.string().describe("YYYY-MM-DD in the customer's time zone"),
  inDays: z.number().int().describe('0 = today'),
  turns: z.number().int().nullable().describe('age they turn, when the birth year is known (lunar birthdays: in lunar years)'),
  calendar: z.enum(['gregorian', 'lunar']).describe('the calendar the customer celebrates in'),
  lunar: z.object({ month: z.number().int(), day: z.number().int(), leap: z.boolean() }).nullable().describe('the lunar birthday, when celebrated'),
  label: z.object({ en: z.string(), zh: z.string() }).describe('e.g. 农历八月十五（今年 9月25日） / Lunar 8th month, day 15 (this year: 25 Sep)'),
});

/** `tidings holidays [year]` and `tidings birthdays --days n` (sales: own customers only). */
export const holidayRoutes = defineRoutes(async (app, context) => {
  app.get(
    '/api/holidays',
    {
      config: { permission: 'schedule:read' },
      schema: {
        tags: ['schedule'],
        summary: 'The built-in holidays of a year, by date (fixed, lunar and solar-term)',
        querystring: z.strictObject({
          year: z.coerce.number().int().min(CHINESE_CALENDAR_YEARS.first).max(CHINESE_CALENDAR_YEARS.last).optional().describe('default: this year'),
        }),
        response: { 200: z.array(HolidaySchema), ...dataErrorResponses },
      },
    },
    async (request) => holidaysOfYear(request.query.year ?? context.clock.date().getUTCFullYear()),
  );

  app.get(
    '/api/birthdays',
    {
      config: { permission: ['schedule:read', 'customers:own'] },
      schema: {
        tags: ['schedule', 'customers'],
        summary: "Customers' birthdays in the next days, soonest first (sales users: their own customers)",
        querystring: z.strictObject({
          days: z.coerce.number().int().min(0).max(366).default(7).describe('how many days ahead, today included as day 0'),
          owner: z.string().max(100).optional().describe("only this sales rep's customers (ignored for sales users: always their own)"),
        }),
        response: { 200: z.array(BirthdaySchema), ...dataErrorResponses },
      },
    },
    async (request) => {
      const owner = ownerScope(requireUser(request)) ?? request.query.owner;
      return upcomingBirthdays(context.store.db, {
        days: request.query.days,
        owner,
        now: context.clock.date(),
        defaultZone: context.config.TIDINGS_DEFAULT_TIMEZONE,
      });
    },
  );
});
