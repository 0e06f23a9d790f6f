import type { Logger } from '../../platform/logger/index.js';
import type { Store } from '../../platform/db/index.js';
import type { AudienceMember, AudienceSource } from './audience.js';
import { birthdayYearOn, type CelebratedBirthday } from './birthdays.js';
import {
  claimDeliveries,
  claimRun,
  claimedKeys,
  finishDeliveries,
  finishRun,
  takeOverStaleDeliveries,
  takeOverStaleRuns,
} from './claims.store.js';
import type { CampaignLauncher, Clock } from './launcher.js';
import { occurrencesBetween, type Occurrence } from './occurrences.js';
import { isOneShot, isPerZone, parseScheduleSpec, type ScheduleSpec } from './schedule.spec.js';
import { addDays, isTimeZone, localDateOf, wallTimeToInstant } from './wall-clock.js';

/** Options for {@link Scheduler}. */
export interface SchedulerOptions {
  readonly store: Store;
  readonly launcher: CampaignLauncher;
  readonly audience: AudienceSource;
  readonly logger: Logger;
  readonly clock: Clock;
  /** TIDINGS_DEFAULT_TIMEZONE: for recipients without a zone and schedules without one. */
  readonly defaultZone: string;
  /** Occurrences later than this are not sent any more (recorded as missed where they are one-shots). */
  readonly maxLatenessMs: number;
  /** A claim not launched within this long is retried. */
  readonly claimLeaseMs: number;
}

/** What one tick did, for logs and tests. */
export interface TickReport {
  readonly launched: { campaignId: number; key: string; customerIds?: number[] }[];
  readonly missed: { campaignId: number; key: string }[];
  readonly failed: { campaignId: number; key: string; error: string }[];
}

interface CampaignRow {
  id: number;
  schedule: string | null;
  audience: string;
  created_at: number;
}

/**
 * Finds what is due and hands it to the send pipeline, exactly once per occurrence however many
 * processes tick (see claims.store.ts). Campaigns in status `scheduled` or `running` with a
 * schedule are considered; paused, cancelled and finished ones are not.
 */
export class Scheduler {
  constructor(private readonly options: SchedulerOptions) {}

  /** One pass at `now` (default: the clock). Never throws for one bad campaign; it is logged and reported. */
  async tick(now: Date = this.options.clock.date()): Promise<TickReport> {
    const report: TickReport = { launched: [], missed: [], failed: [] };
    const { db } = this.options.store;
    const campaigns = (await db
      .selectFrom('campaigns')
      .select(['id', 'schedule', 'audience', 'created_at'])
      .where('status', 'in', ['scheduled', 'running'])
      .where('schedule', 'is not', null)
      .orderBy('id')
      .execute()) as CampaignRow[];
    for (const campaign of campaigns) {
      try {
        await this.tickCampaign(campaign, now, report);
      } catch (error) {
        const message = (error as Error).message;
        this.options.logger.warn({ campaignId: campaign.id, err: message }, 'schedule of campaign skipped');
        report.failed.push({ campaignId: campaign.id, key: '(schedule)', error: message });
      }
    }
    await this.retryStale(now, report);
    return report;
  }

  private async tickCampaign(campaign: CampaignRow, now: Date, report: TickReport): Promise<void> {
    const spec = parseScheduleSpec(campaign.schedule);
    const campaignId = Number(campaign.id);
    if (spec.kind === 'birthday') return this.tickBirthdays(campaignId, campaign, spec.time, now, report);

    const members = isPerZone(spec) ? await this.options.audience.members({ id: campaignId, audience: campaign.audience }) : [];
    const byZone = this.groupByZone(members);
    const oneShot = isOneShot(spec);
    // One-shots are looked at from the beginning of time so a late one is recorded as missed;
    // recurrences only from the lateness horizon (and never before the campaign existed).
    const from = oneShot
      ? new Date(0)
      : new Date(Math.max(now.getTime() - this.options.maxLatenessMs, Number(campaign.created_at) - 1));
    const due =
      spec.kind === 'now'
        ? [{ key: 'now', at: now }]
        : occurrencesBetween(spec, from, now, { defaultZone: this.options.defaultZone, zones: [...byZone.keys()] });
    // Skip what is already claimed without a write per occurrence (a per-minute cron has many).
    const done = await claimedKeys(this.options.store.db, campaignId, from.getTime());
    for (const occurrence of due) {
      if (done.has(occurrence.key)) continue;
      const customerIds = occurrence.zone ? byZone.get(occurrence.zone) : undefined;
      if (occurrence.zone && (!customerIds || customerIds.length === 0)) continue;
      await this.fireRun(campaignId, occurrence, customerIds, now, report, spec);
    }
  }

  private async fireRun(
    campaignId: number,
    occurrence: Occurrence,
    customerIds: number[] | undefined,
    now: Date,
    report: TickReport,
    spec: ScheduleSpec,
  ): Promise<void> {
    const { db } = this.options.store;
    const late = now.getTime() - occurrence.at.getTime() > this.options.maxLatenessMs && spec.kind !== 'now';
    const won = await claimRun(db, {
      campaignId,
      key: occurrence.key,
      dueAt: occurrence.at.getTime(),
      now: now.getTime(),
      customerIds,
      state: late ? 'missed' : 'claimed',
    });
    if (!won) return;
    if (late) {
      this.options.logger.warn({ campaignId, key: occurrence.key, dueAt: occurrence.at.toISOString() }, 'occurrence missed: too late to send');
      report.missed.push({ campaignId, key: occurrence.key });
      return;
    }
    await this.launchRun(campaignId, occurrence.key, customerIds, now, report);
  }

  private async launchRun(campaignId: number, key: string, customerIds: number[] | undefined, now: Date, report: TickReport) {
    const { db } = this.options.store;
    try {
      await this.options.launcher.launch(campaignId, customerIds ? { key, customerIds } : { key });
      await finishRun(db, campaignId, key, { launchedAt: now.getTime() });
      this.options.logger.info({ campaignId, key, customers: customerIds?.length ?? 'all' }, 'schedule fired');
      report.launched.push(customerIds ? { campaignId, key, customerIds } : { campaignId, key });
    } catch (error) {
      const message = (error as Error).message;
      await finishRun(db, campaignId, key, { error: message });
      this.options.logger.warn({ campaignId, key, err: message }, 'launch failed; retried after the claim lease');
      report.failed.push({ campaignId, key, error: message });
    }
  }

  /**
   * Birthdays: a customer is greeted at `time` on their birthday in their own zone, at most once a
   * year per campaign (`birthday:<year>`). Today and yesterday are both looked at, so a greeting
   * due at 23:00 is still sent by a tick just after midnight (within the lateness bound).
   */
  private async tickBirthdays(campaignId: number, campaign: CampaignRow, time: string, now: Date, report: TickReport) {
    const members = await this.options.audience.members({ id: campaignId, audience: campaign.audience });
    const due = new Map<string, { dueAt: number; customerIds: number[] }>();
    for (const member of members) {
      const birthday = celebrated(member);
      if (!birthday) continue;
      const zone = this.zoneOf(member);
      const today = localDateOf(now, zone);
      for (const date of [today, addDays(today, -1)]) {
        const on = birthdayYearOn(date, birthday);
        if (!on) continue;
        const at = wallTimeToInstant(date, time, zone).getTime();
        if (at > now.getTime() || now.getTime() - at > this.options.maxLatenessMs) continue;
        // Once per customer and year: the Gregorian year, or the lunar year for a lunar birthday.
        const key = on.calendar === 'lunar' ? `birthday:lunar-${on.year}` : `birthday:${on.year}`;
        const entry = due.get(key) ?? { dueAt: at, customerIds: [] };
        entry.customerIds.push(member.customerId);
        entry.dueAt = Math.min(entry.dueAt, at);
        due.set(key, entry);
      }
    }
    const { db } = this.options.store;
    for (const [key, entry] of due) {
      const won = await claimDeliveries(db, { campaignId, key, dueAt: entry.dueAt, now: now.getTime(), customerIds: entry.customerIds });
      if (won.length > 0) await this.launchDeliveries(campaignId, key, won, now, report);
    }
  }

  private async launchDeliveries(campaignId: number, key: string, customerIds: number[], now: Date, report: TickReport) {
    const { db } = this.options.store;
    try {
      await this.options.launcher.launch(campaignId, { key, customerIds });
      await finishDeliveries(db, campaignId, key, customerIds, { launchedAt: now.getTime() });
      this.options.logger.info({ campaignId, key, customers: customerIds.length }, 'birthday greetings fired');
      report.launched.push({ campaignId, key, customerIds });
    } catch (error) {
      const message = (error as Error).message;
      await finishDeliveries(db, campaignId, key, customerIds, { error: message });
      this.options.logger.warn({ campaignId, key, err: message }, 'launch failed; retried after the claim lease');
      report.failed.push({ campaignId, key, error: message });
    }
  }

  /** Re-launches claims whose launch never completed (a crash between claim and launch, a launcher error). */
  private async retryStale(now: Date, report: TickReport): Promise<void> {
    const { db } = this.options.store;
    const staleBefore = now.getTime() - this.options.claimLeaseMs;
    const missedBefore = now.getTime() - this.options.maxLatenessMs;
    for (const run of await takeOverStaleRuns(db, staleBefore, now.getTime(), missedBefore)) {
      await this.launchRun(run.campaignId, run.key, run.customerIds, now, report);
    }
    for (const group of await takeOverStaleDeliveries(db, staleBefore, now.getTime(), missedBefore)) {
      await this.launchDeliveries(group.campaignId, group.key, group.customerIds, now, report);
    }
  }

  private zoneOf(member: AudienceMember): string {
    // A zone the runtime does not know (typo, retired name) falls back rather than blocking the campaign.
    return member.timeZone && isTimeZone(member.timeZone) ? member.timeZone : this.options.defaultZone;
  }

  private groupByZone(members: readonly AudienceMember[]): Map<string, number[]> {
    const byZone = new Map<string, number[]>();
    for (const member of members) {
      const zone = this.zoneOf(member);
      const list = byZone.get(zone) ?? [];
      list.push(member.customerId);
      byZone.set(zone, list);
    }
    return byZone;
  }
}

/** The birthday a member celebrates; a source that predates lunar birthdays gives only the Gregorian one. */
function celebrated(member: AudienceMember): CelebratedBirthday | undefined {
  if (member.birthday !== undefined) return member.birthday ?? undefined;
  if (member.birthdayMonth === null || member.birthdayDay === null) return undefined;
  return { calendar: 'gregorian', month: member.birthdayMonth, day: member.birthdayDay };
}
