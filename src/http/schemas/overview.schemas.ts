import { z } from 'zod';
import { DIGEST_LANGUAGES, ReminderSettingsPatchSchema } from '../../modules/reminders/index.js';

const WarningSchema = z.object({ code: z.string(), message: z.string(), messageZh: z.string().describe('the message in Chinese') }).describe('something to act on, e.g. an SMS template still under review');

const GreetingSchema = z
  .object({
    templateId: z.number().int().nullable().describe('the email template filled in; null: none installed'),
    path: z.string().describe('web UI path opening the one-off with the customer and template chosen'),
  })
  .nullable()
  .describe('null for roles that may not send one-off emails');

export const DigestBirthdaySchema = z.object({
  customerId: z.number().int(),
  displayName: z.string(),
  date: z.string().describe("YYYY-MM-DD on the customer's clock"),
  inDays: z.number().int().describe('0 = today'),
  turns: z.number().int().nullable().describe('the age they turn, when the birth year is known (lunar birthdays: in lunar years)'),
  calendar: z.enum(['gregorian', 'lunar']).describe('the calendar the customer celebrates in'),
  label: z.object({ en: z.string(), zh: z.string() }).describe('the day as people read it, e.g. 农历八月十五（今年 9月25日）'),
  greeting: GreetingSchema,
});

const CampaignRefSchema = z.object({ id: z.number().int(), name: z.string(), channel: z.enum(['email', 'sms']) });

export const OverviewSchema = z.object({
  today: z.string().describe("YYYY-MM-DD on the caller's clock"),
  timeZone: z.string(),
  holidays: z.array(
    z.object({
      key: z.string(),
      name: z.string(),
      nameEn: z.string(),
      date: z.string(),
      inDays: z.number().int().describe('countdown in days; 0 = today'),
      greeting: GreetingSchema,
      campaigns: z.array(CampaignRefSchema).nullable().describe('scheduled campaigns for this holiday; null: your role may not read campaigns'),
      warnings: z.array(WarningSchema),
    }),
  ),
  birthdays: z.object({ daysAhead: z.number().int(), items: z.array(DigestBirthdaySchema) }).nullable().describe('null: your role has no customers'),
  campaigns: z
    .array(
      z.object({
        id: z.number().int(),
        name: z.string(),
        channel: z.enum(['email', 'sms']),
        status: z.enum(['running', 'scheduled', 'paused']),
        statusReason: z.string().nullable().describe('why it is paused'),
        nextAt: z.string().nullable().describe('ISO instant of the next send'),
        warnings: z.array(WarningSchema),
      }),
    )
    .nullable(),
  inbox: z
    .object({
      mineUnread: z.number().int().describe('unread replies in My inbox'),
      unfiled: z.number().int().nullable().describe('messages not filed under a customer (inbox:read only)'),
    })
    .nullable(),
  sms: z
    .object({
      accounts: z.array(
        z.object({
          smsAccountId: z.number().int(),
          name: z.string(),
          currency: z.string(),
          balanceMinor: z.number().int().describe('厘'),
          neededMinor: z.number().int().describe('what the scheduled SMS campaigns of the next 30 days cost, 厘'),
          shortMinor: z.number().int().describe('how much to top up, 厘; 0 when covered'),
          topUpBy: z.string().nullable().describe('YYYY-MM-DD: top up before the first send the balance does not cover'),
          campaigns: z.array(z.object({ id: z.number().int(), name: z.string(), sends: z.number().int(), costMinor: z.number().int() })),
        }),
      ),
      notCounted: z.array(z.object({ id: z.number().int(), name: z.string(), reason: z.enum(['birthday-schedule', 'cannot-estimate']).describe('birthday schedules send a few a day; cannot-estimate: the campaign could not be costed (open it to see why)') })),
    })
    .nullable()
    .describe('null: your role may not see the wallet'),
});

export const MySettingsSchema = z.object({
  email: z.string().nullable().describe('your own address, where the morning digest goes'),
  reminders: z.object({
    digestEnabled: z.boolean(),
    daysAhead: z.number().int(),
    sendTime: z.string().describe('HH:mm'),
    timeZone: z.string().nullable().describe("null: the company's"),
    language: z.enum(DIGEST_LANGUAGES).nullable().describe("null: the company's"),
  }),
  effective: z.object({ timeZone: z.string(), language: z.enum(DIGEST_LANGUAGES) }).describe('what null settings resolve to'),
  digest: z.object({
    status: z.enum(['on', 'no-email', 'user-disabled', 'off']).describe('whether the digest goes out, and if not why'),
    last: z.object({ localDate: z.string(), state: z.string(), sentAt: z.number().int().nullable() }).nullable(),
    noDefaultMailbox: z.boolean().describe('no default mail account to send the digest from (an admin must set one)'),
  }),
});

export const MySettingsPatchSchema = z.strictObject({
  // Checked and normalised by the users module (normaliseEmail), like the admin's change of it.
  email: z.string().max(300).nullable().optional().describe('your own address; "" or null clears it'),
  reminders: ReminderSettingsPatchSchema.optional(),
});
