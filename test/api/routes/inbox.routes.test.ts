import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { importMessages, inboxSettings } from '../../../src/modules/inbox/index.js';
import { describeStoreContract } from '../../helpers/store-contract.js';
import { codeOf, routesHarness, type Caller, type RoutesHarness } from './routes.fixture.js';

const unique = () => randomBytes(4).toString('hex');

/** A reply as a mail client would send it, with HTML that must not reach a browser as sent. */
const eml = (from: string, subject: string) =>
  Buffer.from(
    [
      `From: Customer <${from}>`,
      'To: sales@example.test',
      `Subject: ${subject}`,
      `Message-ID: <${unique()}@example.test>`,
      'Date: Tue, 02 Mar 2027 10:00:00 +0800',
      'MIME-Version: 1.0',
      'Content-Type: multipart/alternative; boundary="b"',
      '',
      '--b',
      'Content-Type: text/plain; charset=utf-8',
      '',
      'Thanks, interested!',
      '--b',
      'Content-Type: text/html; charset=utf-8',
      '',
      '<p onclick="steal()">Thanks, <b>interested</b>!</p><script>alert(1)</script><img src="https://tracker.example/p.gif">',
      '--b--',
      '',
    ].join('\r\n'),
  );

describeStoreContract('inbox routes', (store) => {
  let h: RoutesHarness;
  let admin: Caller;
  let marketer: Caller;
  let sales: Caller;
  let otherSales: Caller;
  let finance: Caller;
  let customerId: number;
  let filedId: number;
  let unfiledId: number;
  beforeAll(async () => {
    h = await routesHarness(store());
    [admin, marketer, sales, otherSales, finance] = await Promise.all([h.caller('admin'), h.caller('marketer'), h.caller('sales'), h.caller('sales'), h.caller('finance')]);
    const address = `reply.${unique()}@example.test`;
    customerId = ((await h.call(sales, 'POST', '/api/customers', { name: 'Replying Customer', emails: [address] })).json() as { id: number }).id;
    const settings = inboxSettings(h.context.config);
    await importMessages(store().db, eml(address, 'Re: spring offer'), settings);
    await importMessages(store().db, eml(`stranger.${unique()}@example.test`, 'Who are you'), settings);
    const unfiled = (await h.call(marketer, 'GET', '/api/inbox/unfiled')).json() as { id: number; subject: string }[];
    unfiledId = unfiled.find((m) => m.subject === 'Who are you')!.id;
    const timeline = (await h.call(sales, 'GET', `/api/customers/${customerId}/timeline`)).json() as { id: number; direction: string }[];
    filedId = timeline.find((e) => e.direction === 'in')!.id;
  });
  afterAll(() => h?.app.close());

  it('files a reply from a known address to the customer: timeline and sanitised detail', async () => {
    const timeline = (await h.call(marketer, 'GET', `/api/customers/${customerId}/timeline`)).json();
    expect(timeline).toEqual([expect.objectContaining({ direction: 'in', status: 'reply', subject: 'Re: spring offer', channel: 'email' })]);
    const detail = await h.call(sales, 'GET', `/api/inbox/messages/${filedId}`);
    expect(detail.statusCode, detail.body).toBe(200);
    const message = detail.json() as { html: string; text: string; customerId: number; kind: string; from: { address: string } };
    expect(message).toMatchObject({ customerId, kind: 'reply', text: expect.stringContaining('interested') });
    expect(message.html).toContain('interested');
    expect(message.html).not.toMatch(/<script|onclick|tracker\.example/i);
  });

  it('unfiled list and assigning by hand', async () => {
    const unfiled = (await h.call(marketer, 'GET', '/api/inbox/unfiled?limit=10')).json() as { id: number }[];
    expect(unfiled.map((m) => m.id)).toEqual([unfiledId]);
    expect(codeOf(await h.call(marketer, 'POST', `/api/inbox/messages/${unfiledId}/assign`, { customerId }))).toBe('AUTH_FORBIDDEN');
    const missing = await h.call(admin, 'POST', `/api/inbox/messages/${unfiledId}/assign`, { customerId: 99999999 });
    expect([missing.statusCode, codeOf(missing)]).toEqual([404, 'NOT_FOUND']);
    const assigned = await h.call(admin, 'POST', `/api/inbox/messages/${unfiledId}/assign`, { customerId });
    expect(assigned.json()).toEqual({ id: unfiledId, customerId });
    expect((await h.call(marketer, 'GET', '/api/inbox/unfiled')).json()).toEqual([]);
    expect(((await h.call(sales, 'GET', `/api/customers/${customerId}/timeline`)).json() as unknown[]).length).toBe(2);
  });

  it('sales read only messages of their own customers; unfiled ones are not theirs', async () => {
    const theirs = await h.call(otherSales, 'GET', `/api/inbox/messages/${filedId}`);
    expect([theirs.statusCode, codeOf(theirs)]).toEqual([404, 'NOT_FOUND']);
    expect(codeOf(await h.call(otherSales, 'GET', '/api/inbox/unfiled'))).toBe('AUTH_FORBIDDEN');
    expect(codeOf(await h.call(finance, 'GET', `/api/inbox/messages/${filedId}`))).toBe('AUTH_FORBIDDEN');
  });

  it('raw source: admins only, as received', async () => {
    const raw = await h.call(admin, 'GET', `/api/inbox/messages/${filedId}/raw`);
    expect(raw.statusCode).toBe(200);
    expect(raw.headers['content-type']).toBe('message/rfc822');
    expect(raw.headers['content-disposition']).toBe(`attachment; filename="message-${filedId}.eml"`);
    expect(raw.body).toContain('<script>alert(1)</script>');
    expect(codeOf(await h.call(marketer, 'GET', `/api/inbox/messages/${filedId}/raw`))).toBe('AUTH_FORBIDDEN');
    expect(codeOf(await h.call(admin, 'GET', '/api/inbox/messages/99999999/raw'))).toBe('NOT_FOUND');
  });

  it('replies per campaign and validation', async () => {
    expect((await h.call(marketer, 'GET', '/api/inbox/replies')).json()).toEqual([]);
    expect(codeOf(await h.call(marketer, 'GET', '/api/inbox/replies?campaignId=x'))).toBe('VALIDATION_FAILED');
    expect(codeOf(await h.call(admin, 'POST', `/api/inbox/messages/${filedId}/assign`, { customerId: 'one' }))).toBe('VALIDATION_FAILED');
  });
});
