import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli, type CliIo } from '../../src/cli/index.js';

const dir = mkdtempSync(join(tmpdir(), 'tidings-cli-customers-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const env = { DATABASE_URL: `sqlite:${join(dir, 'cli.db')}`, TIDINGS_DATA_DIR: dir, LOG_LEVEL: 'silent' };

async function cli(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string; json: () => any }> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  stdout.on('data', (c: Buffer) => out.push(c));
  stderr.on('data', (c: Buffer) => err.push(c));
  const io: CliIo = { stdout, stderr, env, stdin: new PassThrough() };
  const code = await runCli(argv, io);
  // runCli reads process.exitCode for "nothing found"; do not leak it into the next call.
  process.exitCode = undefined;
  const text = Buffer.concat(out).toString();
  return { code, stdout: text, stderr: Buffer.concat(err).toString(), json: () => JSON.parse(text) };
}

describe('tidings customers / groups / suppress', () => {
  it('adds, shows, searches, edits, locks and deletes customers', async () => {
    expect((await cli('customers', 'field', 'add', 'city', 'text', '--label', '城市', '--json')).json()).toMatchObject({ name: 'city', type: 'text' });
    const added = await cli('customers', 'add', '--name', '欧阳娜娜', '--email', 'nana@cli.test', '--phone', '13800138000', '--custom', 'city=遵义', '--title', '女士', '--json');
    expect(added.code).toBe(0);
    const id = added.json().id as number;
    expect(added.json()).toMatchObject({ familyName: '欧阳', phones: ['+8613800138000'], custom: { city: '遵义' } });
    expect((await cli('customers', 'show', 'nana@cli.test', '--json')).json().id).toBe(id);
    expect((await cli('customers', 'show', '13800138000')).stdout).toContain('name: 欧阳娜娜');
    expect((await cli('customers', 'search', 'oynn', '--json')).json().items[0].id).toBe(id);
    const none = await cli('customers', 'search', 'nobody-at-all', '--json');
    expect(none.code).toBe(3);
    expect((await cli('customers', 'edit', String(id), '--lock', '--owner', 'li', '--json')).json()).toMatchObject({ locked: true, owner: 'li' });
    const refused = await cli('customers', 'delete', String(id));
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('error CUSTOMER_LOCKED');
    await cli('customers', 'edit', String(id), '--unlock');
    expect((await cli('customers', 'delete', String(id), '--json')).json()).toEqual({ deleted: id });
    const bad = await cli('customers', 'add', '--name', 'X', '--email', 'not-an-email');
    expect(bad.stderr).toContain('error CUSTOMER_INVALID: emails.0');
  });

  it('manages groups, membership and saved filters, and previews an audience', async () => {
    const root = (await cli('groups', 'add', '客户', '--json')).json();
    const sub = (await cli('groups', 'add', '遵义', '--parent', '客户', '--json')).json();
    expect(sub.path).toBe('客户/遵义');
    const c = (await cli('customers', 'add', '--name', 'Alex Smith', '--email', 'alex@cli.test', '--json')).json();
    expect((await cli('customers', 'group', 'add', String(c.id), '客户/遵义', '--json')).json()).toMatchObject({ changed: true });
    expect((await cli('groups', 'members', String(root.id), '--json')).json().items.map((i: { id: number }) => i.id)).toEqual([c.id]);
    const saved = (await cli('groups', 'add', 'has-email', '--filter', '{"field":"email","op":"exists"}', '--json')).json();
    expect(saved.kind).toBe('filter');
    const badFilter = await cli('groups', 'add', 'broken', '--filter', '{"field":"email","op":"maybe"}');
    expect(badFilter.stderr).toContain('error CUSTOMER_FILTER_INVALID');
    expect((await cli('groups', 'list', '--json')).json().map((g: { path: string }) => g.path)).toEqual(expect.arrayContaining(['客户', '客户/遵义', 'has-email']));
    await cli('suppress', 'add', 'cli.test', '--domain', '--json');
    expect((await cli('customers', 'preview', '--channel', 'email', '--json')).json()).toMatchObject({ reachable: 0, suppressed: 1 });
    expect((await cli('suppress', 'list', '--channel', 'email', '--json')).json()[0]).toMatchObject({ scope: 'domain', value: 'cli.test' });
    expect((await cli('suppress', 'remove', 'cli.test', '--domain', '--json')).json()).toMatchObject({ removed: true });
    expect((await cli('customers', 'preview', '--group', 'has-email', '--json')).json()).toMatchObject({ total: 1, reachable: 1 });
    expect((await cli('customers', 'group', 'remove', String(c.id), String(sub.id), '--json')).json()).toMatchObject({ changed: true });
    expect((await cli('groups', 'remove', '客户', '--json')).json()).toMatchObject({ removed: root.id });
  });

  it('imports with an error report file and exports with a BOM', async () => {
    const csv = join(dir, 'in.csv');
    writeFileSync(csv, '姓名,手机,邮箱,生日,备注\n张伟,13900000001,zw@imp.test,1990-01-01,=1+1\n,13900000002,x@imp.test,,\n李娜,12345,ln@imp.test,,\n');
    const errorsFile = join(dir, 'errors.csv');
    const result = await cli('customers', 'import', csv, '--errors-file', errorsFile, '--max-errors', '1', '--json');
    expect(result.json()).toMatchObject({ imported: 1, failed: 2, errorsTruncated: true });
    expect(result.json().errors).toHaveLength(1);
    const report = readFileSync(errorsFile, 'utf8');
    expect(report).toContain('3,姓名,a name is required');
    expect(report).toContain('4,手机');
    const out = join(dir, 'out.csv');
    expect((await cli('customers', 'export', out, '--bom', '--json')).json()).toMatchObject({ exported: expect.any(Number) });
    const exported = readFileSync(out, 'utf8');
    expect(exported.startsWith('\uFEFF')).toBe(true);
    expect(exported).toContain("'=1+1");
    expect(exported).toContain("'+8613900000001");
    const stdout = await cli('customers', 'export');
    expect(stdout.stdout.split('\r\n')[0]).toMatch(/^id,name,family_name/);
  });
});
