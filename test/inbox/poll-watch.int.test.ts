// `tidings inbox poll --watch` is the inbox role alone: with several accounts it watches every one
// of them (it used to stay on the first forever), and SIGTERM ends it cleanly, leases handed back.
import { once } from 'node:events';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { waitUntil } from '../fixtures/send/harness.js';
import { runTidings } from '../helpers/cli.js';
import { deliverLocally, MAILBOX_PASSWORD } from '../helpers/mailbox.js';
import { stop, tidings } from '../helpers/processes.js';
import { describeWithServices } from '../helpers/services.js';

const rand = randomBytes(4).toString('hex');

await describeWithServices(['smtp', 'imap'], 'tidings inbox poll --watch', () => {
  let dataDir: string;
  let env: Record<string, string>;
  beforeAll(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'tidings-watch-'));
    env = { TIDINGS_DATA_DIR: dataDir, TIDINGS_ALLOW_PRIVATE_HOSTS: '127.0.0.1/8,::1', TIDINGS_INBOX_POLL_SECONDS: '1', LOG_LEVEL: 'warn' };
  });
  afterAll(() => {
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  const addAccount = async (name: string) => {
    const address = `t-${rand}-${name}@example.test`;
    const added = await runTidings(
      env,
      ['account', 'add', '--email', address, '--name', `${name}-${rand}`, '--offline', '--incoming', 'imap', '--imap-host', '127.0.0.1', '--imap-port', '143', '--imap-security', 'starttls',
        '--smtp-host', '127.0.0.1', '--smtp-port', '25', '--smtp-security', 'none', '--no-smtp-auth', '--no-tls-verify', '--password-stdin'],
      `${MAILBOX_PASSWORD}\n`,
    );
    expect(added.code, added.err).toBe(0);
    return address;
  };

  it('files new mail of every account until SIGTERM, then exits 0', async () => {
    const first = await addAccount('first');
    const second = await addAccount('second');
    const watcher = tidings(['inbox', 'poll', '--watch'], env);
    try {
      await deliverLocally({ from: `c-${rand}@example.test`, to: first, subject: `to first ${rand}`, text: 'x' });
      await deliverLocally({ from: `c-${rand}@example.test`, to: second, subject: `to second ${rand}`, text: 'x' });
      // One progress line per poll that saw mail, on stderr: both accounts show up.
      await waitUntil(() => [`first-${rand}: 1 new`, `second-${rand}: 1 new`].every((line) => watcher.stderr().includes(line)), 30_000, 200).catch((error: Error) => {
        throw new Error(`${error.message}; stderr: ${watcher.stderr()}`);
      });
      const exited = once(watcher.child, 'exit');
      watcher.child.kill('SIGTERM');
      const [code] = (await exited) as [number | null];
      expect(code, watcher.stderr()).toBe(0);
    } finally {
      await stop(watcher.child);
    }
    // Both messages are stored, each once, and no lease is left behind.
    const unfiled = await runTidings(env, ['inbox', 'unfiled', '--json']);
    const subjects = (JSON.parse(unfiled.out) as { subject: string }[]).map((m) => m.subject).sort();
    expect(subjects).toEqual([`to first ${rand}`, `to second ${rand}`]);
  }, 90_000);
});
