import { randomBytes } from 'node:crypto';
import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Store } from '../../../src/platform/db/index.js';
import { describeWithServices } from '../../helpers/services.js';
import { makeSqliteStore } from '../../helpers/store-contract.js';
import { codeOf, routesHarness, type Caller, type RoutesHarness } from './routes.fixture.js';
import { latestSource } from '../../helpers/mailbox.js';

const PASSWORD = 'tidings-test';

const newest = async (address: string) => (await latestSource(address))?.toString('utf8');

await describeWithServices(['submission', 'imap'], 'POST /api/templates/:id/test-send through the local Postfix', () => {
  let store: Store;
  let h: RoutesHarness;
  let marketer: Caller;
  beforeAll(async () => {
    store = await makeSqliteStore();
    h = await routesHarness(store, { TIDINGS_ALLOW_PRIVATE_HOSTS: '127.0.0.1/8,::1', SEND_SMTP_ALLOW_SELF_SIGNED: '1' });
    marketer = await h.caller('marketer');
  });
  afterAll(async () => {
    await h?.app.close();
    await store?.close();
  });

  it('sends the rendered version for the chosen customer to one address, subject prefixed [TEST], from the default account', async () => {
    const run = randomBytes(4).toString('hex');
    const noAccount = (await h.call(marketer, 'POST', '/api/templates', { name: `t0-${run}`, channel: 'email', version: { subject: 's', bodyFormat: 'text', body: 'x', isMarketing: false } })).json() as { id: number };
    const refused = await h.call(marketer, 'POST', `/api/templates/${noAccount.id}/test-send`, { to: `ts-${run}@example.test` });
    expect([refused.statusCode, codeOf(refused)]).toEqual([400, 'SEND_NO_ACCOUNT']);

    const admin = await h.caller('admin');
    const sender = `sender-${run}@example.test`;
    const account = await h.call(admin, 'POST', '/api/accounts', {
      name: `sender-${run}`,
      email: sender,
      displayName: 'Tidings Test',
      smtp: { host: '127.0.0.1', port: 587, security: 'starttls', username: sender, password: PASSWORD },
      tlsVerify: false,
    });
    expect(account.statusCode, account.body).toBe(201);
    const customer = (await h.call(marketer, 'POST', '/api/customers', { name: '欧阳娜娜', company: '遵义茶业' })).json() as { id: number };
    const template = (await h.call(marketer, 'POST', '/api/templates', {
      name: `t-${run}`,
      channel: 'email',
      version: { subject: '{{customer.displayName}}，新品 {{customer.company}}', bodyFormat: 'html', body: `<p>{{greeting}}</p><p>code ${run}</p>`, isMarketing: false },
    })).json() as { id: number };

    const to = `ts-${run}@example.test`;
    const sent = await h.call(marketer, 'POST', `/api/templates/${template.id}/test-send`, { to, customerId: customer.id });
    expect(sent.statusCode, sent.body).toBe(200);
    expect(sent.json()).toMatchObject({ to, subject: '[TEST] 欧阳娜娜，新品 遵义茶业' });

    await expect.poll(() => newest(to), { timeout: 15_000, interval: 250 }).toContain(run);
    const mail = await simpleParser((await newest(to))!);
    expect(mail.subject).toBe('[TEST] 欧阳娜娜，新品 遵义茶业');
    expect(mail.from?.value[0]?.address).toBe(sender);
    expect(mail.html || '').toContain('欧阳');
    // Nothing of a campaign: no unsubscribe header and no campaign row.
    expect(mail.headerLines.filter((h) => h.key.startsWith('list-'))).toEqual([]);
    expect((await h.call(marketer, 'GET', '/api/campaigns')).json()).toEqual([]);
  });
});
