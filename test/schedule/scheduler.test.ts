import { randomBytes } from 'node:crypto';
import { expect, it } from 'vitest';
import { createLogger } from '../../src/platform/logger/index.js';
import { Scheduler, storeAudienceSource, type CampaignLauncher, type LaunchOccurrence } from '../../src/modules/schedule/index.js';
import type { Store } from '../../src/platform/db/index.js';
import { describeStoreContract } from '../helpers/store-contract.js';
import { FakeClock } from '../helpers/clock.js';
import { referenceLunarMonth } from '../fixtures/schedule/chinese-years.js';

const addDays = (date: string, days: number): string => new Date(Date.parse(date) + days * 86_400_000).toISOString().slice(0, 10);

const logger = createLogger({ level: 'silent' });
const HOUR = 3_600_000;

/** Records every launch; can be told to fail the next N calls. */
class RecordingLauncher implements CampaignLauncher {
  readonly calls: { campaignId: number; occurrence: LaunchOccurrence }[] = [];
  failNext = 0;
  async launch(campaignId: number, occurrence: LaunchOccurrence): Promise<void> {
    if (this.failNext > 0) {
      this.failNext -= 1;
      throw new Error('send pipeline unavailable');
    }
    this.calls.push({ campaignId, occurrence });
  }
  of(campaignId: number) {
    return this.calls
      .filter((c) => c.campaignId === campaignId)
      .map((c) => ({ key: c.occurrence.key, customerIds: c.occurrence.customerIds ? [...c.occurrence.customerIds].sort((a, b) => a - b) : undefined }));
  }
}

function scheduler(store: Store, launcher: CampaignLauncher): Scheduler {
  return new Scheduler({
    store,
    launcher,
    audience: storeAudienceSource(store.db),
    logger,
    clock: new FakeClock(0),
    defaultZone: 'Asia/Shanghai',
    maxLatenessMs: 12 * HOUR,
    claimLeaseMs: 5 * 60_000,
  });
}

async function customer(
  store: Store,
  fields: { zone?: string | null; month?: number; day?: number; lunar?: { month: number; day: number; leap: boolean } } = {},
): Promise<number> {
  const row = await store.db
    .insertInto('customers')
    .values({
      display_name: `c-${randomBytes(3).toString('hex')}`,
      time_zone: fields.zone ?? null,
      birthday_month: fields.month ?? null,
      birthday_day: fields.day ?? null,
      ...(fields.lunar
        ? { birthday_calendar: 'lunar' as const, lunar_birthday_month: fields.lunar.month, lunar_birthday_day: fields.lunar.day, lunar_birthday_leap: fields.lunar.leap ? 1 : 0 }
        : {}),
      custom: '{}',
      locked: 0,
      created_at: 0,
      updated_at: 0,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return Number(row.id);
}

async function campaign(store: Store, schedule: unknown, customerIds: number[], createdAt = 0): Promise<number> {
  const name = `t-${randomBytes(4).toString('hex')}`;
  const template = await store.db
    .insertInto('templates')
    .values({ name, channel: 'email', builtin: null, current_version: 1, created_at: 0, updated_at: 0 })
    .returning('id')
    .executeTakeFirstOrThrow();
  const version = await store.db
    .insertInto('template_versions')
    .values({
      template_id: Number(template.id),
      version: 1,
      subject: 'Hi',
      body_format: 'text',
      body: 'Hello',
      text_body: null,
      attachments: '[]',
      is_marketing: 1,
      created_at: 0,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const row = await store.db
    .insertInto('campaigns')
    .values({
      name,
      channel: 'email',
      kind: 'bulk',
      mail_account_id: null,
      sms_account_id: null,
      template_version_id: Number(version.id),
      audience: JSON.stringify({ customerIds }),
      schedule: JSON.stringify(schedule),
      status: 'scheduled',
      status_reason: null,
      tracking: 0,
      created_by: null,
      created_at: createdAt,
      started_at: null,
      finished_at: null,
      updated_at: createdAt,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return Number(row.id);
}

const at = (iso: string) => new Date(iso);

describeStoreContract('scheduler', (store) => {
  it('a birthday campaign greets a lunar customer on the Gregorian day the rule gives (闰六月 in 2025), once per lunar year', async () => {
    const s = store();
    const leapJune = await customer(s, { zone: 'Asia/Shanghai', lunar: { month: 6, day: 10, leap: true } });
    // A Gregorian birthday on the same day is stored too, but the lunar one is celebrated.
    const ordinaryJune = await customer(s, { zone: 'Asia/Shanghai', month: 1, day: 1, lunar: { month: 6, day: 10, leap: false } });
    const id = await campaign(s, { kind: 'birthday', time: '09:00' }, [leapJune, ordinaryJune]);
    const launcher = new RecordingLauncher();
    const a = scheduler(s, launcher);
    const ordinaryDay = addDays(referenceLunarMonth(2025, 6, false)!.start, 9);
    const leapDay = addDays(referenceLunarMonth(2025, 6, true)!.start, 9);
    await a.tick(at(`${ordinaryDay}T01:30:00Z`));
    expect(launcher.of(id)).toEqual([{ key: 'birthday:lunar-2025', customerIds: [ordinaryJune] }]);
    await a.tick(at(`${leapDay}T01:30:00Z`));
    await a.tick(at(`${leapDay}T02:30:00Z`));
    expect(launcher.of(id)).toEqual([
      { key: 'birthday:lunar-2025', customerIds: [ordinaryJune] },
      { key: 'birthday:lunar-2025', customerIds: [leapJune] },
    ]);
    // 2026 has no 闰六月: both are greeted on the ordinary 六月初十.
    await a.tick(at(`${addDays(referenceLunarMonth(2026, 6, false)!.start, 9)}T01:30:00Z`));
    expect(launcher.of(id).at(-1)).toEqual({ key: 'birthday:lunar-2026', customerIds: [leapJune, ordinaryJune].sort((x, y) => x - y) });
    await a.tick(at('2026-01-01T01:30:00Z')); // the stored Gregorian birthday is not the celebrated one
    expect(launcher.of(id)).toHaveLength(3);
  });

  it('a birthday campaign ticked twice on the same day greets each customer once, in their own zone', async () => {
    const s = store();
    const shanghai = await customer(s, { zone: 'Asia/Shanghai', month: 2, day: 28 });
    const leapling = await customer(s, { zone: null, month: 2, day: 29 }); // default zone; 2027 is a common year
    const newYork = await customer(s, { zone: 'America/New_York', month: 2, day: 28 });
    const tomorrow = await customer(s, { zone: 'Asia/Shanghai', month: 3, day: 1 });
    const noBirthday = await customer(s, {});
    const id = await campaign(s, { kind: 'birthday', time: '09:00' }, [shanghai, leapling, newYork, tomorrow, noBirthday]);
    const launcher = new RecordingLauncher();
    const a = scheduler(s, launcher);
    const b = scheduler(s, launcher); // a second process sharing the store

    await a.tick(at('2027-02-28T00:30:00Z')); // 08:30 in Shanghai: not yet
    expect(launcher.of(id)).toEqual([]);
    await Promise.all([a.tick(at('2027-02-28T01:30:00Z')), b.tick(at('2027-02-28T01:30:00Z'))]);
    await a.tick(at('2027-02-28T01:31:00Z'));
    expect(launcher.of(id)).toEqual([{ key: 'birthday:2027', customerIds: [shanghai, leapling].sort((x, y) => x - y) }]);

    await a.tick(at('2027-02-28T14:30:00Z')); // 09:30 in New York
    await b.tick(at('2027-02-28T14:30:00Z'));
    await a.tick(at('2027-02-28T20:00:00Z'));
    expect(launcher.of(id)).toEqual([
      { key: 'birthday:2027', customerIds: [shanghai, leapling].sort((x, y) => x - y) },
      { key: 'birthday:2027', customerIds: [newYork] },
    ]);

    await a.tick(at('2027-03-01T01:30:00Z')); // next day in Shanghai: only the 1 March birthday
    expect(launcher.of(id).at(-1)).toEqual({ key: 'birthday:2027', customerIds: [tomorrow] });
    expect(launcher.of(id)).toHaveLength(3);

    const claims = await s.db.selectFrom('schedule_deliveries').selectAll().where('campaign_id', '=', id).execute();
    expect(claims.map((c) => c.state)).toEqual(['launched', 'launched', 'launched', 'launched']);
  });

  it('a time-zone campaign launches each wave at its local time as the clock advances', async () => {
    const s = store();
    const sh1 = await customer(s, { zone: 'Asia/Shanghai' });
    const sh2 = await customer(s, { zone: 'Asia/Shanghai' });
    const noZone = await customer(s, { zone: null });
    const berlin = await customer(s, { zone: 'Europe/Berlin' });
    const newYork = await customer(s, { zone: 'America/New_York' });
    const id = await campaign(s, { kind: 'local', date: '2027-02-06', time: '09:00' }, [sh1, sh2, noZone, berlin, newYork]);
    const launcher = new RecordingLauncher();
    const sch = scheduler(s, launcher);
    const shanghaiWave = { key: 'local:2027-02-06T09:00@Asia/Shanghai', customerIds: [sh1, sh2, noZone].sort((x, y) => x - y) };
    const berlinWave = { key: 'local:2027-02-06T09:00@Europe/Berlin', customerIds: [berlin] };
    const newYorkWave = { key: 'local:2027-02-06T09:00@America/New_York', customerIds: [newYork] };

    const steps: [string, unknown[]][] = [
      ['2027-02-06T00:59:00Z', []],
      ['2027-02-06T01:00:00Z', [shanghaiWave]],
      ['2027-02-06T07:59:00Z', [shanghaiWave]],
      ['2027-02-06T08:00:30Z', [shanghaiWave, berlinWave]],
      ['2027-02-06T13:59:59Z', [shanghaiWave, berlinWave]],
      ['2027-02-06T14:00:00Z', [shanghaiWave, berlinWave, newYorkWave]],
      ['2027-02-06T18:00:00Z', [shanghaiWave, berlinWave, newYorkWave]],
    ];
    for (const [when, expected] of steps) {
      await sch.tick(at(when));
      expect({ when, launched: launcher.of(id) }).toEqual({ when, launched: expected });
    }
  });

  it('a holiday campaign fires on 中秋节 at 09:00 every year, once', async () => {
    const s = store();
    const c1 = await customer(s, { zone: 'Europe/Berlin' });
    const id = await campaign(s, { kind: 'holiday', holiday: 'mid-autumn', time: '09:00' }, [c1], Date.parse('2027-01-01T00:00:00Z'));
    const launcher = new RecordingLauncher();
    const sch = scheduler(s, launcher);
    await sch.tick(at('2027-09-15T00:59:00Z'));
    await sch.tick(at('2027-09-15T01:00:00Z'));
    await sch.tick(at('2027-09-15T05:00:00Z'));
    await sch.tick(at('2028-10-03T01:10:00Z'));
    expect(launcher.of(id)).toEqual([
      { key: 'holiday:mid-autumn:2027-09-15', customerIds: undefined },
      { key: 'holiday:mid-autumn:2028-10-03', customerIds: undefined },
    ]);
  });

  it('a one-off holiday campaign fires on that year\'s 中秋节 only, and never again', async () => {
    const s = store();
    const c1 = await customer(s, { zone: 'Europe/Berlin' });
    const id = await campaign(s, { kind: 'holiday', holiday: 'mid-autumn', time: '09:00', everyYear: false, year: 2027 }, [c1], Date.parse('2027-01-01T00:00:00Z'));
    const launcher = new RecordingLauncher();
    const sch = scheduler(s, launcher);
    await sch.tick(at('2027-09-15T01:00:00Z'));
    await sch.tick(at('2028-10-03T01:10:00Z'));
    expect(launcher.of(id)).toEqual([{ key: 'holiday:mid-autumn:2027-09-15', customerIds: undefined }]);
  });

  it('a failed launch is retried after the claim lease, and only then', async () => {
    const s = store();
    const c1 = await customer(s, { zone: 'Asia/Shanghai' });
    const id = await campaign(s, { kind: 'at', at: '2027-05-01T01:00:00Z' }, [c1]);
    const launcher = new RecordingLauncher();
    const sch = scheduler(s, launcher);
    launcher.failNext = 1;
    const first = await sch.tick(at('2027-05-01T01:00:00Z'));
    expect(first.failed.filter((f) => f.campaignId === id)).toHaveLength(1);
    await sch.tick(at('2027-05-01T01:02:00Z')); // within the lease: nobody retries yet
    expect(launcher.of(id)).toEqual([]);
    await sch.tick(at('2027-05-01T01:06:00Z'));
    await sch.tick(at('2027-05-01T01:20:00Z'));
    expect(launcher.of(id)).toEqual([{ key: 'at:2027-05-01T01:00:00.000Z', customerIds: undefined }]);
    const run = await s.db.selectFrom('schedule_runs').selectAll().where('campaign_id', '=', id).executeTakeFirstOrThrow();
    expect({ state: run.state, attempts: run.attempts }).toEqual({ state: 'launched', attempts: 2 });
  });

  it('a launch that keeps failing is not sent late: past the lateness bound the occurrence is missed, with its error kept', async () => {
    const s = store();
    const c1 = await customer(s, { zone: 'Asia/Shanghai' });
    const id = await campaign(s, { kind: 'at', at: '2027-05-01T01:00:00Z' }, [c1]);
    const launcher = new RecordingLauncher();
    const sch = scheduler(s, launcher);
    // The template is still under review at the provider: every launch is refused…
    launcher.failNext = 1_000;
    await sch.tick(at('2027-05-01T01:00:00Z'));
    await sch.tick(at('2027-05-01T06:00:00Z')); // retried within the bound (12 h)
    // …then approved the next day: the greeting must not go out a day late.
    launcher.failNext = 0;
    await sch.tick(at('2027-05-02T02:00:00Z'));
    await sch.tick(at('2027-05-02T03:00:00Z'));
    expect(launcher.of(id)).toEqual([]);
    const run = await s.db.selectFrom('schedule_runs').selectAll().where('campaign_id', '=', id).executeTakeFirstOrThrow();
    expect(run.state).toBe('missed');
    expect(run.last_error).toMatch(/\S/);
  });

  it('an occurrence found too late is recorded as missed, not sent', async () => {
    const s = store();
    const c1 = await customer(s, {});
    const id = await campaign(s, { kind: 'at', at: '2027-05-01T01:00:00Z' }, [c1]);
    const launcher = new RecordingLauncher();
    const report = await scheduler(s, launcher).tick(at('2027-05-03T01:00:00Z'));
    expect(report.missed).toContainEqual({ campaignId: id, key: 'at:2027-05-01T01:00:00.000Z' });
    expect(launcher.of(id)).toEqual([]);
  });

  it('paused campaigns do not fire', async () => {
    const s = store();
    const c1 = await customer(s, {});
    const id = await campaign(s, { kind: 'now' }, [c1]);
    await s.db.updateTable('campaigns').set({ status: 'paused' }).where('id', '=', id).execute();
    const launcher = new RecordingLauncher();
    await scheduler(s, launcher).tick(at('2027-05-03T01:00:00Z'));
    expect(launcher.of(id)).toEqual([]);
  });
});
