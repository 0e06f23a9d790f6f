import type { Kysely } from 'kysely';
import { z } from 'zod';
import { isTimeZone } from '../../platform/clock/index.js';
import { TidingsError } from '../../platform/errors/index.js';
import type { DatabaseSchema } from '../../platform/db/index.js';

type Db = Kysely<DatabaseSchema>;

/** The company as every module reads it (see company.tables.ts for what each field is for). */
export interface CompanyProfile {
  readonly name: string;
  readonly address: string;
  readonly logo: string | null;
  readonly timeZone: string;
  readonly language: 'zh-CN' | 'en';
  readonly smsSignature: string;
}

/** What an installation that never filled in its profile gets. */
export const DEFAULT_COMPANY_PROFILE: CompanyProfile = {
  name: '',
  address: '',
  logo: null,
  timeZone: 'Asia/Shanghai',
  language: 'zh-CN',
  smsSignature: '',
};

/** A logo is kept small: it travels inside every letter that shows it. */
export const LOGO_MAX_CHARS = 200_000;

/** The edge schema of a profile change (HTTP, CLI): every field optional, each checked. */
export const CompanyProfilePatchSchema = z
  .object({
    name: z.string().trim().max(200),
    address: z.string().trim().max(500),
    logo: z
      .string()
      .max(LOGO_MAX_CHARS, 'The logo is too large: use an image under 150 KB.')
      .regex(/^data:image\/(png|jpeg|gif|webp);base64,[A-Za-z0-9+/=]+$/, 'The logo must be a PNG, JPEG, GIF or WebP image.')
      .nullable(),
    timeZone: z.string().refine(isTimeZone, 'Pick a time zone from the list, such as Asia/Shanghai.'),
    language: z.enum(['zh-CN', 'en']),
    smsSignature: z.string().trim().max(20, 'An SMS signature is at most 20 characters, such as 【示例贸易】.'),
  })
  .partial()
  .strict();

export type CompanyProfilePatch = z.infer<typeof CompanyProfilePatchSchema>;

/**
 * The company profile, or the defaults when nobody has filled it in. `defaultZone` is the
 * installation's TIDINGS_DEFAULT_TIMEZONE: until an admin picks a zone, the company is in the zone
 * the rest of the service already assumes, not in a second default of its own.
 */
export async function readCompanyProfile(db: Db, defaultZone?: string): Promise<CompanyProfile> {
  const row = await db.selectFrom('company_profile').selectAll().where('id', '=', 1).executeTakeFirst();
  if (!row) return defaultZone && isTimeZone(defaultZone) ? { ...DEFAULT_COMPANY_PROFILE, timeZone: defaultZone } : DEFAULT_COMPANY_PROFILE;
  return {
    name: row.name,
    address: row.address,
    logo: row.logo,
    timeZone: row.time_zone,
    language: row.language === 'en' ? 'en' : 'zh-CN',
    smsSignature: row.sms_signature,
  };
}

/**
 * Checks a patch (VALIDATION_FAILED naming each field) and returns the whole profile as stored:
 * the check lives here, so no entry point can store a remote logo or an unknown zone.
 */
export async function updateCompanyProfile(db: Db, patch: unknown, now: number, defaultZone?: string): Promise<CompanyProfile> {
  const parsed = CompanyProfilePatchSchema.safeParse(patch);
  if (!parsed.success) throw new TidingsError('VALIDATION_FAILED', parsed.error.issues.map((i) => `${i.path.join('.') || 'profile'}: ${i.message}`).join('; '));
  const next: CompanyProfile = { ...(await readCompanyProfile(db, defaultZone)), ...parsed.data };
  const row = {
    name: next.name,
    address: next.address,
    logo: next.logo,
    time_zone: next.timeZone,
    language: next.language,
    sms_signature: next.smsSignature,
    updated_at: now,
  };
  await db
    .insertInto('company_profile')
    .values({ id: 1, ...row })
    .onConflict((oc) => oc.column('id').doUpdateSet(row))
    .execute();
  return next;
}
