// One campaign, one template with a Chinese and an English variant: the English customer reads
// the English variant (English greeting, subject and text) and the Chinese customer the Chinese
// one, delivered through the local Postfix and read back over IMAP.
import { randomBytes } from 'node:crypto';
import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createCustomer } from '../../src/modules/customers/index.js';
import { createSendRuntime, type SendRuntime } from '../../src/modules/sending/index.js';
import { TemplateRepository } from '../../src/modules/templates/index.js';
import type { Store } from '../../src/platform/db/index.js';
import { makeSqliteStore } from '../helpers/store-contract.js';
import { describeWithServices, SERVICES } from '../helpers/services.js';
import { testContext, waitUntil } from '../fixtures/send/harness.js';
import { seedAccount } from '../fixtures/send/seed.js';
import { latestSource } from '../helpers/mailbox.js';

await describeWithServices(['smtp', 'imap'], 'send: each customer of one campaign gets the variant of their language', () => {
  let store: Store;
  let runtime: SendRuntime;
  const run = randomBytes(3).toString('hex');

  beforeAll(async () => {
    store = await makeSqliteStore();
    runtime = await createSendRuntime(testContext(store), { work: true });
    await runtime.start();
  });
  afterAll(async () => {
    await runtime?.close();
    await store?.close();
  });

  it('an English and a Chinese customer each read their own language, greeting included', async () => {
    const { db } = store;
    const account = await seedAccount(db, { port: SERVICES.smtp.port, email: `sender-${run}@example.test` });
    const { version } = await new TemplateRepository({ db }).create({
      name: `bilingual-${run}`,
      channel: 'email',
      version: {
        language: 'zh-CN',
        subject: '新春快乐，{{customer.displayName}}',
        bodyFormat: 'html',
        body: '<p>{{greeting}}新春快乐！' + run + '</p>',
        variants: [{ language: 'en', subject: 'Happy new year, {{customer.displayName}}', body: '<p>{{greeting}} Happy new year! ' + run + '</p>' }],
      },
    });
    const english = `t-${run}-en@example.test`;
    const chinese = `t-${run}-zh@example.test`;
    const customers = [
      (await createCustomer(db, { name: 'Mr John Brown', language: 'en-GB', emails: [english] }, { region: 'CN' })).id,
      (await createCustomer(db, { name: '张伟先生', language: 'zh-CN', emails: [chinese] }, { region: 'CN' })).id,
    ];
    const campaign = await runtime.campaigns.create({ name: `languages ${run}`, mailAccountId: account, templateVersionId: version.id, audience: { customerIds: customers } });
    await runtime.campaigns.start(campaign.id);
    await waitUntil(async () => (await runtime.campaigns.get(campaign.id)).status === 'finished', 60_000, 200);
    // The pipeline records on each row which variant its recipient got (the results table shows it).
    const rows = await db.selectFrom('outbox').select(['address', 'language', 'state']).where('campaign_id', '=', campaign.id).orderBy('address').execute();
    expect(rows).toEqual([
      { address: english, language: 'en', state: 'sent' },
      { address: chinese, language: 'zh-CN', state: 'sent' },
    ]);

    const read = async (address: string) => {
      let source: Buffer | undefined;
      await waitUntil(async () => (source = await latestSource(address)) !== undefined, 30_000, 250);
      return simpleParser(source!);
    };
    const en = await read(english);
    expect(en.subject).toBe('Happy new year, John Brown');
    expect(en.text).toContain(`Dear Mr Brown, Happy new year! ${run}`);
    expect(en.text).not.toMatch(/新春快乐|尊敬的/);
    const zh = await read(chinese);
    expect(zh.subject).toBe('新春快乐，张伟');
    expect(zh.text).toContain(`尊敬的张先生：新春快乐！${run}`);
  });
});
