import { readCompanyProfile } from '../../modules/company/index.js';
import { countMyUnreadReplies, countUnfiled } from '../../modules/inbox/index.js';
import { birthdayScopeOf, digestFor, getReminderSettings } from '../../modules/reminders/index.js';
import { nextOccurrences, parseScheduleSpec } from '../../modules/schedule/index.js';
import { approvalWarnings, scheduledSmsCampaigns, watchedCampaigns, type ApprovalWarning, type Campaign } from '../../modules/sending/index.js';
import { can, type AuthUser } from '../../modules/users/index.js';
import type { AppContext } from '../context.js';
import { mailboxActorOf } from '../mailbox-actor.js';
import type { Overview, OverviewCampaign, OverviewHoliday } from './overview.types.js';
import { smsOutlook } from './sms-outlook.js';

/** How many inbox entries are counted for "replies waiting" (the badge says "N+" beyond). */

function nextAt(campaign: Campaign, now: Date, defaultZone: string): string | null {
  if (campaign.status !== 'scheduled') return null;
  try {
    return nextOccurrences(parseScheduleSpec(campaign.schedule), now, { defaultZone })[0]?.at.toISOString() ?? null;
  } catch {
    // A schedule that no longer parses is shown without a date rather than hiding the campaign.
    return null;
  }
}

/** The holiday a scheduled campaign is for, if its schedule names one. */
function holidayOf(campaign: Campaign): string | undefined {
  try {
    const spec = parseScheduleSpec(campaign.schedule);
    return spec.kind === 'holiday' ? spec.holiday : undefined;
  } catch {
    return undefined;
  }
}

/**
 * What is due, for one signed-in person, composed from the modules' public functions: the
 * holidays ahead (with the campaigns scheduled for each), their reminder list of birthdays,
 * campaigns running, scheduled and paused (with why), replies waiting, and the SMS balance
 * against the scheduled SMS campaigns of the next 30 days. A section the person's role may not
 * open is null (the page shows no card for it).
 */
export async function buildOverview(context: AppContext, user: AuthUser): Promise<Overview> {
  const { db } = context.store;
  const now = context.clock.date();
  const defaultZone = context.config.TIDINGS_DEFAULT_TIMEZONE;
  const [profile, settings] = await Promise.all([readCompanyProfile(db, defaultZone), getReminderSettings(db, user.id)]);
  const zone = settings.timeZone ?? profile.timeZone;
  const digest = await digestFor(db, user, { now, zone, defaultZone, daysAhead: settings.daysAhead });
  const mayReadCampaigns = can(user, 'campaigns:read');
  const watched = mayReadCampaigns || can(user, 'wallet:read') ? await watchedCampaigns(db) : [];

  // Holiday SMS campaigns whose template the provider has not approved yet: fixed while there is time.
  const approval = mayReadCampaigns ? await approvalWarnings(db, { now: context.clock.now() }) : [];
  const warningsOf = (match: (w: ApprovalWarning) => boolean) =>
    approval.filter(match).map((w) => ({ code: `sms-template-${w.status}`, message: w.message, messageZh: w.messageZh }));
  const holidays: OverviewHoliday[] = digest.holidays.map((h) => ({
    ...h,
    campaigns: mayReadCampaigns
      ? watched.filter((c) => c.status === 'scheduled' && holidayOf(c) === h.key).map((c) => ({ id: c.id, name: c.name, channel: c.channel }))
      : null,
    warnings: warningsOf((w) => w.holiday.key === h.key),
  }));
  const campaigns: OverviewCampaign[] | null = mayReadCampaigns
    ? watched.map((c) => ({
        id: c.id,
        name: c.name,
        channel: c.channel,
        status: c.status as OverviewCampaign['status'],
        statusReason: c.status === 'paused' ? c.status_reason : null,
        nextAt: nextAt(c, now, defaultZone),
        warnings: warningsOf((w) => w.campaignId === c.id),
      }))
    : null;
  const inbox = can(user, ['inbox:read', 'inbox:own'])
    ? {
        mineUnread: await countMyUnreadReplies(db, { userId: user.id, username: user.username, actor: mailboxActorOf(user) }),
        unfiled: can(user, 'inbox:read') ? await countUnfiled(db, mailboxActorOf(user)) : null,
      }
    : null;
  return {
    today: digest.today,
    timeZone: zone,
    holidays,
    birthdays: birthdayScopeOf(user.role) === 'none' ? null : { daysAhead: digest.daysAhead, items: [...digest.birthdays] },
    campaigns,
    inbox,
    sms: can(user, 'wallet:read') ? await smsOutlook(context, await scheduledSmsCampaigns(db), zone) : null,
  };
}
