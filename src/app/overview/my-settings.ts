import { defaultAccountId } from '../../modules/accounts/index.js';
import { readCompanyProfile } from '../../modules/company/index.js';
import { digestStatusOf, getReminderSettings, lastDigests, saveReminderSettings, type DigestLanguage, type DigestStatus, type ReminderSettings, type ReminderSettingsPatch } from '../../modules/reminders/index.js';
import { UserAdminService } from '../../modules/users/index.js';
import type { AppContext } from '../context.js';

/** A person's own settings page: their email and digest options, and whether the digest goes out. */
export interface MySettings {
  readonly email: string | null;
  readonly reminders: ReminderSettings;
  readonly effective: { readonly timeZone: string; readonly language: DigestLanguage };
  readonly digest: {
    readonly status: DigestStatus;
    readonly last: { readonly localDate: string; readonly state: string; readonly sentAt: number | null } | null;
    readonly noDefaultMailbox: boolean;
  };
}

/** What a person may change about themself here. */
export interface MySettingsPatch {
  /** Null or "" clears it. */
  readonly email?: string | null | undefined;
  readonly reminders?: ReminderSettingsPatch | undefined;
}

/** Reads a person's settings page (users module: email; reminders module: digest options and record). */
export async function mySettings(context: AppContext, userId: number): Promise<MySettings> {
  const { db } = context.store;
  const user = await new UserAdminService(context.store, context.clock).users.getById(userId);
  const [reminders, profile, last, mailbox] = await Promise.all([getReminderSettings(db, userId), readCompanyProfile(db, context.config.TIDINGS_DEFAULT_TIMEZONE), lastDigests(db, userId, 1), defaultAccountId(db, 'email')]);
  return {
    email: user.email,
    reminders,
    effective: { timeZone: reminders.timeZone ?? profile.timeZone, language: reminders.language ?? profile.language },
    digest: { status: digestStatusOf(user, reminders), last: last[0] ?? null, noDefaultMailbox: mailbox === undefined },
  };
}

/** Saves a person's own email (users module rules) and digest options (reminders module rules). */
export async function saveMySettings(context: AppContext, userId: number, patch: MySettingsPatch): Promise<MySettings> {
  if (patch.email !== undefined) await new UserAdminService(context.store, context.clock).setOwnEmail(userId, patch.email);
  if (patch.reminders !== undefined) await saveReminderSettings(context.store.db, userId, patch.reminders, context.clock);
  return mySettings(context, userId);
}
