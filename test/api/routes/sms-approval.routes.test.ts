// Issue #20: SMS templates and signatures as providers see them, over HTTP, with a sandbox SMS
// account (its reviewer approves at the first sync): submit, sync, the scheduling refusal and its
// lifting, binding a console code, signatures.
import { expect, it } from 'vitest';
import { describeStoreContract } from '../../helpers/store-contract.js';
import { useLiveApi } from '../../security/harness.js';

describeStoreContract('SMS template approval over HTTP (sandbox provider)', (store) => {
  const live = useLiveApi(store);

  it('submit → under review → sync → approved; scheduling is refused until then, with what to do', async () => {
    const api = live();
    const admin = await api.actor('admin');
    const marketer = await api.actor('marketer');
    const name = `sbx-${Date.now()}`;
    const account = await api.request('POST', '/api/sms-accounts', { actor: admin, body: { provider: 'sandbox', name, signature: '示例贸易' } });
    expect(account.status, account.text).toBe(201);
    const accountId = (account.body as { id: number }).id;
    const tpl = await api.request('POST', '/api/templates', {
      actor: marketer,
      body: { name: `回访-${Date.now()}`, channel: 'sms', version: { bodyFormat: 'text', body: '{{customer.displayName}}您好，感谢您的惠顾。', isMarketing: false } },
    });
    expect(tpl.status, tpl.text).toBe(201);
    const template = tpl.body as { id: number; versions: { id: number }[] };
    const versionId = template.versions[0]!.id;

    const before = await api.request('GET', `/api/templates/${template.id}/approvals`, { actor: marketer });
    expect(before.body).toMatchObject({ languages: ['zh-CN'], bindings: [], accounts: expect.arrayContaining([{ id: accountId, name, provider: 'sandbox', reviews: true, placeholders: 'named', marketingVariables: true }]) });
    const verdict = await api.request('GET', `/api/template-approval?templateVersionId=${versionId}&smsAccountId=${accountId}`, { actor: marketer });
    expect(verdict.body).toMatchObject({ status: 'missing', sendable: false, message: expect.stringMatching(/Submit the template for approval/) });

    const campaign = { name: `c-${Date.now()}`, channel: 'sms', smsAccount: accountId, templateVersionId: versionId, audience: {}, schedule: { kind: 'at', at: '2030-02-06T01:00:00Z' } };
    const refused = await api.request('POST', '/api/campaigns', { actor: marketer, body: campaign });
    expect([refused.status, (refused.body as { error: { code: string } }).error.code]).toEqual([409, 'SMS_APPROVAL_REQUIRED']);

    const readonly = await api.actor('readonly');
    expect((await api.request('POST', `/api/templates/${template.id}/approvals`, { actor: readonly, body: { smsAccountId: accountId } })).status).toBe(403);
    const submitted = await api.request('POST', `/api/templates/${template.id}/approvals`, { actor: marketer, body: { smsAccountId: accountId } });
    expect(submitted.status, submitted.text).toBe(200);
    const [binding] = submitted.body as { id: number; status: string; content: string; params: unknown[] }[];
    expect(binding).toMatchObject({ status: 'pending', content: '${displayName}您好，感谢您的惠顾。', params: [{ name: 'displayName', source: '{{customer.displayName}}' }] });
    const stillRefused = await api.request('POST', '/api/campaigns', { actor: marketer, body: campaign });
    expect((stillRefused.body as { error: { message: string } }).error.message).toMatch(/under review/);

    const synced = await api.request('POST', `/api/template-approvals/${binding!.id}/sync`, { actor: marketer });
    expect(synced.body).toMatchObject({ status: 'approved', reason: null });
    const created = await api.request('POST', '/api/campaigns', { actor: marketer, body: campaign });
    expect(created.status, created.text).toBe(201);
    expect(created.body).toMatchObject({ status: 'scheduled' });
    expect((await api.request('GET', `/api/template-approval?templateVersionId=${versionId}&smsAccountId=${accountId}`, { actor: marketer })).body).toMatchObject({ status: 'approved', sendable: true, message: null });
  });

  it('signatures: submit, list, sync all pending; providers that do not review say so', async () => {
    const api = live();
    const admin = await api.actor('admin');
    const account = await api.request('POST', '/api/sms-accounts', { actor: admin, body: { provider: 'sandbox', name: `sig-${Date.now()}` } });
    const id = (account.body as { id: number }).id;
    const submitted = await api.request('POST', `/api/sms-accounts/${id}/signatures`, { actor: admin, body: { name: '【示例商城】', source: 'store', remark: '网店通知' } });
    expect(submitted.body).toMatchObject({ name: '示例商城', status: 'pending' });
    const report = await api.request('POST', '/api/template-approvals/sync', { actor: admin });
    expect(report.body).toMatchObject({ failed: 0 });
    expect((report.body as { changed: number }).changed).toBeGreaterThanOrEqual(1);
    expect((await api.request('GET', `/api/sms-accounts/${id}/signatures`, { actor: admin })).body).toEqual({ reviews: true, signatures: [expect.objectContaining({ name: '示例商城', status: 'approved' })] });

    const twilio = await api.request('POST', '/api/sms-accounts', {
      actor: admin,
      body: { provider: 'twilio', name: `tw-${Date.now()}`, credentials: { accountSid: `AC${'2'.repeat(32)}`, authToken: 'token-2' }, senderId: '+15005550006' },
    });
    const twilioId = (twilio.body as { id: number }).id;
    expect((await api.request('GET', `/api/sms-accounts/${twilioId}/signatures`, { actor: admin })).body).toEqual({ reviews: false, signatures: [] });
    const none = await api.request('POST', `/api/sms-accounts/${twilioId}/signatures`, { actor: admin, body: { name: '示例', remark: 'x' } });
    expect([none.status, (none.body as { error: { code: string } }).error.code]).toEqual([400, 'SMS_APPROVAL_NOT_REVIEWED']);
  });
});
