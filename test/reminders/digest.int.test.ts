import { randomBytes } from 'node:crypto';
import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { roleServiceFactories, type AppContext } from '../../src/app/index.js';
import { runDigestTick, saveReminderSettings } from '../../src/modules/reminders/index.js';
import { installBuiltins, TemplateRepository } from '../../src/modules/templates/index.js';
import type { Store } from '../../src/platform/db/index.js';
import { testContext } from '../fixtures/send/harness.js';
import { seedAccount } from '../fixtures/send/seed.js';
import { FakeClock } from '../helpers/clock.js';
import { inboxCount, inboxSources } from '../helpers/mailbox.js';
import { describeWithServices, SERVICES } from '../helpers/services.js';
import { makeSqliteStore } from '../helpers/store-contract.js';
import { waitFor } from '../helpers/wait.js';
import { MORNING, seedBirthdayCustomer, seedUser } from './reminders.fixture.js';

const PUBLIC_URL = 'https://tidings.example.test';
const MINUTE = 60_000;

await describeWithServices(['smtp', 'imap'], 'reminders: the morning digest through Postfix into a Dovecot mailbox', () => {
  let store: Store;
  let clock: FakeClock;
  let context: AppContext;
  const run = randomBytes(3).toString('hex');
  const rep = `rep-${run}@example.test`;
  /** A new process on the same store: what a restart (or a second worker) looks like. */
  const freshProcess = (): AppContext => ({ ...testContext(store, { TIDINGS_PUBLIC_URL: PUBLIC_URL }), clock });

  beforeAll(async () => {
    store = await makeSqliteStore();
    clock = new FakeClock(MORNING - MINUTE); // 07:59 in Asia/Shanghai
    context = freshProcess();
    const account = await seedAccount(store.db, { port: SERVICES.smtp.port, email: `system-${run}@example.test` });
    await store.db.updateTable('mail_accounts').set({ is_default: 1 }).where('id', '=', account).execute();
    await installBuiltins(new TemplateRepository({ db: store.db }));
  });
  afterAll(async () => {
    await store?.close();
  });

  it('sends once at the hour, not before, not again on a second tick or a restart, in the person\'s language with links back', async () => {
    const { db } = store;
    const li = await seedUser(store, 'li', 'sales', rep);
    await saveReminderSettings(db, li.id, { language: 'zh-CN' }, clock);
    await seedUser(store, 'noaddress', 'sales');
    const disabled = await seedUser(store, 'gone', 'sales', `gone-${run}@example.test`);
    await db.updateTable('users').set({ disabled: 1 }).where('id', '=', disabled.id).execute();
    const customer = await seedBirthdayCustomer(db, { name: '李雷', owner: 'li', month: 3, day: 3, year: 1980 });
    const template = (await new TemplateRepository({ db }).findTemplate('birthday'))!.id;

    // 07:59: not yet.
    expect(await runDigestTick(context)).toEqual({ sent: 0, empty: 0, failed: 0 });
    expect(await inboxCount(rep)).toBe(0);

    // 08:00: the schedule role's worker loop sends it (one pass per start; stop waits for it).
    clock.set(MORNING);
    const worker = await roleServiceFactories().schedule(context);
    await worker!.start();
    await worker!.stop();
    const rows = await db.selectFrom('reminder_digests').selectAll().execute();
    expect(rows).toMatchObject([{ user_id: li.id, local_date: '2027-03-01', state: 'sent' }]);
    expect(rows[0]!.response).toMatch(/^250/);

    await waitFor(async () => (await inboxCount(rep)) === 1, { timeoutMs: 30_000, intervalMs: 200 });
    const mail = await simpleParser((await inboxSources(rep))[0]!);
    expect(mail.subject).toBe('服务提醒：1 位客户生日，1 个节日将至');
    expect(mail.from?.value[0]?.address).toBe(`system-${run}@example.test`);
    expect(mail.text).toContain('李雷 · 2027-03-03 · 还有 2 天 · 47 岁');
    expect(mail.text).toContain(`发送祝福: ${PUBLIC_URL}/customers/${customer}?compose=1&template=${template}`);
    expect(mail.text).toContain('妇女节 · 2027-03-08 · 还有 7 天');
    expect(mail.html).toContain(`href="${PUBLIC_URL}/customers/${customer}?compose=1&amp;template=${template}"`);

    // A second tick, a restarted worker and a second process an hour later: nothing more.
    expect(await runDigestTick(context)).toEqual({ sent: 0, empty: 0, failed: 0 });
    const restarted = await roleServiceFactories().schedule(freshProcess());
    await restarted!.start();
    await restarted!.stop();
    clock.advance(60 * MINUTE);
    expect(await runDigestTick(freshProcess())).toEqual({ sent: 0, empty: 0, failed: 0 });
    expect(await db.selectFrom('reminder_digests').select('user_id').execute()).toEqual([{ user_id: li.id }]);

    // The next morning's digest is a new one.
    clock.set(MORNING + 24 * 60 * MINUTE);
    expect(await runDigestTick(freshProcess())).toEqual({ sent: 1, empty: 0, failed: 0 });
    await waitFor(async () => (await inboxCount(rep)) === 2, { timeoutMs: 30_000, intervalMs: 200 });
    expect(await inboxCount(`gone-${run}@example.test`)).toBe(0);
  });
});
