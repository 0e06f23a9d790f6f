// Issue "journeys", items 5 and 6: SMS accounts can be edited (secrets never returned, blank keeps
// them) and send a test message billed like any; a sandbox account needs no cloud account.
import { expect, it } from 'vitest';
import { describeStoreContract } from '../../helpers/store-contract.js';
import { useLiveApi } from '../../security/harness.js';
import { waitFor } from '../../helpers/wait.js';
import { suppress } from '../../../src/modules/customers/index.js';

describeStoreContract('SMS account edit, test message and sandbox outbox over HTTP', (store) => {
  const live = useLiveApi(store);

  it('edits a Twilio account: blank secrets are kept, never returned; a new server address needs them typed again', async () => {
    const api = live();
    const admin = await api.actor('admin');
    const created = await api.request('POST', '/api/sms-accounts', {
      actor: admin,
      body: { provider: 'twilio', name: `tw-${Date.now()}`, credentials: { accountSid: `AC${'1'.repeat(32)}`, authToken: 'secret-token-1' }, senderId: '+15005550006' },
    });
    expect(created.status, created.text).toBe(201);
    const id = (created.body as { id: number }).id;
    const edited = await api.request('PATCH', `/api/sms-accounts/${id}`, { actor: admin, body: { credentials: { authToken: '' }, signature: 'Tidings', senderId: null } });
    expect(edited.status, edited.text).toBe(200);
    expect(edited.body).toMatchObject({ signature: '【Tidings】', senderId: null, credentials: { accountSid: '••••', authToken: '••••' } });
    expect(edited.text).not.toContain('secret-token-1');
    const moved = await api.request('PATCH', `/api/sms-accounts/${id}`, { actor: admin, body: { settings: { apiBaseUrl: 'https://api.example.test' } } });
    expect(moved.status).toBe(400);
    expect(moved.body).toMatchObject({ error: { code: 'VALIDATION_FAILED' } });
  });

  it('a sandbox account sends a test message: billed at ¥0.045 a part, listed in its SMS outbox, delivered', async () => {
    const api = live();
    const admin = await api.actor('admin');
    const name = `sbx-${Date.now()}`;
    const created = await api.request('POST', '/api/sms-accounts', { actor: admin, body: { provider: 'sandbox', name, signature: '某某公司' } });
    expect(created.status, created.text).toBe(201);
    const id = (created.body as { id: number }).id;
    expect((await api.request('POST', `/api/wallet/${name}/topups`, { actor: admin, headers: { 'idempotency-key': 'seed' }, body: { amountMinor: 10_000, reference: 'seed' } })).status).toBe(201);
    expect((await api.request('POST', `/api/wallet/${name}/prices`, { actor: admin, body: { priceMinor: 45 } })).status).toBe(201);

    const text = '您'.repeat(70);
    const sent = await api.request('POST', `/api/sms-accounts/${id}/test-message`, { actor: admin, body: { to: '138 0013 8000', text } });
    expect(sent.status, sent.text).toBe(200);
    // 【某某公司】 (6) + 70 = 76 characters: two UCS-2 parts, the signature counted once.
    expect(sent.body).toMatchObject({ to: '+8613800138000', text: `【某某公司】${text}`, parts: 2, priceMinor: 45, costMinor: 90, balanceMinor: 9_910 });

    const outbox = await api.request('GET', `/api/wallet/${name}/sandbox-messages`, { actor: admin });
    expect(outbox.body).toMatchObject({ items: [{ to: '+8613800138000', text: `【某某公司】${text}`, parts: 2 }] });
    await waitFor(async () => ((await api.request('GET', `/api/wallet/${name}/sandbox-messages`, { actor: admin })).body as { items: { status: string }[] }).items[0]?.status === 'delivered', { timeoutMs: 20_000, what: 'the sandbox receipt' });
    const lines = await api.request('GET', `/api/wallet/${name}/ledger/lines`, { actor: admin });
    expect(lines.body).toMatchObject({ items: [{ state: 'charged', amountMinor: 90, reservedParts: 2, chargedParts: 2 }, { kind: 'credit', amountMinor: 10_000 }] });

    // A number that opted out gets no test message either, and nothing is booked.
    await suppress(store().db, { channel: 'sms', value: '+8613800138001', scope: 'address', reason: 'sms-keyword', detail: null });
    const refused = await api.request('POST', `/api/sms-accounts/${id}/test-message`, { actor: admin, body: { to: '138 0013 8001', text: 'hi' } });
    expect([refused.status, refused.text]).toEqual([422, expect.stringContaining('SEND_SMS_SUPPRESSED')]);
    expect(((await api.request('GET', `/api/wallet/${name}/ledger/lines`, { actor: admin })).body as { items: unknown[] }).items).toHaveLength(2);
  });
});
