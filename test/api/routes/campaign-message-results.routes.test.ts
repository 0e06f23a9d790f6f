// What the per-message results say: the reason a message was refused or bounced (from the fixed
// BOUNCE_REASONS list) with the SMTP code/status, the spam-report mark, and the language variant
// the recipient got; and the templates list's languages for every template.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createLogger } from '../../../src/platform/logger/index.js';
import {
  AudienceRecipientSource,
  CampaignService,
  InProcessDispatcher,
  markOutboxBounced,
  MergeCustomerCache,
  TemplateComposer,
  UnsubscribeTokens,
  recordComplaint,
  recordSmtpRejection,
  smtpRejectionOf,
} from '../../../src/modules/sending/index.js';
import { TemplateRenderer } from '../../../src/modules/templates/index.js';
import { outboxGroupCommit } from '../../../src/modules/sending/outbox.group-commit.js';
import { describeStoreContract } from '../../helpers/store-contract.js';
import { campaignHarness, unique, type CampaignHarness, type Caller } from './campaigns.harness.js';

interface Message {
  id: number;
  address: string;
  state: string;
  errorCode: string | null;
  reason: string | null;
  smtpCode: number | null;
  smtpStatus: string | null;
  complained?: boolean;
  language: string | null;
}

describeStoreContract('campaign message results', (store) => {
  let h: CampaignHarness;
  const dispatcher = new InProcessDispatcher({ process: async () => ({ kind: 'done', outcome: 'unused' }), concurrency: 1, logger: createLogger({ level: 'silent' }) });
  let marketer: Caller;
  let readonly: Caller;
  let mailAccount: number;

  beforeAll(async () => {
    const db = store().db;
    const campaigns = new CampaignService({ db, recipients: new AudienceRecipientSource(db, { timeZone: 'Asia/Shanghai', region: 'CN' }), dispatcher });
    h = await campaignHarness(store(), { campaigns });
    [marketer, readonly] = await Promise.all([h.caller('marketer'), h.caller('readonly')]);
    mailAccount = await h.mailAccount();
  });
  afterAll(async () => {
    await h?.app.close();
    await dispatcher.close();
  });

  it('says why a message was refused or bounced, with the SMTP code and status; marks spam reports; shows the language each recipient got', async () => {
    const db = store().db;
    const template = await h.template('email');
    const domain = `r${unique()}.example.test`;
    const customers: number[] = [];
    for (const i of [1, 2, 3, 4]) customers.push(await h.customer({ email: `m${i}@${domain}` }));
    const created = await h.call(marketer, 'POST', '/api/campaigns', { name: `c-${unique()}`, mailAccount, templateVersionId: template.versionId, audience: { customerIds: customers } });
    const campaignId = (created.json() as { id: number }).id;
    expect((await h.call(marketer, 'POST', `/api/campaigns/${campaignId}/start`)).statusCode).toBe(200);
    const rows = await db.selectFrom('outbox').selectAll().where('campaign_id', '=', campaignId).orderBy('id').execute();
    const [refused, bounced, complained, queued] = rows.map((r) => Number(r.id)) as [number, number, number, number];
    const writer = outboxGroupCommit(db);

    // Refused during the SMTP session: code, status and reason recorded on the row.
    await db.updateTable('outbox').set({ state: 'sending' }).where('id', '=', refused).execute();
    const failure = { message: '550 5.1.1 <m1@x>: Recipient address rejected: User unknown in virtual mailbox table', responseCode: 550 };
    await recordSmtpRejection(db, { id: refused, address: `m1@${domain}`, campaignId }, failure, smtpRejectionOf(failure)!);

    // Sent (in Chinese, through the group commit as the pipeline writes it), then bounced by mail.
    for (const id of [bounced, complained]) {
      expect(await writer.claim(id, campaignId)).toBe(true);
      expect(await writer.markSent(id, campaignId, `<m${id}@${domain}>`, Date.now(), id === bounced ? 'zh-CN' : 'en')).toBe(true);
    }
    expect(await markOutboxBounced(db, bounced, 'Remote server said: 552 5.2.2 mailbox full, quota exceeded')).toBe(true);
    await recordComplaint(db, { outboxId: complained, feedbackType: 'abuse' });

    const response = await h.call(readonly, 'GET', `/api/campaigns/${campaignId}/messages`);
    expect(response.statusCode, response.body).toBe(200);
    const byId = new Map((response.json() as { items: Message[] }).items.map((m) => [m.id, m]));
    expect(byId.get(refused)).toMatchObject({ state: 'failed', errorCode: 'SEND_SMTP_REJECTED', reason: 'user-unknown', smtpCode: 550, smtpStatus: '5.1.1', complained: false, language: null });
    expect(byId.get(bounced)).toMatchObject({ state: 'failed', errorCode: 'SEND_BOUNCED', reason: 'mailbox-full', complained: false, language: 'zh-CN' });
    expect(byId.get(complained)).toMatchObject({ state: 'sent', reason: null, smtpCode: null, complained: true, language: 'en' });
    expect(byId.get(queued)).toMatchObject({ state: 'queued', reason: null, smtpCode: null, smtpStatus: null, complained: false, language: null });
  });

  it('the templates list names the languages of every template, written here or bundled, from its latest version', async () => {
    const admin = await h.caller('admin');
    const name = `multi-${unique()}`;
    const version = {
      language: 'zh-CN',
      subject: '您好 {{customer.displayName}}',
      bodyFormat: 'text',
      body: '本周新品到店。',
      isMarketing: false,
      variants: [{ language: 'en', subject: 'Hello {{customer.displayName}}', body: 'New this week.' }],
    };
    const created = await h.call(admin, 'POST', '/api/templates', { name, channel: 'email', version });
    expect(created.statusCode, created.body).toBe(201);
    const id = (created.json() as { id: number }).id;
    const single = await h.template('email');

    const listed = (await h.call(readonly, 'GET', '/api/templates')).json() as { id: number; languages?: string[] }[];
    expect(listed.find((t) => t.id === id)?.languages).toEqual(['zh-CN', 'en']);
    expect(listed.find((t) => t.id === single.id)?.languages).toHaveLength(1);

    // A new version with a third language: the list follows the latest version.
    const next = await h.call(admin, 'POST', `/api/templates/${id}/versions`, { ...version, variants: [...version.variants, { language: 'ja', subject: 'こんにちは', body: '今週の新商品。' }] });
    expect(next.statusCode, next.body).toBe(201);
    const relisted = (await h.call(readonly, 'GET', '/api/templates?channel=email')).json() as { id: number; languages?: string[] }[];
    expect(relisted.find((t) => t.id === id)?.languages).toEqual(['zh-CN', 'en', 'ja']);
  });

  it('the composer reports the language variant it rendered for each recipient (what the pipeline writes on the row)', async () => {
    const db = store().db;
    const admin = await h.caller('admin');
    const version = {
      language: 'en',
      subject: 'Hello {{customer.displayName}}',
      bodyFormat: 'text',
      body: 'New this week.',
      isMarketing: false,
      variants: [{ language: 'zh-CN', subject: '您好 {{customer.displayName}}', body: '本周新品到店。' }],
    };
    const created = await h.call(admin, 'POST', '/api/templates', { name: `bi-${unique()}`, channel: 'email', version });
    expect(created.statusCode, created.body).toBe(201);
    const versionId = (created.json() as { versions: { id: number }[] }).versions[0]!.id;
    const domain = `l${unique()}.example.test`;
    const chinese = await h.customer({ name: '张伟', email: `zh@${domain}` });
    const english = await h.customer({ name: 'Anna Smith', email: `en@${domain}` });
    const campaign = await h.call(marketer, 'POST', '/api/campaigns', { name: `c-${unique()}`, mailAccount, templateVersionId: versionId, audience: { customerIds: [chinese, english] } });
    const campaignId = (campaign.json() as { id: number }).id;
    expect((await h.call(marketer, 'POST', `/api/campaigns/${campaignId}/start`)).statusCode).toBe(200);
    const campaignRow = await db.selectFrom('campaigns').selectAll().where('id', '=', campaignId).executeTakeFirstOrThrow();
    const rows = await db.selectFrom('outbox').selectAll().where('campaign_id', '=', campaignId).execute();
    const composer = new TemplateComposer({
      db,
      renderer: new TemplateRenderer({ db, logger: createLogger({ level: 'silent' }) }),
      customers: new MergeCustomerCache({ db }),
      unsubscribe: new UnsubscribeTokens(Buffer.alloc(32, 7)),
    });
    const languages = new Map<number, string | undefined>();
    for (const row of rows) languages.set(Number(row.customer_id), (await composer.compose(row, campaignRow)).language);
    expect(languages.get(chinese)).toBe('zh-CN');
    expect(languages.get(english)).toBe('en');
  });
});
