import { defaultAccountId } from '../accounts/index.js';
import { readCompanyProfile } from '../company/index.js';
import { localDateOf, localTimeOf } from '../schedule/index.js';
import { sendSystemEmail, type SystemEmail } from '../sending/index.js';
import { UserRepository } from '../users/index.js';
import { claimDigest, finishDigest, releaseDigest } from './digest.record.js';
import { digestFor } from './digest.content.js';
import { renderDigestMail } from './digest.mail.js';
import { digestStatusOf } from './digest.status.js';
import { greetingTemplates } from './greeting-templates.js';
import { allReminderSettings, DEFAULT_REMINDER_SETTINGS } from './reminder-settings.js';
import type { RemindersContext } from './reminders.context.js';

/** What one tick did, for the log and the tests. */
export interface DigestTickReport {
  readonly sent: number;
  /** Claimed with nothing to remind of: recorded, not mailed. */
  readonly empty: number;
  readonly failed: number;
}

/** How a digest leaves; default: {@link sendSystemEmail} from the company's default mail account. */
export type DigestSender = (mail: SystemEmail) => Promise<{ response: string }>;

/**
 * One pass of the morning digest: for each enabled person with an email address whose clock has
 * reached their hour today, claim today's digest (once per person and local day, across workers
 * and restarts, see claimDigest), build it with {@link digestFor} and mail it in their language.
 * A failed send gives the claim back so the next tick tries again; one person's failure does not
 * stop the others.
 */
export async function runDigestTick(context: RemindersContext, send?: DigestSender): Promise<DigestTickReport> {
  const { db } = context.store;
  const { clock, logger, config } = context;
  const deliver = send ?? ((mail: SystemEmail) => sendSystemEmail(context, mail));
  const now = clock.date();
  const profile = await readCompanyProfile(db, config.TIDINGS_DEFAULT_TIMEZONE);
  const companyZone = profile.timeZone;
  const settings = await allReminderSettings(db);
  const users = await new UserRepository(context.store, clock).list();
  // Without a default mailbox nothing can be sent: claim nothing (My settings says why), rather than
  // claiming, failing and giving back every person's digest at every tick.
  if (!send && (await defaultAccountId(db, 'email')) === undefined) return { sent: 0, empty: 0, failed: 0 };
  let templates: Awaited<ReturnType<typeof greetingTemplates>> | undefined;
  let sent = 0;
  let empty = 0;
  let failed = 0;
  for (const user of users) {
    const mine = settings.get(user.id) ?? DEFAULT_REMINDER_SETTINGS;
    if (digestStatusOf(user, mine) !== 'on' || !user.email) continue;
    const zone = mine.timeZone ?? companyZone;
    // Not before the hour; any time after it on the same day (a worker that was down catches up).
    if (localTimeOf(now, zone) < mine.sendTime) continue;
    const localDate = localDateOf(now, zone);
    if (!(await claimDigest(db, user.id, localDate, clock.now()))) continue;
    try {
      templates ??= await greetingTemplates(db);
      const content = await digestFor(db, user, { now, zone, defaultZone: config.TIDINGS_DEFAULT_TIMEZONE, daysAhead: mine.daysAhead, templates });
      if (content.birthdays.length === 0 && content.holidays.length === 0) {
        await finishDigest(db, user.id, localDate, { state: 'empty', at: clock.now() });
        empty++;
        continue;
      }
      const mail = renderDigestMail(content, { name: user.displayName, language: mine.language ?? profile.language, publicUrl: config.TIDINGS_PUBLIC_URL });
      const receipt = await deliver({ to: user.email, ...mail });
      sent++;
      // Sent: whatever happens to the record now, the claim stays (giving it back would send it twice).
      await finishDigest(db, user.id, localDate, { state: 'sent', at: clock.now(), response: receipt.response }).catch((error: unknown) => {
        logger.warn({ userId: user.id, err: error instanceof Error ? error.message : String(error) }, 'reminder digest sent; its record was not updated');
      });
    } catch (error) {
      failed++;
      await releaseDigest(db, user.id, localDate);
      logger.warn({ userId: user.id, err: error instanceof Error ? error.message : String(error) }, 'reminder digest not sent; trying again at the next tick');
    }
  }
  if (sent + empty + failed > 0) logger.info({ sent, empty, failed }, 'reminder digests');
  return { sent, empty, failed };
}
