import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeStoreContract } from '../../helpers/store-contract.js';
import { codeOf, routesHarness, type Caller, type RoutesHarness } from './routes.fixture.js';

describeStoreContract('template version route', (store) => {
  let h: RoutesHarness;
  let marketer: Caller;
  let readonly: Caller;
  beforeAll(async () => {
    h = await routesHarness(store());
    [marketer, readonly] = await Promise.all([h.caller('marketer'), h.caller('readonly')]);
  });
  afterAll(() => h?.app.close());

  it('names the template and number of a version id; an unknown id is 404 NOT_FOUND', async () => {
    const name = `notice-${randomBytes(4).toString('hex')}`;
    const created = await h.call(marketer, 'POST', '/api/templates', { name, channel: 'email', version: { subject: 'Hi', bodyFormat: 'text', body: 'One', isMarketing: false } });
    expect(created.statusCode, created.body).toBe(201);
    const template = created.json() as { id: number; versions: { id: number }[] };
    const v2 = await h.call(marketer, 'POST', `/api/templates/${template.id}/versions`, { subject: 'Hi', bodyFormat: 'text', body: 'Two' });
    expect(v2.statusCode, v2.body).toBe(201);
    const v2Id = (v2.json() as { id: number }).id;

    const first = await h.call(readonly, 'GET', `/api/template-versions/${template.versions[0]!.id}`);
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json()).toEqual({ id: template.versions[0]!.id, version: 1, templateId: template.id, templateName: name, channel: 'email', current: false, languages: ['en'] });
    expect((await h.call(readonly, 'GET', `/api/template-versions/${v2Id}`)).json()).toMatchObject({ version: 2, templateName: name, current: true });

    const missing = await h.call(readonly, 'GET', `/api/template-versions/${v2Id + 1000}`);
    expect([missing.statusCode, codeOf(missing)]).toEqual([404, 'NOT_FOUND']);
  });
});
