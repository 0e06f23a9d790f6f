// The editor's routes: preview of unsaved content, the planned-campaign SMS estimate, and the
// test send's refusals (the send itself runs against Postfix in template-editor.routes.int.test.ts).
import { afterAll, beforeAll, expect, it } from 'vitest';
import { setPrice, topUp } from '../../../src/modules/billing/index.js';
import { createCustomer } from '../../../src/modules/customers/index.js';
import { describeStoreContract } from '../../helpers/store-contract.js';
import { campaignHarness, codeOf, unique, type Caller, type CampaignHarness } from './campaigns.harness.js';

type EmailPreview = { channel: 'email'; subject: string; html: string; text: string };
type SmsPreview = { channel: 'sms'; text: string; characters: number; provider: string | null; encoding: string | null; parts: number | null };

describeStoreContract('template editor routes: draft preview, planned estimate, test send', (store) => {
  let h: CampaignHarness;
  let marketer: Caller;
  let sales: Caller;
  let finance: Caller;
  beforeAll(async () => {
    h = await campaignHarness(store());
    [marketer, sales, finance] = await Promise.all([h.caller('marketer'), h.caller('sales'), h.caller('finance')]);
  });
  afterAll(() => h?.app.close());

  const draft = (version: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({ channel: 'email', version: { bodyFormat: 'html', isMarketing: false, ...version }, ...extra });

  it('renders unsaved email content for a chosen customer, without adding a version', async () => {
    const customer = await h.customer({ name: '欧阳娜娜', email: `d-${unique()}@example.test` });
    const before = (await h.call(marketer, 'GET', '/api/templates')).json() as unknown[];
    const response = await h.call(marketer, 'POST', '/api/templates/preview-draft', draft({ subject: '{{customer.displayName}}，您好', body: '<p>{{greeting}} 新品</p>' }, { customerId: customer }));
    expect(response.statusCode, response.body).toBe(200);
    const preview = response.json() as EmailPreview;
    expect(preview.subject).toBe('欧阳娜娜，您好');
    expect(preview.html).toContain('欧阳');
    expect(preview.text).toContain('新品');
    expect((await h.call(marketer, 'GET', '/api/templates')).json()).toHaveLength(before.length);

    // Without a customer: the sample customer of the content's language.
    const sample = (await h.call(marketer, 'POST', '/api/templates/preview-draft', draft({ subject: 'Hi {{customer.displayName}}', body: '<p>Hello</p>' }))).json() as EmailPreview;
    expect(sample.subject).toBe('Hi Alex Smith');
  });

  it('previews the variant of each customer language, with the fallback chain, and saves the variants', async () => {
    const person = async (name: string, language: string) => (await createCustomer(store().db, { name, language, emails: [`v-${unique()}@example.test`] }, { region: 'CN' })).id;
    const english = await person('Mr John Brown', 'en-GB');
    const chinese = await person('王女士', 'zh-CN');
    const version = { language: 'zh-CN', subject: '新春快乐', body: '<p>{{greeting}}新春快乐！</p>', variants: [{ language: 'en', subject: 'Happy new year', body: '<p>{{greeting}} Happy new year!</p>' }] };
    type Chosen = EmailPreview & { language: string; chain: { language: string; matched: boolean }[] };
    const en = (await h.call(marketer, 'POST', '/api/templates/preview-draft', draft(version, { customerId: english }))).json() as Chosen;
    expect(en).toMatchObject({ language: 'en', subject: 'Happy new year', chain: [{ language: 'en-GB', matched: false }, { language: 'en', matched: true }] });
    expect(en.text).toContain('Dear Mr Brown, Happy new year!');
    const zh = (await h.call(marketer, 'POST', '/api/templates/preview-draft', draft(version, { customerId: chinese }))).json() as Chosen;
    expect(zh).toMatchObject({ language: 'zh-CN', subject: '新春快乐' });
    expect(zh.text).toContain('尊敬的王女士：新春快乐！');

    const created = await h.call(marketer, 'POST', '/api/templates', { name: `bi-${unique()}`, channel: 'email', version: { ...version, bodyFormat: 'html' } });
    expect(created.statusCode, created.body).toBe(201);
    const template = created.json() as { id: number; versions: { language: string; variants: { language: string; subject: string }[] }[] };
    expect(template.versions[0]).toMatchObject({ language: 'zh-CN', variants: [{ language: 'en', subject: 'Happy new year' }] });
    const saved = (await h.call(marketer, 'POST', `/api/templates/${template.id}/preview`, { customerId: english })).json() as Chosen;
    expect(saved).toMatchObject({ language: 'en', subject: 'Happy new year' });
    const twice = await h.call(marketer, 'POST', `/api/templates/${template.id}/versions`, { ...version, bodyFormat: 'html', variants: [{ language: 'ZH-cn', subject: 'x', body: '<p>x</p>' }] });
    expect([twice.statusCode, codeOf(twice)]).toEqual([422, 'TEMPLATE_LANGUAGE_DUPLICATE']);
  });

  it('compile errors are 422 with the line; SMS content must be text', async () => {
    const mjml = await h.call(
      marketer,
      'POST',
      '/api/templates/preview-draft',
      draft({ subject: 's', bodyFormat: 'mjml', body: '<mjml>\n<mj-body>\n<mj-section><mj-column>\n<mj-bogus>x</mj-bogus>\n</mj-column></mj-section>\n</mj-body>\n</mjml>' }),
    );
    expect([mjml.statusCode, codeOf(mjml)]).toEqual([422, 'TEMPLATE_MJML_INVALID']);
    expect(mjml.body).toMatch(/line 4/);
    const tag = await h.call(marketer, 'POST', '/api/templates/preview-draft', draft({ subject: 's', body: '<p>ok</p>\n<p>{{#if}}</p>' }));
    expect([tag.statusCode, codeOf(tag)]).toEqual([422, 'TEMPLATE_SYNTAX_INVALID']);
    expect(tag.body).toMatch(/line 2/);
    const sms = await h.call(marketer, 'POST', '/api/templates/preview-draft', { channel: 'sms', version: { bodyFormat: 'html', body: '<p>x</p>' } });
    expect([sms.statusCode, codeOf(sms)]).toEqual([409, 'TEMPLATE_CHANNEL_MISMATCH']);
    const noSubject = await h.call(marketer, 'POST', '/api/templates/preview-draft', draft({ body: '<p>x</p>' }));
    expect([noSubject.statusCode, codeOf(noSubject)]).toEqual([400, 'VALIDATION_FAILED']);
  });

  it('SMS: characters and parts move from 1 to 2 past 70 Chinese characters; the account gives the provider and signature', async () => {
    const body = (n: number) => ({ channel: 'sms', version: { bodyFormat: 'text', body: '节'.repeat(n), isMarketing: false }, provider: 'aliyun' });
    const short = (await h.call(marketer, 'POST', '/api/templates/preview-draft', body(70))).json() as SmsPreview;
    const long = (await h.call(marketer, 'POST', '/api/templates/preview-draft', body(71))).json() as SmsPreview;
    expect([short.characters, short.parts, short.encoding]).toEqual([70, 1, 'UCS-2']);
    expect([long.characters, long.parts]).toEqual([71, 2]);

    const account = await h.smsAccount('aliyun');
    const signed = (await h.call(marketer, 'POST', '/api/templates/preview-draft', { ...body(60), provider: undefined, accountId: account.id })).json() as SmsPreview;
    expect(signed.provider).toBe('aliyun');
    expect(signed.text.startsWith('【某某公司】')).toBe(true);
    // 60 + 【某某公司】 (6) = 66 characters: still one part.
    expect([signed.characters, signed.parts]).toEqual([66, 1]);

    // A marketing text counted "as Aliyun would" without an account carries Aliyun's opt-out line, the one it is charged with.
    const marketing = (await h.call(marketer, 'POST', '/api/templates/preview-draft', { channel: 'sms', version: { bodyFormat: 'text', body: '节'.repeat(60), isMarketing: true }, provider: 'aliyun' })).json() as SmsPreview;
    expect(marketing.text.endsWith('拒收请回复R')).toBe(true);
    // 【sample signature】 + 60 + 拒收请回复R (6): past 70, two parts (with 回T退订 it counted 70, one part).
    expect([marketing.characters, marketing.parts]).toEqual([72, 2]);
  });

  it('sales users preview only with their own customers; finance may not preview', async () => {
    const notHis = await h.customer({ name: '李雷' });
    const his = await h.customer({ name: '韩梅梅', owner: sales.username });
    const content = draft({ subject: '{{customer.displayName}}', body: '<p>x</p>' });
    const refused = await h.call(sales, 'POST', '/api/templates/preview-draft', { ...content, customerId: notHis });
    expect([refused.statusCode, codeOf(refused)]).toEqual([404, 'CUSTOMER_NOT_FOUND']);
    const own = await h.call(sales, 'POST', '/api/templates/preview-draft', { ...content, customerId: his });
    expect([own.statusCode, (own.json() as EmailPreview).subject]).toEqual([200, '韩梅梅']);
    expect((await h.call(finance, 'POST', '/api/templates/preview-draft', content)).statusCode).toBe(403);
  });

  it('the planned estimate equals the saved campaign estimate', async () => {
    const account = await h.smsAccount('aliyun');
    await setPrice(store().db, { accountId: account.id, priceMinor: 7 });
    await topUp(store().db, { accountId: account.id, idempotencyKey: `t-${unique()}`, amountMinor: 30, reference: 'bank-1', operator: 'test' });
    const ids = await Promise.all(['+8613800138011', '+8613800138012'].map((phone) => h.customer({ phone })));
    const noPhone = await h.customer({ email: `n-${unique()}@example.test` });
    const template = await h.template('sms', '您好，'.repeat(30));
    const audience = { customerIds: [...ids, noPhone] };

    const planned = await h.call(marketer, 'POST', '/api/campaigns/estimate', { smsAccount: account.id, templateVersionId: template.versionId, audience });
    expect(planned.statusCode, planned.body).toBe(200);
    const created = (await h.call(marketer, 'POST', '/api/campaigns', { name: `e-${unique()}`, channel: 'sms', smsAccount: account.id, templateVersionId: template.versionId, audience })).json() as { id: number };
    const saved = (await h.call(marketer, 'GET', `/api/campaigns/${created.id}/estimate`)).json() as Record<string, unknown>;
    expect({ ...(planned.json() as object), campaignId: created.id }).toEqual(saved);
    expect(planned.json()).toMatchObject({ recipients: 2, noAddress: 1, priceMinor: 7, balanceMinor: 30, partsPerMessage: 2, costMinor: 28, sufficient: true });

    const email = await h.template('email');
    const wrong = await h.call(marketer, 'POST', '/api/campaigns/estimate', { smsAccount: account.id, templateVersionId: email.versionId });
    expect([wrong.statusCode, codeOf(wrong)]).toEqual([409, 'TEMPLATE_CHANNEL_MISMATCH']);
    expect((await h.call(sales, 'POST', '/api/campaigns/estimate', { smsAccount: account.id, templateVersionId: template.versionId })).statusCode).toBe(403);
  });

  it('the estimate renders each recipient: a long name that adds a part is counted, as the charge will be', async () => {
    const account = await h.smsAccount('aliyun');
    await setPrice(store().db, { accountId: account.id, priceMinor: 7 });
    const short = await h.customer({ name: '李雷', phone: '+8613800138021' });
    const long = await h.customer({ name: '欧阳'.repeat(15), phone: '+8613800138022' });
    const template = await h.template('sms', `您好{{customer.displayName}}，${'祝'.repeat(40)}`);
    const planned = await h.call(marketer, 'POST', '/api/campaigns/estimate', { smsAccount: account.id, templateVersionId: template.versionId, audience: { customerIds: [short, long] } });
    expect(planned.statusCode, planned.body).toBe(200);
    // One part for 李雷, two for the 30-character name: a sample rendering × 2 recipients said 2.
    expect(planned.json()).toMatchObject({ recipients: 2, parts: 3, partsPerMessage: 2, exact: true, costMinor: 21 });
  });

  it('test send: SMS templates and unknown templates are refused; sales may not test-send', async () => {
    const sms = await h.template('sms');
    const refused = await h.call(marketer, 'POST', `/api/templates/${sms.id}/test-send`, { to: 'someone@example.test' });
    expect([refused.statusCode, codeOf(refused)]).toEqual([409, 'TEMPLATE_CHANNEL_MISMATCH']);
    expect(codeOf(await h.call(marketer, 'POST', '/api/templates/99999999/test-send', { to: 'someone@example.test' }))).toBe('NOT_FOUND');
    const email = await h.template('email');
    const badAddress = await h.call(marketer, 'POST', `/api/templates/${email.id}/test-send`, { to: 'not an address' });
    expect([badAddress.statusCode, codeOf(badAddress)]).toEqual([400, 'VALIDATION_FAILED']);
    expect((await h.call(sales, 'POST', `/api/templates/${email.id}/test-send`, { to: 'someone@example.test' })).statusCode).toBe(403);
  });
});
