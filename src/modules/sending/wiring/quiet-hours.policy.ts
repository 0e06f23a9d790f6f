import type { Kysely } from 'kysely';
import type { DatabaseSchema } from '../../../platform/db/index.js';
import { isTimeZone, parseScheduleSpec, quietHoursDelay, quietWindowFor, type QuietWindow } from '../../schedule/index.js';
import type { Campaign, OutboxRow } from '../ports.js';
import type { MergeCustomerCache } from './merge-customers.cache.js';
import { systemClock, type Clock } from '../../../platform/clock/index.js';

/** Decides whether a message must wait for the end of its recipient's quiet hours. */
export interface QuietHoursPolicy {
  /** Epoch ms to defer the row to, or undefined to send now. */
  deferUntil(row: OutboxRow, campaign: Campaign, now?: Date): Promise<number | undefined>;
}

/** Options for {@link ScheduleQuietHours}. */
export interface ScheduleQuietHoursOptions {
  readonly db: Kysely<DatabaseSchema>;
  readonly customers: MergeCustomerCache;
  /** SCHEDULE_QUIET_HOURS_SMS / _EMAIL (undefined = off). */
  readonly windows: { readonly sms: QuietWindow | undefined; readonly email: QuietWindow | undefined };
  /** TIDINGS_DEFAULT_TIMEZONE, for recipients without a (known) zone. */
  readonly defaultZone: string;
  readonly cacheMs?: number;
  /** The time source; defaults to the system clock. */
  readonly clock?: Clock;
}

/**
 * Quiet hours from the schedule module: marketing messages (template version `is_marketing`) on
 * SMS, and on email when the campaign's schedule (or, for an occurrence, its parent's) sets
 * `quietHoursEmail`, wait until the window ends on the recipient's wall clock. Transactional and
 * one-off messages are never held.
 */
export class ScheduleQuietHours implements QuietHoursPolicy {
  private readonly marketing = new Map<number, Promise<boolean>>();
  private readonly emailOptIn = new Map<number, { at: number; value: Promise<boolean> }>();

  constructor(private readonly options: ScheduleQuietHoursOptions) {}

  async deferUntil(row: OutboxRow, campaign: Campaign, now = (this.options.clock ?? systemClock).date()): Promise<number | undefined> {
    const { windows } = this.options;
    if (!windows.sms && !windows.email) return undefined;
    if (campaign.kind === 'oneoff') return undefined;
    if (row.channel === 'email' && !windows.email) return undefined;
    if (row.channel === 'sms' && !windows.sms) return undefined;
    if (!(await this.isMarketing(campaign.template_version_id))) return undefined;
    const optIn = row.channel === 'email' ? await this.optsInEmail(campaign) : false;
    const window = quietWindowFor(row.channel, windows, optIn);
    if (!window) return undefined;
    const customer = await this.options.customers.forRow(row);
    const zone = customer?.timeZone && isTimeZone(customer.timeZone) ? customer.timeZone : this.options.defaultZone;
    const until = quietHoursDelay(now, zone, window).getTime();
    return until > now.getTime() ? until : undefined;
  }

  private isMarketing(versionId: number): Promise<boolean> {
    let hit = this.marketing.get(versionId);
    if (!hit) {
      // Versions are immutable: cached for the life of the process.
      hit = this.options.db
        .selectFrom('template_versions')
        .select('is_marketing')
        .where('id', '=', versionId)
        .executeTakeFirst()
        .then((r) => r?.is_marketing === 1);
      this.marketing.set(versionId, hit);
      hit.catch(() => this.marketing.delete(versionId));
    }
    return hit;
  }

  private optsInEmail(campaign: Campaign): Promise<boolean> {
    const hit = this.emailOptIn.get(campaign.id);
    if (hit && (this.options.clock ?? systemClock).now() - hit.at < (this.options.cacheMs ?? 30_000)) return hit.value;
    const value = this.readOptIn(campaign);
    this.emailOptIn.set(campaign.id, { at: (this.options.clock ?? systemClock).now(), value });
    value.catch(() => this.emailOptIn.delete(campaign.id));
    return value;
  }

  private async readOptIn(campaign: Campaign): Promise<boolean> {
    let schedule = campaign.schedule;
    if (!schedule) {
      const parent = await this.options.db
        .selectFrom('campaigns as child')
        .innerJoin('campaigns as parent', 'parent.id', 'child.parent_id')
        .select('parent.schedule')
        .where('child.id', '=', campaign.id)
        .executeTakeFirst();
      schedule = parent?.schedule ?? null;
    }
    if (!schedule) return false;
    try {
      return parseScheduleSpec(schedule).quietHoursEmail === true;
    } catch {
      return false; // a broken schedule is the scheduler's to report; never block sending over it
    }
  }
}

/**
 * queued/deferred → deferred until `until`, without counting an attempt (nothing was tried).
 * False when the row moved on meanwhile (cancelled, claimed elsewhere).
 */
export async function deferForQuietHours(db: Kysely<DatabaseSchema>, rowId: number, until: number, clock: Clock = systemClock): Promise<boolean> {
  const result = await db
    .updateTable('outbox')
    .set({ state: 'deferred', next_attempt_at: until, error_code: 'SEND_QUIET_HOURS', error_text: `quiet hours: held until ${new Date(until).toISOString()}`, updated_at: clock.now() })
    .where('id', '=', rowId)
    .where('state', 'in', ['queued', 'deferred'])
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}
