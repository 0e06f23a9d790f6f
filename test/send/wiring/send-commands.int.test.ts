import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { simpleParser } from 'mailparser';
import { expect, it } from 'vitest';
import { createContext } from '../../../src/app/index.js';
import { runCli } from '../../../src/cli/index.js';
import { loadConfig } from '../../../src/app/index.js';
import { createLogger } from '../../../src/platform/logger/index.js';
import { sendServiceFactory } from '../../../src/modules/sending/index.js';
import { describeWithServices } from '../../helpers/services.js';
import { waitUntil } from '../../fixtures/send/harness.js';
import { latestSource } from '../../helpers/mailbox.js';

function io(env: Record<string, string>) {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (c: Buffer) => (out += c.toString()));
  stderr.on('data', (c: Buffer) => (err += c.toString()));
  return { io: { stdout, stderr, env, stdin: new PassThrough() }, out: () => out, err: () => err };
}

const latestText = async (address: string) => (await latestSource(address))?.toString('utf8');

await describeWithServices(['smtp', 'imap'], 'send CLI on the real ports: create by names, tidings send, campaign test-send', () => {
  it('creates scheduled and draft campaigns by template/account name, sends a one-off without unsubscribe headers, and test-sends without a campaign', async () => {
    const run = randomBytes(3).toString('hex');
    const dir = mkdtempSync(join(tmpdir(), 'tidings-send-cmd-'));
    const env = {
      DATABASE_URL: `sqlite:${join(dir, 't.db')}`,
      TIDINGS_DATA_DIR: dir,
      REDIS_URL: '',
      LOG_LEVEL: 'silent',
      TIDINGS_ALLOW_PRIVATE_HOSTS: '127.0.0.1/8,::1',
      SEND_SWEEP_INTERVAL_MS: '200',
    };
    const cli = async (...argv: string[]) => {
      const r = io(env);
      const code = await runCli(argv, r.io);
      if (code !== 0) throw new Error(`tidings ${argv.join(' ')} → ${code}: ${r.err()}`);
      return r.out();
    };
    const sender = `sender-${run}@example.test`;
    await cli('account', 'add', '--name', 'sales', '--email', sender, '--smtp-host', '127.0.0.1', '--smtp-port', '25', '--smtp-security', 'none', '--no-smtp-auth', '--json');
    await cli('templates', 'install-builtins', '--json');
    const customer = `t-${run}-1@example.test`;
    const added = JSON.parse(await cli('customers', 'add', '--name', '张伟', '--title', '先生', '--email', customer, '--json')) as { id: number };

    const scheduled = JSON.parse(
      await cli('campaign', 'create', '--name', 'birthdays', '--template', 'birthday', '--account', 'sales', '--customers', String(added.id), '--schedule', '{"kind":"birthday","time":"09:00"}', '--json'),
    ) as { status: string; schedule: string };
    expect(scheduled).toMatchObject({ status: 'scheduled', schedule: '{"kind":"birthday","time":"09:00"}' });
    const draft = JSON.parse(await cli('campaign', 'create', '--name', 'spring', '--template', 'spring-festival', '--account', 'sales', '--json')) as { status: string };
    expect(draft.status).toBe('draft');

    // One-off: queued by the CLI, sent by a worker (here: an in-process send service).
    const oneoff = JSON.parse(await cli('send', '--account', 'sales', '--customers', String(added.id), '--subject', 'Our meeting', '--text', '{{greeting}}\nSee you Monday.', '--json')) as {
      campaign: { id: number; kind: string };
    };
    expect(oneoff.campaign.kind).toBe('oneoff');
    const context = await createContext({ config: loadConfig(env), logger: createLogger({ level: 'silent' }) });
    const service = (await sendServiceFactory()(context))!;
    await service.start();
    try {
      await waitUntil(async () => JSON.parse(await cli('campaign', 'status', String(oneoff.campaign.id), '--json')).status === 'finished', 15_000, 100);
    } finally {
      await service.stop();
      await context.close();
    }
    let source: string | undefined;
    await waitUntil(async () => (source = await latestText(customer)) !== undefined, 15_000, 100);
    const mail = await simpleParser(source!);
    expect(mail.subject).toBe('Our meeting');
    // Written in English, so greeted in English too (the greeting follows the text's language).
    expect(mail.text).toContain('Dear Mr Zhang,\nSee you Monday.');
    expect(source).not.toMatch(/^List-Unsubscribe/im);

    // Test send: to another address, rendered for the customer, no outbox row anywhere.
    const tester = `t-${run}-tester@example.test`;
    const sent = JSON.parse(await cli('campaign', 'test-send', 'spring-festival', '--to', tester, '--account', 'sales', '--customer', String(added.id), '--json')) as { subject: string };
    expect(sent.subject).toMatch(/^\[TEST\] /);
    let test: string | undefined;
    await waitUntil(async () => (test = await latestText(tester)) !== undefined, 15_000, 100);
    expect((await simpleParser(test!)).text).toContain('尊敬的张先生');
    const list = JSON.parse(await cli('campaign', 'list', '--json')) as { id: number }[];
    expect(list).toHaveLength(3); // the test send created no campaign
  });
});
