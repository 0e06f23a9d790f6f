/**
 * Public surface of src/modules/reminders: each person's reminder settings, the reminder list
 * (their customers' birthdays and the holidays ahead, with "send the greeting" links) and the
 * morning digest that mails it once a day.
 */
export {
  allReminderSettings,
  DEFAULT_REMINDER_SETTINGS,
  DIGEST_LANGUAGES,
  getReminderSettings,
  ReminderSettingsPatchSchema,
  saveReminderSettings,
  type DigestLanguage,
  type ReminderSettings,
  type ReminderSettingsPatch,
} from './reminder-settings.js';
export {
  birthdayScopeOf,
  digestFor,
  HOLIDAYS_AHEAD_DAYS,
  type BirthdayScope,
  type DigestBirthday,
  type DigestContent,
  type DigestHoliday,
  type DigestOptions,
  type DigestViewer,
  type GreetingLink,
} from './digest.content.js';
export { greetingTemplates, type GreetingTemplates } from './greeting-templates.js';
export { digestStatusOf, type DigestStatus } from './digest.status.js';
export { claimDigest, finishDigest, lastDigests, releaseDigest } from './digest.record.js';
export { renderDigestMail, type DigestMail } from './digest.mail.js';
export { runDigestTick, type DigestSender, type DigestTickReport } from './digest.worker.js';
export { digestServiceFactory, type DigestServiceOptions } from './digest.service.js';
// What the app's registries collect from this module (migrations, tables).
export { remindersMigrations } from './reminders.migrations.js';
export type { RemindersTables } from './reminders.tables.js';
export type { RemindersContext } from './reminders.context.js';
