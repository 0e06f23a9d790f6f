import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simpleParser, type ParsedMail } from 'mailparser';
import { createTransport } from 'nodemailer';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createMailAccount } from '../../../src/modules/accounts/index.js';
import type { AppContext } from '../../../src/app/index.js';
import { loadConfig } from '../../../src/app/index.js';
import { SecretBox } from '../../../src/platform/crypto/index.js';
import { importCustomers } from '../../../src/modules/customers/index.js';
import { customerTimeline, loadIncomingAccount, pollMailbox, readerFor } from '../../../src/modules/inbox/index.js';
import { createLogger } from '../../../src/platform/logger/index.js';
import { createMetrics } from '../../../src/platform/metrics/index.js';
import { Scheduler, storeAudienceSource } from '../../../src/modules/schedule/index.js';
import { createSendRuntime, SendCampaignLauncher, sendingDb, TRACE_HEADER, UnsubscribeTokens, type SendRuntime } from '../../../src/modules/sending/index.js';
import { type Store } from '../../../src/platform/db/index.js';
import { openAppStore } from '../../../src/app/index.js';
import { installBuiltins, TemplateRepository } from '../../../src/modules/templates/index.js';
import { describeWithServices, SERVICES } from '../../helpers/services.js';
import { waitUntil } from '../../fixtures/send/harness.js';
import { inboxSources } from '../../helpers/mailbox.js';
import { FakeClock } from '../../helpers/clock.js';
import { systemClock } from '../../../src/platform/clock/index.js';

const PUBLIC_URL = 'https://tidings.example.test';
const PASSWORD = 'tidings-test';

/** Every message in `address`'s INBOX, parsed and raw. */
async function readInbox(address: string): Promise<{ mail: ParsedMail; source: string }[]> {
  return Promise.all((await inboxSources(address)).map(async (source) => ({ mail: await simpleParser(source), source: source.toString('utf8') })));
}

/** An unfolded header value from a raw message. */
const header = (source: string, name: string): string =>
  // The value may start on the next line: long headers (List-Unsubscribe) are folded right after the colon.
  String(source.match(new RegExp(`^${name}:[ \\t]*(.*(?:\\r?\\n[ \\t].+)*)`, 'mi'))?.[1] ?? '')
    .replace(/\r?\n[ \t]+/g, ' ')
    .trim();

interface Person {
  name: string;
  family: string;
  title: string;
  language: 'zh-CN' | 'en';
  greeting: string;
}

const ZH = ['张', '王', '李', '赵', '刘'];
const EN = ['Smith', 'Jones', 'Brown', 'Taylor', 'Wilson'];
const person = (i: number): Person => {
  if (i % 2 === 0) {
    const family = ZH[(i / 2) % ZH.length]!;
    const title = i % 4 === 0 ? '先生' : '女士';
    return { name: `${family}伟${i}`, family, title, language: 'zh-CN', greeting: `尊敬的${family}${title}` };
  }
  const family = EN[((i - 1) / 2) % EN.length]!;
  const title = i % 4 === 1 ? 'Ms' : 'Mr';
  return { name: `Alex ${family}`, family, title, language: 'en', greeting: `Dear ${title} ${family}` };
};

await describeWithServices(['smtp', 'imap'], 'send e2e: accounts + customers + templates + pipeline + inbox + scheduler, on Postfix/Dovecot', () => {
  const run = randomBytes(3).toString('hex');
  const sender = `sender-${run}@example.test`;
  const signature = `王经理 · Tidings 测试 ${run}`;
  let dir: string;
  let store: Store;
  let context: AppContext;
  let runtime: SendRuntime;
  let accountId: number;
  let versionId: number;

  /** Imports a CSV through the customers importer; returns the ids of these addresses, in order. */
  const importRows = async (file: string, rows: string[][]): Promise<number[]> => {
    const path = join(dir, file);
    writeFileSync(path, rows.map((r) => r.join(',')).join('\n'));
    const result = await importCustomers(store.db, path, { region: 'CN' });
    expect(result.failed).toBe(0);
    const emails = rows.slice(1).map((r) => r[3]!);
    const found = await store.db.selectFrom('customer_emails').select(['customer_id', 'email']).where('email', 'in', emails).execute();
    return emails.map((e) => Number(found.find((f) => f.email === e)!.customer_id));
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'tidings-e2e-'));
    store = await openAppStore({ target: { kind: 'sqlite', path: join(dir, 'tidings.db') } });
    const config = loadConfig({
      LOG_LEVEL: 'silent',
      TIDINGS_DATA_DIR: dir,
      REDIS_URL: '',
      TIDINGS_PUBLIC_URL: PUBLIC_URL,
      TIDINGS_ALLOW_PRIVATE_HOSTS: '127.0.0.1/8,::1',
      SEND_CONCURRENCY: '10',
    });
    context = { config, logger: createLogger({ level: 'silent' }), store, secrets: new SecretBox(randomBytes(32)), redis: undefined, metrics: createMetrics(), clock: systemClock, async close() {} };
    const account = await createMailAccount(store.db, context.secrets, {
      name: `sender-${run}`,
      displayName: '王经理',
      email: sender,
      signatureText: signature,
      plusAddressing: true,
      tlsVerify: false,
      smtp: { host: '127.0.0.1', port: SERVICES.smtp.port, security: 'none', auth: false },
      incoming: { protocol: 'imap', host: '127.0.0.1', port: SERVICES.imap.port, security: 'starttls', username: sender, password: PASSWORD },
    });
    accountId = account.id;
    const repository = new TemplateRepository({ db: store.db });
    await installBuiltins(repository);
    versionId = (await repository.getVersionByNumber('spring-festival')).version.id;
    runtime = await createSendRuntime(context, { work: true });
    await runtime.start();
  });
  afterAll(async () => {
    await runtime?.close();
    await store?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('sends a Spring Festival campaign read back over IMAP, personalised and traced; a reply is filed under its customer', async () => {
    const { db } = store;
    const people = Array.from({ length: 20 }, (_, i) => person(i));
    const address = (i: number) => `t-${run}-${i}@example.test`;
    const ids = await importRows('customers.csv', [
      ['name', 'family name', 'title', 'email', 'language'],
      ...people.map((p, i) => [p.name, p.family, p.title, address(i), p.language]),
    ]);

    const campaign = await runtime.campaigns.create({ name: `春节 ${run}`, mailAccountId: accountId, templateVersionId: versionId, audience: { customerIds: ids } });
    await runtime.campaigns.start(campaign.id);
    await waitUntil(async () => (await runtime.campaigns.get(campaign.id)).status === 'finished', 20_000, 100);
    const rows = await db.selectFrom('outbox').selectAll().where('campaign_id', '=', campaign.id).orderBy('customer_id').execute();
    expect(rows.map((r) => r.state)).toEqual(ids.map(() => 'sent'));

    // Postfix delivers asynchronously: read each mailbox until its message is there, five at a time.
    const queue = people.map((p, i) => ({ p, i }));
    const check = async () => {
      for (let next = queue.shift(); next; next = queue.shift()) {
        const { p, i } = next;
        const row = rows.find((r) => r.customer_id === ids[i])!;
        let messages: Awaited<ReturnType<typeof readInbox>> = [];
        await waitUntil(async () => (messages = await readInbox(address(i))).length > 0, 15_000, 100);
        expect(messages).toHaveLength(1);
        const { mail, source } = messages[0]!;
        // One built-in, two languages: each customer reads the variant of their language.
        expect(mail.subject).toContain(p.language === 'zh-CN' ? '恭贺新春' : 'Happy Chinese New Year');
        if (p.language === 'en') expect(mail.text).not.toMatch(/新春快乐/);
        expect(mail.text).toContain(p.greeting);
        expect(mail.html || '').toContain(p.greeting);
        expect(mail.text).toContain(signature);
        expect(mail.from?.value[0]).toMatchObject({ address: sender, name: '王经理' });
        expect(mail.messageId).toBe(row.message_id);
        expect(mail.headers.get(TRACE_HEADER.toLowerCase())).toBe(row.reply_token);
        expect(mail.replyTo?.text).toBe(`sender-${run}+t-${row.reply_token}@example.test`);
        // The signed unsubscribe token, never the reply token (which every reply quotes back).
        const unsubscribe = UnsubscribeTokens.fromSecrets(context.secrets).sign({ id: Number(row.id), channel: row.channel, address: row.address });
        expect(header(source, 'List-Unsubscribe')).toContain(`<${PUBLIC_URL}/u/${unsubscribe}>`);
        expect(header(source, 'List-Unsubscribe')).not.toContain(row.reply_token);
        expect(header(source, 'List-Unsubscribe-Post')).toBe('List-Unsubscribe=One-Click');
        // The body's unsubscribe link is this recipient's own one-click URL.
        expect(mail.html || '').toContain(`${PUBLIC_URL}/u/${unsubscribe}`);
      }
    };
    await Promise.all(Array.from({ length: 5 }, check));

    // The customer replies to the greeting from their mail client.
    const replier = 3;
    const original = rows.find((r) => r.customer_id === ids[replier])!;
    const smtp = createTransport({ host: SERVICES.smtp.host, port: SERVICES.smtp.port, secure: false, ignoreTLS: true });
    await smtp.sendMail({
      from: address(replier),
      to: sender,
      subject: 'Re: 恭贺新春',
      text: `Thank you, happy new year to you too! ${run}`,
      inReplyTo: original.message_id!,
      references: original.message_id!,
    });
    smtp.close();

    // The inbox poller reads the sender's mailbox and files the reply under that customer.
    const incoming = await loadIncomingAccount(db, context.secrets, accountId);
    await waitUntil(
      async () => {
        const summary = await pollMailbox({ db, reader: readerFor(incoming, { tls: { rejectUnauthorized: false }, guard: { allowPrivateHosts: context.config.TIDINGS_ALLOW_PRIVATE_HOSTS } }), accountId, softBounceLimit: 3 });
        return summary.stored > 0 || (await customerTimeline(db, ids[replier]!)).some((e) => e.direction === 'in');
      },
      15_000,
      200,
    );
    const timeline = await customerTimeline(db, ids[replier]!);
    expect(timeline.find((e) => e.direction === 'out')).toMatchObject({ campaignId: campaign.id, channel: 'email' });
    expect(timeline.find((e) => e.direction === 'in')).toMatchObject({ channel: 'email' });
    expect(timeline.find((e) => e.direction === 'in')?.preview ?? '').toContain(run);
  });

  it('runs a birthday campaign ticked twice on the same day (injected clock) as one child run, one message per birthday customer', async () => {
    const { db } = store;
    const address = (i: number) => `t-${run}-bd${i}@example.test`;
    const ids = await importRows('birthdays.csv', [
      ['name', 'family name', 'title', 'email', 'birthday', 'time zone'],
      ['陈静', '陈', '女士', address(0), '1990-03-10', 'Asia/Shanghai'],
      ['Maria Lopez', 'Lopez', 'Ms', address(1), '--03-10', 'Asia/Shanghai'],
      ['周强', '周', '先生', address(2), '1985-03-10', 'Asia/Shanghai'],
      ['Tom Hill', 'Hill', 'Mr', address(3), '1980-03-11', 'Asia/Shanghai'],
    ]);
    const birthday = (await new TemplateRepository({ db }).getVersionByNumber('birthday')).version.id;
    const parent = await runtime.campaigns.create({
      name: `生日 ${run}`,
      mailAccountId: accountId,
      templateVersionId: birthday,
      audience: { customerIds: ids },
      schedule: { kind: 'birthday', time: '09:00' },
    });
    expect(parent.status).toBe('scheduled');
    const launcher = new SendCampaignLauncher(sendingDb(db), async () => runtime.campaigns);
    const clock = new FakeClock(new Date('2027-03-10T02:30:00Z')); // 10:30 in Shanghai
    const scheduler = new Scheduler({
      store,
      launcher,
      audience: storeAudienceSource(db),
      logger: context.logger,
      clock,
      defaultZone: 'Asia/Shanghai',
      maxLatenessMs: 12 * 3_600_000,
      claimLeaseMs: 300_000,
    });
    const first = await scheduler.tick();
    const second = await scheduler.tick();
    expect(first.failed).toEqual([]);
    expect(first.launched).toEqual([{ campaignId: parent.id, key: 'birthday:2027', customerIds: ids.slice(0, 3) }]);
    expect(second.launched).toEqual([]);
    // A launch retried after a crash (the scheduler's claim lease) changes nothing either.
    await launcher.launch(parent.id, { key: 'birthday:2027', customerIds: ids.slice(0, 3) });

    const children = await runtime.campaigns.childIds(parent.id);
    expect(children).toHaveLength(1);
    await waitUntil(async () => (await runtime.campaigns.get(children[0]!)).status === 'finished', 15_000, 100);
    const rows = await db.selectFrom('outbox').select(['customer_id', 'state']).where('campaign_id', '=', children[0]!).orderBy('customer_id').execute();
    expect(rows).toEqual(ids.slice(0, 3).map((id) => ({ customer_id: id, state: 'sent' })));
    const progress = await runtime.campaigns.progress(parent.id);
    expect(progress).toMatchObject({ total: 3, runs: 1, counts: { sent: 3 } });
    expect((await runtime.campaigns.get(parent.id)).status).toBe('running');
  });
});
