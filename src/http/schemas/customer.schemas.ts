import { z } from 'zod';
import { singleLine } from '../api.schemas.js';
import { EpochMs, FilterBodySchema, IdSchema } from './common.schemas.js';

const CustomValueSchema = z.union([z.string(), z.number(), z.boolean()]);

/** A customer as the API shows it. */
export const CustomerSchema = z.object({
  id: z.number().int(),
  familyName: z.string().nullable(),
  givenName: z.string().nullable(),
  displayName: z.string(),
  title: z.string().nullable(),
  gender: z.enum(['female', 'male', 'other']).nullable(),
  company: z.string().nullable(),
  emails: z.array(z.string()).readonly().describe('lower-case; the first is the primary'),
  phones: z.array(z.string()).readonly().describe('E.164; the first is the primary'),
  birthday: z.object({ month: z.number().int(), day: z.number().int(), year: z.number().int().nullable() }).nullable(),
  lunarBirthday: z
    .object({
      month: z.number().int().describe('lunar month 1–12'),
      day: z.number().int().describe('1–30'),
      leap: z.boolean().describe('born in the leap month (闰月)'),
      year: z.number().int().nullable().describe('lunar year of birth'),
    })
    .nullable()
    .describe('lunar birthday (农历生日)'),
  birthdayCalendar: z.enum(['gregorian', 'lunar']).describe('which birthday is celebrated (greetings, filters, reminders)'),
  nextBirthday: z
    .object({
      date: z.string().describe("YYYY-MM-DD in the customer's zone"),
      calendar: z.enum(['gregorian', 'lunar']),
      label: z.object({ en: z.string(), zh: z.string() }).describe('e.g. 农历八月十五（今年 9月25日）'),
    })
    .nullable()
    .optional()
    .describe('when the celebrated birthday comes next (a lunar one moves in the Gregorian calendar every year)'),
  timeZone: z.string().nullable(),
  language: z.string().nullable(),
  owner: z.string().nullable().describe("the sales rep's user name"),
  custom: z.record(z.string(), CustomValueSchema),
  notes: z.string().nullable(),
  locked: z.boolean(),
  groupIds: z.array(z.number().int()).readonly(),
  createdAt: EpochMs,
  updatedAt: EpochMs,
});

const oneLine = (max: number) => z.string().max(max).regex(/^[^\p{Cc}]*$/u, { message: 'must be one line without control characters' });

/**
 * A customer to create, or a patch (fields left out keep their value). The customers module
 * normalises and checks every value (CUSTOMER_INVALID names each bad field).
 */
export const CustomerBodySchema = z.strictObject({
  name: oneLine(200).optional().describe('full name as typed (张伟, Alex Smith); split into family and given name'),
  familyName: oneLine(100).nullish(),
  givenName: oneLine(100).nullish(),
  displayName: oneLine(200).optional(),
  title: oneLine(40).nullish(),
  gender: oneLine(20).nullish().describe('male, female or other (男/女 accepted)'),
  company: oneLine(200).nullish(),
  emails: z.array(oneLine(320)).max(20).optional().describe('replaces the list; the first is the primary'),
  phones: z.array(oneLine(40)).max(20).optional().describe('replaces the list; the first is the primary'),
  birthday: z
    .union([oneLine(40), z.strictObject({ month: z.number().int(), day: z.number().int(), year: z.number().int().nullish() })])
    .nullish()
    .describe('1990-03-15, --03-15, 3月15日 or { month, day, year? }'),
  lunarBirthday: z
    .union([
      oneLine(40),
      z.strictObject({ month: z.number().int(), day: z.number().int(), leap: z.boolean().optional(), year: z.number().int().nullish() }),
    ])
    .nullish()
    .describe('lunar birthday: 八月十五, 闰四月初八, 1990年腊月廿三, L08-15, L04-08L (leap) or { month, day, leap?, year? }'),
  birthdayCalendar: z
    .enum(['gregorian', 'lunar'])
    .optional()
    .describe('which birthday is celebrated; left out, giving a lunar birthday makes it lunar'),
  timeZone: oneLine(64).nullish(),
  language: oneLine(35).nullish(),
  owner: oneLine(100).nullish().describe("the sales rep's user name (sales users can only set their own)"),
  custom: z.record(oneLine(64), z.union([z.string().max(10_000), z.number(), z.boolean(), z.null()])).optional(),
  notes: z.string().max(10_000).nullish(),
  locked: z.boolean().optional().describe('a locked customer cannot be deleted'),
});
export type CustomerBody = z.infer<typeof CustomerBodySchema>;

/** One page of customers; pass `nextCursor` as `cursor` for the next page. */
export const CustomerPageSchema = z.object({ items: z.array(CustomerSchema).readonly(), nextCursor: z.string().nullable() });

/** Query of the customer list (search, group, filter, keyset cursor). */
export const CustomerListQuerySchema = z.strictObject({
  query: z.string().max(200).optional().describe('name (or pinyin / initials), email, phone or company contains this'),
  groupId: IdSchema.optional().describe('only members of this group (with subgroups) or saved filter'),
  filter: z.string().max(20_000).optional().describe('a customer filter as JSON'),
  limit: z.coerce.number().int().min(1).max(1000).default(50),
  cursor: z.string().max(200).optional().describe('nextCursor of the previous page'),
});

/** A group or saved filter. */
export const GroupSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  parentId: z.number().int().nullable(),
  path: z.string().describe('names from the root down joined with "/"'),
  depth: z.number().int().describe('0 for a top-level group'),
  kind: z.enum(['static', 'filter']),
  filter: z.record(z.string(), z.unknown()).nullable().describe('the saved filter, for kind "filter"'),
  createdAt: EpochMs,
});

export const GroupCreateSchema = z.strictObject({
  name: singleLine(100),
  parentId: IdSchema.nullish(),
  filter: FilterBodySchema.optional().describe('makes a saved filter instead of a static group'),
});

export const GroupUpdateSchema = z.strictObject({
  name: singleLine(100).optional(),
  parentId: IdSchema.nullish().describe('move under this group; null moves to the top level'),
  filter: FilterBodySchema.optional(),
});

/** A custom field definition. */
export const CustomFieldSchema = z.object({ name: z.string(), type: z.enum(['text', 'number', 'date', 'boolean']), label: z.string().nullable() });

export const CustomFieldBodySchema = z.strictObject({
  name: z.string().regex(/^[\p{L}\p{N}_-]{1,64}$/u, 'letters, digits, _ or -, at most 64'),
  type: z.enum(['text', 'number', 'date', 'boolean']),
  label: singleLine(200).optional(),
});

/** Who a campaign would go to (the API form of the audience selection; no server-side list files). */
export const AudienceSelectionBodySchema = z.strictObject({
  customerIds: z.array(IdSchema).max(30_000).optional(),
  groupIds: z.array(IdSchema).max(1000).optional(),
  filterIds: z.array(IdSchema).max(1000).optional().describe('saved filters'),
  filter: FilterBodySchema.optional(),
});

export const SuppressionSchema = z.object({
  id: z.number().int(),
  channel: z.enum(['email', 'sms']),
  scope: z.enum(['address', 'domain']),
  value: z.string(),
  reason: z.enum(['unsubscribed', 'hard-bounce', 'soft-bounce', 'complaint', 'manual', 'sms-keyword']),
  detail: z.string().nullable(),
  createdAt: EpochMs,
});
