import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeStoreContract } from '../../helpers/store-contract.js';
import { codeOf, routesHarness, type Caller, type RoutesHarness } from './routes.fixture.js';

const unique = () => randomBytes(4).toString('hex');
type TemplateBody = { id: number; name: string; currentVersion: number; versions: { id: number; version: number; subject: string | null; body: string }[] };

describeStoreContract('template routes', (store) => {
  let h: RoutesHarness;
  let marketer: Caller;
  let sales: Caller;
  let finance: Caller;
  let readonly: Caller;
  beforeAll(async () => {
    h = await routesHarness(store());
    [marketer, sales, finance, readonly] = await Promise.all([h.caller('marketer'), h.caller('sales'), h.caller('finance'), h.caller('readonly')]);
  });
  afterAll(() => h?.app.close());

  const email = (name: string) => ({
    name,
    channel: 'email',
    version: { subject: '{{customer.displayName}}，您好', bodyFormat: 'html', body: '<p>{{greeting}}</p><p>{{customer.company}}</p>', isMarketing: false },
  });

  it('create, add a version, show with versions, list by channel', async () => {
    const name = `news-${unique()}`;
    const created = await h.call(marketer, 'POST', '/api/templates', email(name));
    expect(created.statusCode, created.body).toBe(201);
    const template = created.json() as TemplateBody;
    expect(template).toMatchObject({ name, currentVersion: 1, versions: [{ version: 1 }] });

    const v2 = await h.call(marketer, 'POST', `/api/templates/${template.id}/versions`, { subject: 'V2 {{customer.displayName}}', bodyFormat: 'text', body: 'Hi {{customer.displayName}}' });
    expect(v2.statusCode, v2.body).toBe(201);
    expect(v2.json()).toMatchObject({ version: 2, bodyFormat: 'text' });
    const shown = (await h.call(readonly, 'GET', `/api/templates/${template.id}`)).json() as TemplateBody;
    expect(shown.currentVersion).toBe(2);
    expect(shown.versions.map((v) => v.version)).toEqual([1, 2]);
    expect(shown.versions[1]!.subject).toMatch(/^V2 /);

    const emails = (await h.call(sales, 'GET', '/api/templates?channel=email')).json() as TemplateBody[];
    expect(emails.map((t) => t.name)).toContain(name);
    const sms = (await h.call(sales, 'GET', '/api/templates?channel=sms')).json() as TemplateBody[];
    expect(sms.map((t) => t.name)).not.toContain(name);
    const taken = await h.call(marketer, 'POST', '/api/templates', email(name));
    expect([taken.statusCode, codeOf(taken)]).toEqual([409, 'CONFLICT']);
  });

  it('preview for a sample or a chosen customer; strict mode names the missing value (422); sales only with own customers', async () => {
    const template = (await h.call(marketer, 'POST', '/api/templates', email(`pv-${unique()}`))).json() as TemplateBody;
    const sample = await h.call(readonly, 'POST', `/api/templates/${template.id}/preview`, {});
    expect(sample.statusCode, sample.body).toBe(200);
    expect(sample.json()).toMatchObject({ channel: 'email', templateId: template.id, version: 1 });

    const customer = (await h.call(marketer, 'POST', '/api/customers', { name: '欧阳娜娜', title: '女士', company: '遵义茶业' })).json() as { id: number };
    const forCustomer = (await h.call(marketer, 'POST', `/api/templates/${template.id}/preview`, { customerId: customer.id })).json() as { subject: string; html: string; text: string };
    expect(forCustomer.subject).toBe('欧阳娜娜，您好');
    expect(forCustomer.html).toContain('遵义茶业');
    expect(forCustomer.text).toContain('欧阳');

    const noCompany = (await h.call(marketer, 'POST', '/api/customers', { name: '李雷' })).json() as { id: number };
    const strict = await h.call(marketer, 'POST', `/api/templates/${template.id}/preview`, { customerId: noCompany.id, strict: true });
    expect([strict.statusCode, codeOf(strict)]).toEqual([422, 'TEMPLATE_MISSING_VALUE']);
    expect((await h.call(marketer, 'POST', `/api/templates/${template.id}/preview`, { customerId: noCompany.id })).statusCode).toBe(200);

    const notHis = await h.call(sales, 'POST', `/api/templates/${template.id}/preview`, { customerId: customer.id });
    expect([notHis.statusCode, codeOf(notHis)]).toEqual([404, 'CUSTOMER_NOT_FOUND']);
    const his = (await h.call(sales, 'POST', '/api/customers', { name: '韩梅梅', company: '贵阳' })).json() as { id: number };
    expect((await h.call(sales, 'POST', `/api/templates/${template.id}/preview`, { customerId: his.id })).statusCode).toBe(200);
    expect(codeOf(await h.call(marketer, 'POST', '/api/templates/99999999/preview', {}))).toBe('NOT_FOUND');
  });

  it('SMS preview gives characters and parts for the chosen provider', async () => {
    const body = '{{customer.displayName}}您好，' + '新品上市'.repeat(20);
    const created = await h.call(marketer, 'POST', '/api/templates', { name: `sms-${unique()}`, channel: 'sms', version: { bodyFormat: 'text', body, isMarketing: false } });
    expect(created.statusCode, created.body).toBe(201);
    const { id } = created.json() as TemplateBody;
    const preview = (await h.call(marketer, 'POST', `/api/templates/${id}/preview`, { provider: 'aliyun' })).json() as { channel: string; text: string; characters: number; parts: number; encoding: string; provider: string };
    expect(preview).toMatchObject({ channel: 'sms', provider: 'aliyun', encoding: 'UCS-2' });
    expect(preview.characters).toBe([...preview.text].length);
    expect(preview.parts).toBeGreaterThanOrEqual(2);
    const unknown = (await h.call(marketer, 'POST', `/api/templates/${id}/preview`, {})).json() as { provider: string | null; parts: number | null };
    expect(unknown).toMatchObject({ provider: null, parts: null });
  });

  it('install built-ins is idempotent', async () => {
    const first = (await h.call(marketer, 'POST', '/api/templates/builtins', {})).json() as { action: string }[];
    expect(first.length).toBeGreaterThan(5);
    const second = (await h.call(marketer, 'POST', '/api/templates/builtins', {})).json() as { action: string }[];
    expect(new Set(second.map((r) => r.action))).toEqual(new Set(['unchanged']));
  });

  it('denied roles and invalid content get 4xx with codes', async () => {
    expect(codeOf(await h.call(finance, 'GET', '/api/templates'))).toBe('AUTH_FORBIDDEN');
    expect(codeOf(await h.call(sales, 'POST', '/api/templates', email('x')))).toBe('AUTH_FORBIDDEN');
    const cases: [unknown, number, string][] = [
      [{ ...email('crlf'), version: { ...email('crlf').version, subject: 'a\r\nBcc: x@example.test' } }, 400, 'VALIDATION_FAILED'],
      [{ ...email('path'), version: { ...email('path').version, attachments: [{ filename: 'p', contentType: 'text/plain', path: '/etc/passwd' }] } }, 400, 'VALIDATION_FAILED'],
      [{ ...email('nosubject'), version: { bodyFormat: 'html', body: '<p>x</p>' } }, 400, 'VALIDATION_FAILED'],
      [{ ...email('mjml'), version: { subject: 's', bodyFormat: 'mjml', body: '<mjml><mj-body><mj-section><mj-column><mj-bogus>x</mj-bogus></mj-column></mj-section></mj-body></mjml>' } }, 422, 'TEMPLATE_MJML_INVALID'],
      [{ ...email('tag'), version: { subject: 's', bodyFormat: 'html', body: '<p>{{#if}}</p>' } }, 422, 'TEMPLATE_SYNTAX_INVALID'],
      [{ name: 'smshtml', channel: 'sms', version: { bodyFormat: 'html', body: '<p>x</p>' } }, 409, 'TEMPLATE_CHANNEL_MISMATCH'],
    ];
    for (const [body, status, code] of cases) {
      const response = await h.call(marketer, 'POST', '/api/templates', body);
      expect([response.statusCode, codeOf(response)], `${JSON.stringify(body).slice(0, 120)} → ${response.body.slice(0, 200)}`).toEqual([status, code]);
    }
  });
});
