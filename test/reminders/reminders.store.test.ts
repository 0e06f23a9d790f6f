import { expect, it } from 'vitest';
import { topUpNeeded } from '../../src/modules/billing/index.js';
import {
  claimDigest,
  digestFor,
  digestStatusOf,
  getReminderSettings,
  greetingTemplates,
  releaseDigest,
  saveReminderSettings,
  DEFAULT_REMINDER_SETTINGS,
} from '../../src/modules/reminders/index.js';
import { installBuiltins, TemplateRepository } from '../../src/modules/templates/index.js';
import { UserAdminService } from '../../src/modules/users/index.js';
import { FakeClock } from '../helpers/clock.js';
import { describeStoreContract } from '../helpers/store-contract.js';
import { MORNING, seedBirthdayCustomer, seedUser } from './reminders.fixture.js';

const clock = new FakeClock(MORNING);
const options = { now: new Date(MORNING), zone: 'Asia/Shanghai', defaultZone: 'Asia/Shanghai', daysAhead: 7 };

describeStoreContract('reminders: the reminder list, settings and the once-a-day claim', (store) => {
  it('lists a sales rep only their own customers, a marketer theirs plus unowned ones, finance none; with age, countdown and greeting links', async () => {
    const { db } = store();
    await installBuiltins(new TemplateRepository({ db }));
    const templates = await greetingTemplates(db);
    const birthdayTemplate = templates.get('birthday');
    expect(birthdayTemplate).toBeTypeOf('number');
    const mine = await seedBirthdayCustomer(db, { name: '李雷', owner: 'li', month: 3, day: 3, year: 1980 });
    const unowned = await seedBirthdayCustomer(db, { name: '韩梅梅', owner: null, month: 3, day: 4 });
    await seedBirthdayCustomer(db, { name: 'Jim Green', owner: 'han', month: 3, day: 5 });
    await seedBirthdayCustomer(db, { name: 'Too late', owner: 'li', month: 3, day: 20 });
    // A lunar birthday, 正月廿八: 春节 2027 is 6 February (published table), so it falls on 5 March.
    const lunar = await seedBirthdayCustomer(db, { name: '王奶奶', owner: 'li', month: 12, day: 1 });
    await db
      .updateTable('customers')
      .set({ birthday_calendar: 'lunar', lunar_birthday_month: 1, lunar_birthday_day: 28, lunar_birthday_leap: 0 } as never)
      .where('id', '=', lunar)
      .execute();

    const sales = await digestFor(db, { username: 'li', role: 'sales' }, { ...options, templates });
    expect(sales.today).toBe('2027-03-01');
    expect(sales.birthdays).toEqual([
      {
        customerId: mine,
        displayName: '李雷',
        date: '2027-03-03',
        inDays: 2,
        turns: 47,
        calendar: 'gregorian',
        label: { en: '3 Mar', zh: '3月3日' },
        greeting: { templateId: birthdayTemplate, path: `/customers/${mine}?compose=1&template=${birthdayTemplate}` },
      },
      expect.objectContaining({ customerId: lunar, date: '2027-03-05', inDays: 4, calendar: 'lunar', label: expect.objectContaining({ zh: expect.stringContaining('农历正月廿八') }) }),
    ]);

    const marketer = await digestFor(db, { username: 'mk', role: 'marketer' }, { ...options, templates });
    expect(marketer.birthdays.map((b) => b.customerId)).toEqual([unowned]);
    const admin = await digestFor(db, { username: 'li', role: 'admin' }, { ...options, templates });
    expect(admin.birthdays.map((b) => b.displayName)).toEqual(['李雷', '韩梅梅', '王奶奶']);

    const finance = await digestFor(db, { username: 'fi', role: 'finance' }, { ...options, templates });
    expect(finance.birthdays).toEqual([]);
    // Holidays for everyone, with a countdown; no greeting for a role that may not send one-offs.
    expect(finance.holidays.map((h) => [h.key, h.inDays, h.greeting])).toEqual([['womens-day', 7, null]]);
    expect(sales.holidays).toEqual([
      { key: 'womens-day', name: '妇女节', nameEn: "International Women's Day", date: '2027-03-08', inDays: 7, greeting: { templateId: null, path: '/customers?compose=1' } },
    ]);
  });

  it("gives a holiday with a built-in greeting that template, and counts down across New Year", async () => {
    const { db } = store();
    const templates = await greetingTemplates(db);
    const digest = await digestFor(db, { username: 'li', role: 'marketer' }, { ...options, now: new Date(Date.UTC(2027, 11, 20, 0, 0)), templates });
    const christmas = digest.holidays.find((h) => h.key === 'christmas');
    expect(christmas?.inDays).toBe(5);
    expect(christmas?.greeting).toEqual({ templateId: templates.get('christmas'), path: `/customers?compose=1&template=${templates.get('christmas')}` });
    expect(digest.holidays.find((h) => h.key === 'new-year')).toMatchObject({ date: '2028-01-01', inDays: 12 });
  });

  it('claims a digest once per person and local day, even when several workers race; a released claim can be taken again', async () => {
    const { db } = store();
    const user = await seedUser(store(), 'claimer', 'sales', 'claimer@example.test');
    const claims = await Promise.all(Array.from({ length: 5 }, () => claimDigest(db, user.id, '2027-03-01', MORNING)));
    expect(claims.filter(Boolean)).toHaveLength(1);
    expect(await claimDigest(db, user.id, '2027-03-01', MORNING)).toBe(false);
    expect(await claimDigest(db, user.id, '2027-03-02', MORNING)).toBe(true);
    await releaseDigest(db, user.id, '2027-03-01');
    expect(await claimDigest(db, user.id, '2027-03-01', MORNING)).toBe(true);
  });

  it('keeps settings per person with defaults, refuses bad ones with a clear message, and says why no digest goes out', async () => {
    const { db } = store();
    const user = await seedUser(store(), 'settler', 'marketer');
    expect(await getReminderSettings(db, user.id)).toEqual(DEFAULT_REMINDER_SETTINGS);
    expect(digestStatusOf(user, DEFAULT_REMINDER_SETTINGS)).toBe('no-email');
    const saved = await saveReminderSettings(db, user.id, { daysAhead: 14, sendTime: '07:30', timeZone: 'Europe/Berlin', language: 'en' }, clock);
    expect(saved).toEqual({ digestEnabled: true, daysAhead: 14, sendTime: '07:30', timeZone: 'Europe/Berlin', language: 'en' });
    expect((await saveReminderSettings(db, user.id, { digestEnabled: false }, clock)).daysAhead).toBe(14);
    await expect(saveReminderSettings(db, user.id, { daysAhead: 0 }, clock)).rejects.toMatchObject({ code: 'VALIDATION_FAILED', message: 'daysAhead: at least 1 day ahead' });
    await expect(saveReminderSettings(db, user.id, { sendTime: '8am' }, clock)).rejects.toMatchObject({ code: 'VALIDATION_FAILED', message: 'sendTime: expected a time of day such as 08:00' });
    await expect(saveReminderSettings(db, user.id, { timeZone: 'Mars/Olympus' }, clock)).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });

    const admin = new UserAdminService(store(), clock);
    const withEmail = await admin.setOwnEmail(user.id, '  Li.Lei@Example.COM ');
    expect(withEmail.email).toBe('Li.Lei@example.com');
    expect(digestStatusOf(withEmail, await getReminderSettings(db, user.id))).toBe('off');
    expect(digestStatusOf({ ...withEmail, disabled: true }, DEFAULT_REMINDER_SETTINGS)).toBe('user-disabled');
    expect(digestStatusOf(withEmail, DEFAULT_REMINDER_SETTINGS)).toBe('on');
    await expect(admin.update(user.id, { email: 'not an address' })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    expect((await admin.setOwnEmail(user.id, '')).email).toBeNull();
  });
});

it('top-up arithmetic: charges in time order against the balance, in whole 厘', () => {
  // 10 yuan; the later send of 6 yuan no longer fits after the earlier 5 yuan one.
  expect(topUpNeeded(10_000, [{ at: 2, costMinor: 6_000 }, { at: 1, costMinor: 5_000 }])).toEqual({ neededMinor: 11_000, shortMinor: 1_000, byAt: 2 });
  expect(topUpNeeded(11_000, [{ at: 1, costMinor: 5_000 }, { at: 2, costMinor: 6_000 }])).toEqual({ neededMinor: 11_000, shortMinor: 0, byAt: null });
  // 0.045 yuan a message: 3 messages cost 135 厘, exactly, no float drift.
  expect(topUpNeeded(100, [{ at: 5, costMinor: 45 }, { at: 6, costMinor: 45 }, { at: 7, costMinor: 45 }])).toEqual({ neededMinor: 135, shortMinor: 35, byAt: 7 });
  expect(() => topUpNeeded(0.5, [])).toThrow(RangeError);
});
