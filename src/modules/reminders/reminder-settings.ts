import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { Clock } from '../../platform/clock/index.js';
import { isTimeZone } from '../../platform/clock/index.js';
import type { DatabaseSchema } from '../../platform/db/index.js';
import { TidingsError } from '../../platform/errors/index.js';

type Db = Kysely<DatabaseSchema>;

/** The languages a digest is written in. */
export const DIGEST_LANGUAGES = ['en', 'zh-CN'] as const;
export type DigestLanguage = (typeof DIGEST_LANGUAGES)[number];

/** The defaults of a person who never saved settings. */
export const DEFAULT_REMINDER_SETTINGS = { digestEnabled: true, daysAhead: 7, sendTime: '08:00', timeZone: null, language: null } as const;

/** One person's reminder settings, as stored (null zone/language: the company's). */
export interface ReminderSettings {
  readonly digestEnabled: boolean;
  readonly daysAhead: number;
  /** `HH:mm` on the person's clock. */
  readonly sendTime: string;
  readonly timeZone: string | null;
  readonly language: DigestLanguage | null;
}

/** A change to one's settings (every field optional), checked at every edge with this schema. */
export const ReminderSettingsPatchSchema = z.strictObject({
  digestEnabled: z.boolean().optional(),
  daysAhead: z.number().int().min(1, 'at least 1 day ahead').max(60, 'at most 60 days ahead').optional(),
  sendTime: z
    .string()
    .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'expected a time of day such as 08:00')
    .optional(),
  timeZone: z
    .string()
    .refine(isTimeZone, 'expected a time zone such as Asia/Shanghai')
    .nullable()
    .optional()
    .describe("null: the company's time zone"),
  language: z.enum(DIGEST_LANGUAGES).nullable().optional().describe("null: the company's language"),
});
export type ReminderSettingsPatch = z.infer<typeof ReminderSettingsPatchSchema>;

function fromRow(row: { digest_enabled: number; days_ahead: number; send_time: string; time_zone: string | null; language: string | null } | undefined): ReminderSettings {
  if (!row) return DEFAULT_REMINDER_SETTINGS;
  return {
    digestEnabled: row.digest_enabled === 1,
    daysAhead: row.days_ahead,
    sendTime: row.send_time,
    timeZone: row.time_zone,
    language: (DIGEST_LANGUAGES as readonly string[]).includes(row.language ?? '') ? (row.language as DigestLanguage) : null,
  };
}

/** A person's settings (the defaults when they never saved any). */
export async function getReminderSettings(db: Db, userId: number): Promise<ReminderSettings> {
  return fromRow(await db.selectFrom('reminder_settings').selectAll().where('user_id', '=', userId).executeTakeFirst());
}

/** Every saved row by user id (the digest worker reads them all at once). */
export async function allReminderSettings(db: Db): Promise<Map<number, ReminderSettings>> {
  const rows = await db.selectFrom('reminder_settings').selectAll().execute();
  return new Map(rows.map((r) => [Number(r.user_id), fromRow(r)]));
}

/** Saves a change to a person's settings (validated with {@link ReminderSettingsPatchSchema}); returns the result. */
export async function saveReminderSettings(db: Db, userId: number, patch: ReminderSettingsPatch, clock: Clock): Promise<ReminderSettings> {
  const parsed = ReminderSettingsPatchSchema.safeParse(patch);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new TidingsError('VALIDATION_FAILED', `${issue?.path.join('.') ?? 'settings'}: ${issue?.message ?? 'not valid'}`);
  }
  const change = parsed.data;
  const next = { ...(await getReminderSettings(db, userId)), ...change };
  const values = {
    digest_enabled: next.digestEnabled ? 1 : 0,
    days_ahead: next.daysAhead,
    send_time: next.sendTime,
    time_zone: next.timeZone ?? null,
    language: next.language ?? null,
    updated_at: clock.now(),
  };
  await db
    .insertInto('reminder_settings')
    .values({ user_id: userId, ...values })
    .onConflict((oc) => oc.column('user_id').doUpdateSet(values))
    .execute();
  return getReminderSettings(db, userId);
}
