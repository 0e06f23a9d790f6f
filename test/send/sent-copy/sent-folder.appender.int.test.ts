import { randomBytes } from 'node:crypto';
import { ImapFlow } from 'imapflow';
import { afterEach, expect, it } from 'vitest';
import { buildRawMessage, SentFolderAppender } from '../../../src/modules/sending/sent-copy/index.js';
import { describeWithServices, SERVICES } from '../../helpers/services.js';
import { waitUntil } from '../../fixtures/send/harness.js';

const settings = (user: string, pass = 'tidings-test') => ({ host: SERVICES.imap.host, port: SERVICES.imap.port, security: 'none' as const, auth: { user, pass } });

async function sentCount(user: string, path: string): Promise<number> {
  const client = new ImapFlow({ ...SERVICES.imap, secure: false, auth: { user, pass: 'tidings-test' }, tls: { rejectUnauthorized: false }, logger: false });
  await client.connect();
  try {
    const status = await client.status(path, { messages: true });
    return status ? (status.messages ?? 0) : 0;
  } finally {
    await client.logout();
  }
}

await describeWithServices(['imap'], 'SentFolderAppender on the local Dovecot', () => {
  const appenders: SentFolderAppender[] = [];
  afterEach(async () => {
    await Promise.all(appenders.splice(0).map((a) => a.close()));
  });

  it('files a burst over one connection, logs out when idle, and reconnects for the next copy', async () => {
    const user = `appender-${randomBytes(3).toString('hex')}@example.test`;
    const appender = new SentFolderAppender({ settings: settings(user), idleMs: 100, guard: { allowPrivateHosts: '127.0.0.1/8,::1' } });
    appenders.push(appender);
    const raw = (i: number) =>
      buildRawMessage({ from: { name: 'A', address: user }, to: 'b@example.test', subject: `copy ${i}`, text: 'x', messageId: `<c${i}.${user}>`, headers: {} });
    // Built first, then handed over in one burst: built on the fly, a message finished more than
    // idleMs after the previous copy was filed (a loaded machine) would find the connection closed.
    const burst = await Promise.all([0, 1, 2, 3, 4].map(raw));
    const placed = await Promise.all(burst.map((message) => appender.append(message)));
    expect(placed.map((p) => p.folder)).toEqual(['Sent', 'Sent', 'Sent', 'Sent', 'Sent']);
    expect(appender.connectionsOpened).toBe(1);
    expect(await sentCount(user, 'Sent')).toBe(5);

    await waitUntil(() => !appender.isOpen, 5_000, 20);
    await appender.append(await raw(5));
    expect(appender.connectionsOpened).toBe(2);
    expect(await sentCount(user, 'Sent')).toBe(6);
  });

  it('reports a refused login as SEND_SENT_COPY_FAILED without the password', async () => {
    const appender = new SentFolderAppender({ settings: settings(`nosuch-${randomBytes(3).toString('hex')}@example.test`, 'secret-pw-123'), guard: { allowPrivateHosts: '127.0.0.1/8,::1' } });
    appenders.push(appender);
    const error = await appender.append(Buffer.from('Subject: x\r\n\r\nx\r\n')).then(
      () => undefined,
      (e: unknown) => e as { code?: string; message: string },
    );
    expect(error?.code).toBe('SEND_SENT_COPY_FAILED');
    expect(error?.message).not.toContain('secret-pw-123');
    expect(appender.isOpen).toBe(false);
  });
});
