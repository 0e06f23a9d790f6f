import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runTidings } from '../helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'tidings-sms-approval-cli-'));
const env = { DATABASE_URL: `sqlite:${join(dir, 'cli.db')}`, TIDINGS_DATA_DIR: dir, LOG_LEVEL: 'silent' };
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const cli = (argv: string[], stdin = '') => runTidings(env, argv, stdin);

describe('tidings sms-template (the same services as the web UI)', () => {
  it('submits to a sandbox account (pending), syncs (approved), lists; refuses a conditional text with what to do', async () => {
    expect((await cli(['sms-account', 'add', '--name', 'sbx', '--provider', 'sandbox', '--credentials-stdin', '--json'], '{}')).code).toBe(0);
    const body = join(dir, 'body.txt');
    writeFileSync(body, '{{customer.displayName}}您好，您的订单已发货。');
    expect((await cli(['templates', 'create', '发货通知', '--channel', 'sms', '--text', body, '--no-marketing', '--json'])).code).toBe(0);

    const submitted = await cli(['sms-template', 'submit', '发货通知', '--account', 'sbx', '--json']);
    expect(submitted.code, submitted.err).toBe(0);
    expect(JSON.parse(submitted.out)).toEqual([expect.objectContaining({ status: 'pending', content: '${displayName}您好，您的订单已发货。', language: 'zh-CN' })]);
    const synced = await cli(['sms-template', 'sync', '--json']);
    expect(JSON.parse(synced.out)).toEqual({ checked: 1, changed: 1, failed: 0 });
    const list = await cli(['sms-template', 'list']);
    expect(list.out).toMatch(/approved/);

    writeFileSync(body, '{{#if customer.displayName}}您好{{/if}}');
    expect((await cli(['templates', 'add-version', '发货通知', '--text', body, '--no-marketing', '--json'])).code).toBe(0);
    const refused = await cli(['sms-template', 'submit', '发货通知', '--account', 'sbx']);
    expect(refused.code).not.toBe(0);
    expect(refused.err).toMatch(/TEMPLATE_PROVIDER_UNSUPPORTED|plain merge fields/);
  });
});
