import type { Kysely } from 'kysely';
import { chooseSendingAccount, getMailAccount, getSmsAccount, SYSTEM_ACTOR } from '../accounts/index.js';
import { isTidingsError, TidingsError } from '../../platform/errors/index.js';
import { resolveAudience, type AudienceSelection } from '../customers/index.js';
import {
  isPerZone,
  localDateOf,
  planWaves,
  quietHoursDelay,
  quietWindowFor,
  wallTimeToInstant,
  type AudienceWave,
  type QuietWindow,
  type ScheduleSpec,
} from '../schedule/index.js';
import type { SecretBox } from '../../platform/crypto/index.js';
import type { DatabaseSchema } from '../../platform/db/index.js';
import { smsLimitsOf } from './channels/sms-limits.js';
import { estimateSendDuration, type QuietSpan, type SendDuration } from './limit/send-duration.js';
import type { SendLimits } from './ports.js';

type Db = Kysely<DatabaseSchema>;

/** What {@link planCampaign} needs: the campaign as planned (or as saved) and the service's settings. */
export interface CampaignPlanInput {
  readonly channel: 'email' | 'sms';
  readonly selection: AudienceSelection;
  readonly schedule: ScheduleSpec;
  /** The sending account's limits ({@link sendingLimitsOf}). */
  readonly limits: SendLimits;
  /** TIDINGS_DEFAULT_TIMEZONE: recipients without a zone, schedules without one. */
  readonly defaultZone: string;
  readonly region: string;
  readonly now: Date;
  /** SEND_DOMAIN_CONCURRENCY. */
  readonly domainConcurrency: number;
  /** SCHEDULE_QUIET_HOURS_SMS / _EMAIL. */
  readonly quietWindows: { readonly sms: QuietWindow | undefined; readonly email: QuietWindow | undefined };
}

/** The next send, its waves per time zone, and how long sending takes. */
export interface CampaignPlan {
  readonly next: Date | null;
  readonly perZone: boolean;
  readonly recipients: number;
  readonly waves: AudienceWave[];
  /** The longest wave's (waves of different zones go out at different hours and are paced apart). */
  readonly duration: SendDuration;
  /** The quiet window that holds the send, if any, e.g. 21:00–08:00. */
  readonly quietWindow: QuietWindow | null;
}

/** The send limits of a mail or SMS account, as the send pipeline applies them. */
export async function sendingLimitsOf(db: Db, secrets: SecretBox, channel: 'email' | 'sms', accountId: number): Promise<SendLimits> {
  if (channel === 'sms') return smsLimitsOf((await getSmsAccount(db, secrets, accountId)).settings);
  const { limits } = await getMailAccount(db, accountId);
  return {
    perSecond: limits.perSecond ?? undefined,
    perMinute: limits.perMinute ?? undefined,
    perHour: limits.perHour ?? undefined,
    perDay: limits.perDay ?? undefined,
  };
}

/** Quiet hours on the wall clock of `zone`, as {@link estimateSendDuration} walks them. */
export function quietSpanOf(window: QuietWindow, zone: string): QuietSpan {
  return {
    resumeAt: (from) => quietHoursDelay(from, zone, window),
    nextStart(from) {
      const today = wallTimeToInstant(localDateOf(from, zone), window.start, zone);
      if (today > from) return today;
      return wallTimeToInstant(localDateOf(new Date(from.getTime() + 86_400_000), zone), window.start, zone);
    },
  };
}

const ZONE_CHUNK = 1000;

/**
 * When a campaign next sends, to how many recipients in which time zones, and how long each wave
 * takes under the account's rate limits, the per-domain cap and quiet hours: what the wizard's
 * review step and the campaign page show before anything is sent. Reads the audience the way the
 * send does (suppressed and address-less customers are not counted).
 */
export async function planCampaign(db: Db, input: CampaignPlanInput): Promise<CampaignPlan> {
  const zones: (string | null)[] = [];
  const domainsByZone = new Map<string, Map<string, number>>();
  const zoneOfCustomer = new Map<number, string | null>();
  for await (const batch of resolveAudience(db, { channel: input.channel, selection: input.selection, timeZone: input.defaultZone, region: input.region, now: input.now })) {
    for (let i = 0; i < batch.length; i += ZONE_CHUNK) {
      const ids = batch.slice(i, i + ZONE_CHUNK).map((r) => r.customerId);
      const rows = await db.selectFrom('customers').select(['id', 'time_zone']).where('id', 'in', ids).execute();
      for (const row of rows) zoneOfCustomer.set(Number(row.id), row.time_zone);
    }
    for (const recipient of batch) {
      const zone = zoneOfCustomer.get(recipient.customerId) ?? null;
      zones.push(zone);
      if (input.channel === 'email') {
        const key = zone ?? input.defaultZone;
        const domains = domainsByZone.get(key) ?? new Map<string, number>();
        const domain = recipient.address.slice(recipient.address.lastIndexOf('@') + 1).toLowerCase();
        domains.set(domain, (domains.get(domain) ?? 0) + 1);
        domainsByZone.set(key, domains);
      }
    }
    zoneOfCustomer.clear();
  }
  const plan = planWaves(input.schedule, zones, { defaultZone: input.defaultZone, after: input.now });
  const quietWindow = quietWindowFor(input.channel, input.quietWindows, input.schedule.quietHoursEmail === true) ?? null;
  // Per-zone waves go out at different hours, so each is paced on its own; one shared instant is one send.
  const groups = plan.perZone ? plan.waves.map((w) => ({ waves: [w], zone: w.zone, start: w.at })) : [{ waves: plan.waves, zone: plan.waves[0]?.zone ?? input.defaultZone, start: plan.next ?? input.now }];
  let duration: SendDuration = { seconds: 0, endsAt: plan.next ?? input.now, limitedBy: 'none', heldByQuietHours: false };
  for (const group of groups) {
    const messages = group.waves.reduce((n, w) => n + w.recipients, 0);
    const perDomain = new Map<string, number>();
    for (const wave of group.waves) for (const [domain, n] of domainsByZone.get(wave.zone) ?? []) perDomain.set(domain, (perDomain.get(domain) ?? 0) + n);
    // Quiet hours are the recipients' own; a shared send is held by the largest zone's night.
    const biggest = [...group.waves].sort((a, b) => b.recipients - a.recipients)[0]?.zone ?? group.zone;
    const estimate = estimateSendDuration({
      messages,
      limits: input.limits,
      perDomain: input.channel === 'email' ? perDomain : undefined,
      domainConcurrency: input.domainConcurrency,
      start: group.start,
      quiet: quietWindow ? quietSpanOf(quietWindow, biggest) : undefined,
    });
    if (estimate.seconds > duration.seconds) duration = estimate;
  }
  return { next: plan.next, perZone: isPerZone(input.schedule), recipients: zones.length, waves: plan.waves, duration, quietWindow };
}

/**
 * The campaign's sending account of `channel` (the named one, else the default), with a message
 * a marketer can act on when it is gone or belongs to the other channel: the wizard's review step
 * shows it as is.
 */
export async function chooseCampaignAccount(db: Db, channel: 'email' | 'sms', account: number | string | undefined): Promise<number> {
  try {
    return await chooseSendingAccount(db, { channel, actor: SYSTEM_ACTOR, account });
  } catch (error) {
    if (account === undefined || !isTidingsError(error, 'NOT_FOUND')) throw error;
    const kind = channel === 'sms' ? 'SMS account' : 'mail account';
    throw new TidingsError('NOT_FOUND', `The ${kind} chosen for this campaign (${JSON.stringify(String(account))}) does not exist any more or sends the other channel. Go back to the first step and pick an ${kind === 'SMS account' ? 'SMS' : 'email'} account.`, {
      cause: error,
      context: { channel, account },
    });
  }
}

/**
 * The send limits of a saved campaign's account, read straight from the account row (no secrets
 * needed): what the progress panel's time left is paced by. No account, or one gone: no limits.
 */
export async function campaignLimits(db: Db, campaign: { readonly channel: 'email' | 'sms'; readonly mail_account_id: number | null; readonly sms_account_id: number | null }): Promise<SendLimits> {
  if (campaign.channel === 'sms') {
    if (campaign.sms_account_id === null) return {};
    const row = await db.selectFrom('sms_accounts').select('settings').where('id', '=', campaign.sms_account_id).executeTakeFirst();
    if (!row) return {};
    try {
      return smsLimitsOf(JSON.parse(row.settings || '{}') as Record<string, unknown>);
    } catch {
      return {};
    }
  }
  if (campaign.mail_account_id === null) return {};
  const row = await db
    .selectFrom('mail_accounts')
    .select(['limit_per_second', 'limit_per_minute', 'limit_per_hour', 'limit_per_day'])
    .where('id', '=', campaign.mail_account_id)
    .executeTakeFirst();
  if (!row) return {};
  return {
    perSecond: row.limit_per_second ?? undefined,
    perMinute: row.limit_per_minute ?? undefined,
    perHour: row.limit_per_hour ?? undefined,
    perDay: row.limit_per_day ?? undefined,
  };
}
