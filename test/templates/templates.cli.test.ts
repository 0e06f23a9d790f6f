import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runTidings } from '../helpers/cli.js';
import { BUILTIN_TEMPLATES } from '../../src/modules/templates/index.js';

const dir = mkdtempSync(join(tmpdir(), 'tidings-templates-cli-'));
const env = { DATABASE_URL: `sqlite:${join(dir, 'cli.db')}`, TIDINGS_DATA_DIR: dir, LOG_LEVEL: 'silent' };
const fixture = (name: string) => join(import.meta.dirname, '../fixtures/templates', name);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const cli = (argv: string[]) => runTidings(env, argv);

describe('tidings templates', () => {
  it('lists nothing (exit 3) before anything is installed', async () => {
    const { code, out } = await cli(['templates', 'list', '--json']);
    expect(code).toBe(3);
    expect(JSON.parse(out)).toEqual([]);
  });

  it('installs the built-ins and previews one as JSON', async () => {
    const install = await cli(['templates', 'install-builtins', '--json']);
    expect(install.code).toBe(0);
    expect((JSON.parse(install.out) as unknown[]).length).toBe(BUILTIN_TEMPLATES.length);
    const list = JSON.parse((await cli(['templates', 'list', '--channel', 'email', '--json'])).out) as Array<{ name: string }>;
    expect(list.map((t) => t.name)).toContain('handwritten-letter');
    const preview = await cli(['templates', 'preview', 'handwritten-letter', '--strict', '--json']);
    expect(preview.code).toBe(0);
    const result = JSON.parse(preview.out) as { subject: string; html: string; text: string };
    expect(result.subject).toBe('张伟，给您写了一封信');
    expect(result.html).toContain('尊敬的张先生：');
    expect(result.text).toContain('尊敬的张先生：');
  });

  it('creates from an MJML file, adds a version, shows both', async () => {
    const created = await cli(['templates', 'create', 'welcome', '--mjml', fixture('welcome.mjml'), '--subject', '欢迎 {{customer.displayName}}', '--json']);
    expect(created.code).toBe(0);
    expect(JSON.parse(created.out)).toMatchObject({ name: 'welcome', version: 1 });
    const added = await cli(['templates', 'add-version', 'welcome', '--text', fixture('points.sms.txt'), '--subject', 'v2', '--json']);
    expect(JSON.parse(added.out)).toMatchObject({ version: 2 });
    const shown = JSON.parse((await cli(['templates', 'show', 'welcome', '--ver', '1', '--json'])).out) as { currentVersion: number; versions: unknown[]; shown: { body: string } };
    expect(shown.currentVersion).toBe(2);
    expect(shown.versions).toHaveLength(2);
    expect(shown.shown.body).toContain('<mj-text>{{greeting}}</mj-text>');
  });

  it('reports an unknown field with its line and exits 1', async () => {
    const { code, err } = await cli(['templates', 'create', 'broken', '--mjml', fixture('broken.mjml'), '--subject', 'x']);
    expect(code).toBe(1);
    expect(err).toContain('error TEMPLATE_UNKNOWN_FIELD');
    expect(err).toContain('customer.compnay (body line 6)');
  });

  it('previews an SMS template with its character count, failing strictly on a custom field the sample lacks', async () => {
    expect((await cli(['templates', 'create', 'points', '--channel', 'sms', '--text', fixture('points.sms.txt'), '--json'])).code).toBe(0);
    const preview = JSON.parse((await cli(['templates', 'preview', 'points', '--provider', 'aliyun', '--json'])).out) as { text: string; characters: number; parts: number };
    // Counted as Aliyun sends it: with Aliyun's opt-out line.
    expect(preview.text).toBe('尊敬的张先生：您的会员积分：拒收请回复R');
    expect(preview).toMatchObject({ characters: 20, parts: 1 });
    const strict = await cli(['templates', 'preview', 'points', '--strict']);
    expect(strict.code).toBe(1);
    expect(strict.err).toContain('customer.custom.points (body line 1)');
  });

  it('creates an SMS template with a Chinese and an English variant, shows both and previews the default', async () => {
    const zh = join(dir, 'greet.zh.txt');
    writeFileSync(zh, '{{greeting}}新春快乐！');
    const variants = join(dir, 'greet.variants.json');
    writeFileSync(variants, JSON.stringify([{ language: 'en', body: '{{greeting}} Happy new year!' }]));
    expect((await cli(['templates', 'create', 'greet', '--channel', 'sms', '--text', zh, '--language', 'zh-CN', '--variants', variants, '--json'])).code).toBe(0);
    const shown = JSON.parse((await cli(['templates', 'show', 'greet', '--json'])).out) as { shown: { language: string; variants: Array<{ language: string; body: string }> } };
    expect(shown.shown.language).toBe('zh-CN');
    expect(shown.shown.variants).toEqual([expect.objectContaining({ language: 'en', body: '{{greeting}} Happy new year!' })]);
    const preview = JSON.parse((await cli(['templates', 'preview', 'greet', '--json'])).out) as { language: string; chain: string; text: string };
    expect(preview).toMatchObject({ language: 'zh-CN', chain: 'zh-CN ✓', text: '尊敬的张先生：新春快乐！回T退订' });
    writeFileSync(variants, JSON.stringify([{ language: 'zh-cn', body: 'x' }]));
    const duplicate = await cli(['templates', 'add-version', 'greet', '--text', zh, '--language', 'zh-CN', '--variants', variants]);
    expect(duplicate.code).toBe(1);
    expect(duplicate.err).toContain('TEMPLATE_LANGUAGE_DUPLICATE');
  });
});
