// The inbox role as several processes run it: two poller services on one store (two processes'
// worth of holders) watching several Dovecot mailboxes. Every mailbox is polled, a mailbox added
// while they run is found without a restart, a mailbox that cannot log in backs off without
// holding up the others, and each mailbox has at most one lease at any moment.
import { randomBytes } from 'node:crypto';
import nodemailer from 'nodemailer';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createInboxService } from '../../src/modules/inbox/index.js';
import { SecretBox } from '../../src/platform/crypto/index.js';
import type { Store } from '../../src/platform/db/index.js';
import { createLogger } from '../../src/platform/logger/index.js';
import { LoopRegistry, type Service } from '../../src/platform/runtime/index.js';
import { waitUntil } from '../fixtures/send/harness.js';
import { MAILBOX_PASSWORD } from '../helpers/mailbox.js';
import { describeWithServices, SERVICES } from '../helpers/services.js';
import { makeSqliteStore } from '../helpers/store-contract.js';
import { seedAccount } from './seed.js';

const rand = randomBytes(4).toString('hex');
const addr = (local: string) => `t-${rand}-${local}@example.test`;

await describeWithServices(['smtp', 'imap'], 'inbox role across processes', () => {
  let store: Store;
  const secrets = new SecretBox(randomBytes(32));
  const smtp = nodemailer.createTransport({ host: SERVICES.smtp.host, port: SERVICES.smtp.port, secure: false, ignoreTLS: true });
  beforeAll(async () => {
    store = await makeSqliteStore();
  });
  afterAll(async () => {
    smtp.close();
    await store?.close();
  });

  const mailbox = (local: string, password = MAILBOX_PASSWORD) =>
    seedAccount(store.db, {
      name: `roles-${local}-${rand}`,
      email: addr(local),
      incoming_protocol: 'imap',
      incoming_host: '127.0.0.1',
      incoming_port: 143,
      incoming_security: 'starttls',
      incoming_password_enc: secrets.seal(password),
    });
  const filed = async (accountId: number) => (await store.db.selectFrom('inbox_messages').select('subject').where('account_id', '=', accountId).execute()).map((r) => r.subject);

  it('polls every mailbox, takes on a new one without restart, backs off a failing one, one lease per mailbox', async () => {
    const first = await mailbox('one');
    const second = await mailbox('two');
    const broken = await mailbox('broken', 'not-the-password');
    const registries = [new LoopRegistry(), new LoopRegistry()];
    const services: Service[] = registries.map((registry, i) =>
      createInboxService({
        context: { store, secrets, logger: createLogger({ level: 'silent' }) },
        settings: { pollSeconds: 1, softBounceLimit: 3, leaseSeconds: 30, maxMessageBytes: 1_000_000 },
        holder: `process-${i}`,
        registry,
        reader: { tls: { rejectUnauthorized: false }, guard: { allowPrivateHosts: '127.0.0.1/8,::1' } },
        backoff: { baseMs: 200, maxMs: 1_000, jitter: 0 },
      }),
    );
    // Sampled while the pollers run: who holds each mailbox's lease.
    const holders = new Map<number, Set<string>>();
    const sample = async () => {
      for (const lease of await store.db.selectFrom('inbox_leases').select(['account_id', 'holder']).execute()) {
        const set = holders.get(Number(lease.account_id)) ?? new Set<string>();
        set.add(lease.holder);
        holders.set(Number(lease.account_id), set);
      }
    };
    for (const service of services) await service.start();
    try {
      await smtp.sendMail({ from: addr('customer'), to: addr('one'), subject: `to one ${rand}`, text: 'x' });
      await smtp.sendMail({ from: addr('customer'), to: addr('two'), subject: `to two ${rand}`, text: 'x' });
      await waitUntil(async () => (await sample(), (await filed(first)).length > 0 && (await filed(second)).length > 0), 30_000, 200);

      // Added while the services run: found at their next discovery, no restart.
      const third = await mailbox('three');
      await smtp.sendMail({ from: addr('customer'), to: addr('three'), subject: `to three ${rand}`, text: 'x' });
      await waitUntil(async () => (await sample(), (await filed(third)).length > 0), 30_000, 200);

      expect(await filed(first)).toEqual([`to one ${rand}`]);
      expect(await filed(second)).toEqual([`to two ${rand}`]);
      expect(await filed(third)).toEqual([`to three ${rand}`]);
      // The mailbox that cannot log in is retried with backoff and shown failing in /health,
      // by whichever process holds it, while the others were polled.
      await waitUntil(() => registries.some((r) => (r.summary().inbox?.failures ?? 0) >= 2), 20_000, 100);
      const failing = registries.map((r) => r.summary().inbox).find((s) => (s?.failures ?? 0) >= 2);
      expect(failing).toMatchObject({ ok: false, lastError: 'INBOX_AUTH_FAILED' });
      expect(failing?.retryAt).toBeGreaterThan(0);
      // Each mailbox (the broken one too) was held by one process throughout: the other never
      // took over a live lease, and never polled it alongside.
      await sample();
      expect([...holders.keys()].sort()).toEqual([first, second, broken, third].sort());
      for (const [accountId, set] of holders) expect([...set], `mailbox ${accountId}`).toHaveLength(1);
    } finally {
      for (const service of services) await service.stop();
    }
    // Stopping hands every lease back at once.
    expect(await store.db.selectFrom('inbox_leases').selectAll().execute()).toEqual([]);
  }, 90_000);
});
