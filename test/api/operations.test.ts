import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildApi, recordHeartbeat } from '../../src/http/index.js';
import { describeStoreContract } from '../helpers/store-contract.js';
import { bearer, LogSink, makeContext, signIn, userWithToken } from './api.fixture.js';

/** Inserts a template → version → campaign → customer chain and outbox rows in the given states. */
async function seedOutbox(app: FastifyInstance, store: Parameters<typeof makeContext>[0], rows: readonly { state: string; channel: 'email' | 'sms' }[]) {
  const now = Date.now();
  const suffix = Math.random().toString(36).slice(2);
  const template = await store.db.insertInto('templates').values({ name: `t-${suffix}`, channel: 'email', builtin: null, current_version: 1, created_at: now, updated_at: now } as never).returning('id').executeTakeFirstOrThrow();
  const version = await store.db.insertInto('template_versions').values({ template_id: template.id, version: 1, subject: 's', body_format: 'text', body: 'b', created_at: now } as never).returning('id').executeTakeFirstOrThrow();
  const campaign = await store.db.insertInto('campaigns').values({ name: 'c', channel: 'email', template_version_id: version.id, created_at: now, updated_at: now } as never).returning('id').executeTakeFirstOrThrow();
  let i = 0;
  for (const row of rows) {
    i += 1;
    // One customer per row: the outbox holds one message per campaign, customer and channel.
    const customer = await store.db.insertInto('customers').values({ display_name: `C${i}`, created_at: now, updated_at: now } as never).returning('id').executeTakeFirstOrThrow();
    await store.db
      .insertInto('outbox')
      .values({ campaign_id: campaign.id, customer_id: customer.id, channel: row.channel, address: 'a@example.test', state: row.state, reply_token: `${suffix}-${i}`, created_at: now, updated_at: now } as never)
      .execute();
  }
  void app;
}

describeStoreContract('operations: /metrics, /health, request ids and log hygiene', (store) => {
  let app: FastifyInstance;
  const sink = new LogSink();
  beforeAll(async () => {
    app = await buildApi(makeContext(store(), { LOG_LEVEL: 'info' }, sink));
  });
  afterAll(() => app?.close());

  it('serves Prometheus text with outbox counts, queue depth and SMS wallets read from the store', async () => {
    const { token } = await userWithToken(store(), 'admin');
    await seedOutbox(app, store(), [
      { state: 'sent', channel: 'email' },
      { state: 'sent', channel: 'email' },
      { state: 'queued', channel: 'email' },
      { state: 'failed', channel: 'sms' },
    ]);
    const now = Date.now();
    const account = await store()
      .db.insertInto('sms_accounts')
      .values({ name: `sms-${now}`, provider: 'twilio', credentials_enc: 'x', settings: '{}', currency: 'CNY', time_zone: 'Asia/Shanghai', is_default: 0, created_at: now, updated_at: now } as never)
      .returning('id')
      .executeTakeFirstOrThrow();
    await store().db.insertInto('sms_wallets').values({ sms_account_id: account.id, currency: 'CNY', credited_minor: 12345, balance_minor: 12345, updated_at: now } as never).execute();

    const response = await app.inject({ url: '/metrics', headers: bearer(token) });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = response.body;
    expect(text).toMatch(/^tidings_outbox_messages\{state="sent",channel="email"\} 2$/m);
    expect(text).toMatch(/^tidings_outbox_messages\{state="queued",channel="email"\} 1$/m);
    expect(text).toMatch(/^tidings_outbox_messages\{state="failed",channel="sms"\} 1$/m);
    // The contract store is shared by the file: other rows may be waiting too, never fewer than ours.
    expect(Number(/^tidings_queue_depth\{channel="email"\} (\d+)$/m.exec(text)?.[1])).toBeGreaterThanOrEqual(1);
    expect(text).toMatch(new RegExp(`^tidings_sms_balance_minor\\{account="sms:${account.id}",currency="CNY"\\} 12345$`, 'm'));
    expect(text).toMatch(new RegExp(`^tidings_sms_reservations_held\\{account="sms:${account.id}"\\} 0$`, 'm'));
    // Counted by the code that sends (test/api/metrics.int.test.ts sends for real); declared from the start.
    expect(text).toMatch(/^# TYPE tidings_messages_total counter$/m);
    expect(text).toMatch(/^# TYPE tidings_inbox_poller_lag_seconds gauge$/m);
    // Not prom-client's default process metrics: our registry only.
    expect(text).not.toMatch(/^process_cpu/m);
  });

  it('/metrics needs metrics:read', async () => {
    expect((await app.inject({ url: '/metrics' })).statusCode).toBe(401);
    const { token } = await userWithToken(store(), 'finance');
    expect((await app.inject({ url: '/metrics', headers: bearer(token) })).statusCode).toBe(403);
  });

  it('/health lists workers seen, marking old heartbeats stale', async () => {
    const now = Date.now();
    await recordHeartbeat(store(), { workerId: 'send:host-a:1', kind: 'send', host: 'host-a', pid: 1 }, now - 5_000);
    await recordHeartbeat(store(), { workerId: 'send:host-a:1', kind: 'send', host: 'host-a', pid: 1 }, now);
    await recordHeartbeat(store(), { workerId: 'inbox:host-b:2', kind: 'inbox-poller', host: 'host-b', pid: 2 }, now - 10 * 60_000);
    const response = await app.inject({ url: '/health' });
    expect(response.statusCode).toBe(200);
    const body = response.json() as { status: string; queue: unknown; workers: { alive: number; seen: { workerId: string; stale: boolean; seenAt: number }[] } };
    expect(body.status).toBe('ok');
    expect(body.queue).toEqual({ mode: 'in-process', ok: true });
    expect(body.workers.alive).toBe(1);
    expect(body.workers.seen).toEqual([
      expect.objectContaining({ workerId: 'send:host-a:1', stale: false, seenAt: now }),
      expect.objectContaining({ workerId: 'inbox:host-b:2', stale: true }),
    ]);
  });

  it('keeps a well-formed x-request-id, replaces a malformed one, and echoes it', async () => {
    const kept = await app.inject({ url: '/health', headers: { 'x-request-id': 'lb-1234abcd' } });
    expect(kept.headers['x-request-id']).toBe('lb-1234abcd');
    const replaced = await app.inject({ url: '/health', headers: { 'x-request-id': 'bad id\r\nx' } });
    expect(replaced.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(sink.lines.some((line) => (JSON.parse(line) as { requestId?: string }).requestId === 'lb-1234abcd')).toBe(true);
  });

  it('never logs a bearer token, a session cookie, a password or a CSRF token', async () => {
    const { token, username } = await userWithToken(store(), 'admin', { password: true });
    const { cookie, csrf } = await signIn(app, username);
    await app.inject({ url: '/api/auth/me', headers: bearer(token) });
    await app.inject({ url: '/api/auth/me?token=zzz', headers: { cookie } });
    await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password: 'the-wrong-password-123' } });
    const created = await app.inject({ method: 'POST', url: '/api/tokens', headers: bearer(token), payload: { userId: 1, name: 'logged?' } });
    const newToken = (created.json() as { token: string }).token;
    // Force an error path too: a 500 is logged with the error, never with request headers.
    await app.inject({ method: 'POST', url: '/api/users', headers: { cookie, 'x-csrf-token': csrf }, payload: { username: 'x', role: 'readonly', password: 'secret-password-in-body' } });
    const logged = sink.lines.join('\n');
    expect(sink.lines.length).toBeGreaterThan(5);
    for (const secret of [token, cookie.split('=')[1]!, csrf, 'the-wrong-password-123', 'secret-password-in-body', newToken]) {
      expect(logged).not.toContain(secret);
    }
  });
});
