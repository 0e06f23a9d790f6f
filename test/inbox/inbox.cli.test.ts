import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/index.js';
import { findSuppression } from '../../src/modules/customers/index.js';
import { type Store } from '../../src/platform/db/index.js';
import { openAppStore } from '../../src/app/index.js';
import { seedAccount } from './seed.js';

const FIXTURES = join(import.meta.dirname, '../fixtures/inbox');
let dir: string;
let store: Store;

async function run(argv: string[], stdin = '') {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (c) => (out += c));
  stderr.on('data', (c) => (err += c));
  const input = new PassThrough();
  input.end(stdin);
  process.exitCode = undefined;
  const code = await runCli(argv, { stdout, stderr, stdin: input, env: { DATABASE_URL: join(dir, 't.db'), TIDINGS_DATA_DIR: dir, LOG_LEVEL: 'silent', TIDINGS_ALLOW_PRIVATE_HOSTS: '127.0.0.1/8,::1' } });
  process.exitCode = undefined;
  return { code, out, err };
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tidings-inbox-cli-'));
  store = await openAppStore({ target: { kind: 'sqlite', path: join(dir, 't.db') } });
});
afterAll(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('tidings inbox (CLI)', () => {
  it('classify --json prints exactly source, kind and bounce', async () => {
    const file = join(FIXTURES, 'sisimai/postfix-04.eml');
    const { code, out } = await run(['inbox', 'classify', file, '--json']);
    expect(code).toBe(0);
    expect(JSON.parse(out)).toEqual({
      source: file,
      kind: 'bounce',
      bounce: { type: 'hard', recipient: 'kijitora@example.co.jp', status: '5.1.1', diagnostic: '550 5.1.1 Address rejected kijitora@example.co.jp', reason: 'user-unknown' },
    });
    const reply = await run(['inbox', 'classify', join(FIXTURES, 'samples/autoreply-chinese-subject.eml'), '--json']);
    expect(JSON.parse(reply.out)).toEqual({ source: join(FIXTURES, 'samples/autoreply-chinese-subject.eml'), kind: 'auto-reply' });
  });

  it('classify takes many files, folders (recursive) and an mbox on standard input, one JSON line per message', async () => {
    const folder = join(import.meta.dirname, '../fixtures/bounces/arf');
    const single = join(FIXTURES, 'samples/qq-ndr.eml');
    const mbox = ['From a@b Mon Nov  2 09:00:00 2026', 'From: x@example.test', 'Subject: hello', '', 'one', '', 'From a@b Mon Nov  2 09:00:01 2026', 'From: y@example.test', 'Subject: Automatic reply: hello', '', 'two', ''].join('\n');
    const { code, out, err } = await run(['inbox', 'classify', single, folder, '-', '--json'], mbox);
    expect(code).toBe(0);
    const lines = out.trim().split('\n').map((line) => JSON.parse(line) as { source: string; kind: string; complaint?: { recipient: string | null } });
    expect(lines[0]).toMatchObject({ source: single, kind: 'bounce' });
    const complaints = lines.filter((l) => l.source.startsWith(folder));
    expect(complaints.length).toBeGreaterThanOrEqual(6);
    expect(complaints.every((l) => l.kind === 'complaint')).toBe(true);
    expect(complaints.find((l) => l.source.endsWith('yahoo-abuse.eml'))?.complaint?.recipient).toBe('zhang.min@yahoo.com');
    expect(lines.slice(-2)).toEqual([
      { source: '-#1', kind: 'other' },
      { source: '-#2', kind: 'auto-reply' },
    ]);
    expect(err).toContain(`${lines.length} messages:`);
    // Folders skip the expected-result .json files next to the fixtures.
    expect(lines.some((l) => l.source.endsWith('.json'))).toBe(false);
  });

  it('classify --customers names the customer a bounce belongs to (from its failed recipient)', async () => {
    const now = Date.now();
    const { id } = await store.db.insertInto('customers').values({ display_name: 'Kijitora', created_at: now, updated_at: now } as never).returning('id').executeTakeFirstOrThrow();
    await store.db.insertInto('customer_emails').values({ customer_id: id, email: 'kijitora@example.co.jp', is_primary: 1 } as never).execute();
    const file = join(FIXTURES, 'sisimai/postfix-04.eml');
    const plain = await run(['inbox', 'classify', file, '--json']);
    expect(JSON.parse(plain.out).customerId).toBeUndefined();
    const filed = await run(['inbox', 'classify', file, '--json', '--customers']);
    expect(filed.code).toBe(0);
    expect(JSON.parse(filed.out)).toMatchObject({ kind: 'bounce', customerId: Number(id) });
    const human = await run(['inbox', 'classify', file, '--customers']);
    expect(human.out).toContain(`bounce\thard kijitora@example.co.jp 5.1.1 user-unknown customer ${id}`);
  });

  it('classify says when a path does not exist and exits 3 when it found no message', async () => {
    const missing = await run(['inbox', 'classify', join(dir, 'nope.eml')]);
    expect(missing.code).toBe(1);
    expect(missing.err).toContain('no such file or folder');
    const empty = await run(['inbox', 'classify', '-'], '');
    expect(empty.err).toContain('no messages found');
    expect(empty.code).toBe(3);
  });

  it('poll says how to give a password when none is stored', async () => {
    await seedAccount(store.db, { name: 'nopass', email: 'np@example.test', incoming_protocol: 'pop3', incoming_host: '127.0.0.1', incoming_port: 1, incoming_security: 'none' });
    const { code, err } = await run(['inbox', 'poll', '--account', 'nopass']);
    expect(code).toBe(1);
    expect(err).toContain('error INBOX_PASSWORD_REQUIRED: account nopass has no stored password; pass --password-stdin or store one');
    // With --password-stdin it goes on to connect (nothing listens on port 1).
    const withPassword = await run(['inbox', 'poll', '--account', 'nopass', '--password-stdin'], 'secret\n');
    expect(withPassword.err).toContain('INBOX_CONNECT_FAILED');
    expect(withPassword.err).not.toContain('secret');
  });

  it('unfiled exits 3 when empty; import then unfiled and assign', async () => {
    expect((await run(['inbox', 'unfiled', '--json'])).code).toBe(3);
    const imported = await run(['inbox', 'import', join(FIXTURES, 'samples/other-newsletter.eml'), '--json']);
    expect(JSON.parse(imported.out)[0]).toMatchObject({ messages: 1, stored: 1 });
    const list = JSON.parse((await run(['inbox', 'unfiled', '--json'])).out) as Array<{ id: number }>;
    expect(list).toHaveLength(1);
    const now = Date.now();
    const { id } = await store.db.insertInto('customers').values({ display_name: 'X', created_at: now, updated_at: now } as never).returning('id').executeTakeFirstOrThrow();
    expect((await run(['inbox', 'assign', String(list[0]?.id), String(id)])).code).toBe(0);
    const timeline = JSON.parse((await run(['inbox', 'timeline', String(id), '--json'])).out);
    expect(timeline).toMatchObject([{ direction: 'in', status: 'other', subject: 'Our March newsletter' }]);
    const out = join(dir, 'x.mbox');
    expect(JSON.parse((await run(['inbox', 'export', '--customer', String(id), '--out', out, '--json'])).out)).toMatchObject({ messages: 1 });
  });

  it('import files a forged bounce as unverified; confirm applies it once', async () => {
    const file = join(dir, 'forged.eml');
    writeFileSync(
      file,
      'From: MAILER-DAEMON@mx.attacker.example\r\nSubject: Undelivered Mail Returned to Sender\r\nMessage-ID: <cli-forged@attacker.example>\r\n' +
        'X-Failed-Recipients: vip@client.example\r\n\r\n<vip@client.example>: 550 5.1.1 user unknown\r\n',
    );
    expect((await run(['inbox', 'import', file, '--json'])).code).toBe(0);
    const row = await store.db.selectFrom('inbox_messages').select(['id', 'verification']).where('message_id', '=', '<cli-forged@attacker.example>').executeTakeFirstOrThrow();
    expect(row.verification).toBe('unverified');
    expect(await findSuppression(store.db, 'email', 'vip@client.example')).toBeUndefined();
    const confirmed = await run(['inbox', 'confirm', String(row.id), '--json']);
    expect(confirmed.code).toBe(0);
    expect(JSON.parse(confirmed.out)).toEqual({ id: Number(row.id), verification: 'confirmed', suppressed: ['vip@client.example'] });
    expect(await findSuppression(store.db, 'email', 'vip@client.example')).toMatchObject({ reason: 'hard-bounce' });
    const again = await run(['inbox', 'confirm', String(row.id)]);
    expect(again.code).toBe(1);
    expect(again.err).toContain('INBOX_NOTHING_TO_CONFIRM');
  });
});
