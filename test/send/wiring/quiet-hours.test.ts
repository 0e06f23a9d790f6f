import { expect, it } from 'vitest';
import { AudienceRecipientSource, CampaignService, MergeCustomerCache, ScheduleQuietHours } from '../../../src/modules/sending/index.js';
import { makeSqliteStore } from '../../helpers/store-contract.js';
import { seedAccount, seedCustomers, seedTemplateVersion } from '../../fixtures/send/seed.js';

const WINDOW = { start: '21:00', end: '08:00' };

const cases: { name: string; schedule?: Record<string, unknown>; marketing: boolean; zone: string | null; at: string; expected: string | undefined }[] = [
  { name: 'email without opt-in is never held', marketing: true, zone: 'Asia/Shanghai', at: '2027-03-10T15:00:00Z', expected: undefined },
  {
    name: 'opted-in marketing email at 23:00 Shanghai waits until 08:00',
    schedule: { kind: 'now', quietHoursEmail: true },
    marketing: true,
    zone: 'Asia/Shanghai',
    at: '2027-03-10T15:00:00Z',
    expected: '2027-03-11T00:00:00.000Z',
  },
  {
    name: 'opted-in but not marketing is not held',
    schedule: { kind: 'now', quietHoursEmail: true },
    marketing: false,
    zone: 'Asia/Shanghai',
    at: '2027-03-10T15:00:00Z',
    expected: undefined,
  },
  {
    name: "the recipient's own zone decides (10:00 in New York is daytime)",
    schedule: { kind: 'now', quietHoursEmail: true },
    marketing: true,
    zone: 'America/New_York',
    at: '2027-03-10T15:00:00Z',
    expected: undefined,
  },
  {
    name: 'no zone: the default zone is used',
    schedule: { kind: 'now', quietHoursEmail: true },
    marketing: true,
    zone: null,
    at: '2027-03-10T14:00:00Z',
    expected: '2027-03-11T00:00:00.000Z',
  },
];

it.each(cases)('quiet hours: $name', async ({ schedule, marketing, zone, at, expected }) => {
  const store = await makeSqliteStore();
  try {
    const { db } = store;
    const account = await seedAccount(db, { port: 25 });
    let version = await seedTemplateVersion(db);
    if (!marketing) {
      // Versions are immutable: a transactional one is a version of its own.
      const v = await db.selectFrom('template_versions').selectAll().where('id', '=', version).executeTakeFirstOrThrow();
      const { id: _id, ...copy } = v;
      version = (await db.insertInto('template_versions').values({ ...copy, version: 2, is_marketing: 0 }).returning('id').executeTakeFirstOrThrow()).id;
    }
    const [customer] = await seedCustomers(db, 1, () => 'q@example.test');
    await db.updateTable('customers').set({ time_zone: zone }).where('id', '=', customer!).execute();
    const campaigns = new CampaignService({ db, recipients: new AudienceRecipientSource(db, { timeZone: 'Asia/Shanghai', region: 'CN' }) });
    const campaign = await campaigns.create({ name: 'q', mailAccountId: account, templateVersionId: version, audience: { customerIds: [customer!] } });
    if (schedule) await db.updateTable('campaigns').set({ schedule: JSON.stringify(schedule) }).where('id', '=', campaign.id).execute();
    const row = await db
      .insertInto('outbox')
      .values({ campaign_id: campaign.id, customer_id: customer!, channel: 'email', address: 'q@example.test', state: 'queued', attempts: 0, reply_token: 'aaaaaaaaaaaaaaaaaaaa', created_at: 0, updated_at: 0 } as never)
      .returningAll()
      .executeTakeFirstOrThrow();
    const policy = new ScheduleQuietHours({ db, customers: new MergeCustomerCache({ db }), windows: { sms: WINDOW, email: WINDOW }, defaultZone: 'Asia/Shanghai' });
    const until = await policy.deferUntil(row, await campaigns.get(campaign.id), new Date(at));
    expect(until === undefined ? undefined : new Date(until).toISOString()).toBe(expected);
  } finally {
    await store.close();
  }
});
