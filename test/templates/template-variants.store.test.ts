import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { createLogger } from '../../src/platform/logger/index.js';
import { applyMigrations, type Store } from '../../src/platform/db/index.js';
import { ALL_MIGRATIONS, openAppStore } from '../../src/app/index.js';
import { updateCompanyProfile } from '../../src/modules/company/index.js';
import { installBuiltins, renderPreview, TemplateRenderer, TemplateRepository } from '../../src/modules/templates/index.js';
import { POSTGRES_URL } from '../helpers/services.js';
import { describeStoreContract } from '../helpers/store-contract.js';

const logger = createLogger({ level: 'silent' });
const unique = (prefix: string) => `${prefix}-${randomBytes(4).toString('hex')}`;

describeStoreContract('template language variants', (store) => {
  it('round-trips a version with zh-CN and en variants and renders each customer their own', async () => {
    const { db } = store();
    const repo = new TemplateRepository({ db });
    const name = unique('bilingual');
    const { version } = await repo.create({
      name,
      channel: 'email',
      version: {
        language: 'zh-CN',
        subject: '新春快乐 {{customer.displayName}}',
        bodyFormat: 'html',
        body: '<p>{{greeting}}新春快乐！</p>',
        variants: [{ language: 'en_gb', subject: 'Happy new year {{customer.displayName}}', body: '<p>{{greeting}} Happy new year!</p>' }],
      },
    });
    const variants = (await repo.listVariants([version.id])).get(Number(version.id)) ?? [];
    expect(variants.map((v) => ({ language: v.language, position: v.position, is_default: v.is_default, subject: v.subject }))).toEqual([
      { language: 'zh-CN', position: 0, is_default: 1, subject: '新春快乐 {{customer.displayName}}' },
      { language: 'en-GB', position: 1, is_default: 0, subject: 'Happy new year {{customer.displayName}}' },
    ]);
    // The version's own columns keep the default variant for readers that know no languages.
    expect(version.subject).toBe('新春快乐 {{customer.displayName}}');

    const renderer = new TemplateRenderer({ db, logger });
    await updateCompanyProfile(db, { name: '示例贸易' }, 1);
    const compiled = await renderer.compileVersion(version.id);
    expect(compiled.languages).toEqual(['zh-CN', 'en-GB']);
    const base = { account: { displayName: 'Li' }, campaign: { id: 1, name: 'c' }, links: { unsubscribe: 'https://u.example.test/x' }, now: new Date(0) };
    const en = compiled.renderEmail({ ...base, customer: { id: 1, displayName: 'John Brown', familyName: 'Brown', title: 'Mr', language: 'en', custom: {} } }, 'send');
    expect(en.subject).toBe('Happy new year John Brown');
    expect(en.text).toContain('Dear Mr Brown, Happy new year!');
    expect(en.variant.chain.map((s) => [s.language, s.matched])).toEqual([['en', false], ['en-GB', true]]);
    const zh = compiled.renderEmail({ ...base, customer: { id: 2, displayName: '张伟', familyName: '张', givenName: '伟', gender: 'male', language: 'zh-CN', custom: {} } }, 'send');
    expect(zh.subject).toBe('新春快乐 张伟');
    expect(zh.text).toContain('尊敬的张先生：新春快乐！');
    // The unsubscribe link added for marketing mail speaks the variant's language too.
    expect(en.html).toContain('>Unsubscribe</a>');
    expect(en.html).not.toContain('退订');
    expect(zh.html).toContain('>退订</a>');

    const preview = await renderPreview({ db, renderer }, { template: name });
    expect(preview.channel === 'email' && preview.variant.language).toBe('zh-CN');

    await expect(repo.addVersion(name, { language: 'en', subject: 'a', bodyFormat: 'html', body: '<p>a</p>', variants: [{ language: 'EN', subject: 'b', body: '<p>b</p>' }] })).rejects.toMatchObject({
      code: 'TEMPLATE_LANGUAGE_DUPLICATE',
    });
    await expect(repo.addVersion(name, { subject: 'a', bodyFormat: 'html', body: '<p>a</p>', variants: [{ language: 'en', body: '<p>b</p>' }] })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    await expect(repo.addVersion(name, { subject: 'a', bodyFormat: 'html', body: '<p>a</p>', variants: [{ language: 'not a language', subject: 'b', body: '<p>b</p>' }] })).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
    });
  });
});

describeStoreContract('built-ins in the company language', (store) => {
  it('installs each built-in with both languages, the company language as default, and finds it unchanged next time', async () => {
    const repo = new TemplateRepository({ db: store().db });
    const first = await installBuiltins(repo, { defaultLanguage: 'en' });
    expect(first.every((r) => r.action === 'created')).toBe(true);
    const { version } = await repo.getVersionByNumber('spring-festival');
    const variants = (await repo.listVariants([version.id])).get(Number(version.id)) ?? [];
    expect(variants.map((v) => [v.language, v.is_default])).toEqual([
      ['en', 1],
      ['zh-CN', 0],
    ]);
    expect(version.subject).toBe('Happy Chinese New Year!');
    expect((await installBuiltins(repo, { defaultLanguage: 'en' })).every((r) => r.action === 'unchanged')).toBe(true);
    // A company that changed its language later: the stored order differs, left alone unless updated.
    expect((await installBuiltins(repo, { defaultLanguage: 'zh-CN' })).every((r) => r.action === 'differs')).toBe(true);
  });
});

describeStoreContract('migration 0310 on a database with single-language templates (an upgrade)', (_store, engine) => {
  it('gives each old version its one variant in its own language, as default, and keeps it rendering', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tidings-0310-'));
    const old: Store =
      engine === 'sqlite'
        ? await openAppStore({ target: { kind: 'sqlite', path: join(dir, 'old.db') }, migrate: false })
        : await openAppStore({ target: { kind: 'postgres', url: POSTGRES_URL }, schema: `t_${randomBytes(6).toString('hex')}`, migrate: false });
    try {
      const dialect = engine === 'sqlite' ? 'sqlite' : 'postgres';
      const before = ALL_MIGRATIONS.filter((m) => m.name !== '0310_template_variants');
      await applyMigrations(old.db, { dialect, schema: old.schema, migrations: before });
      // Written the way older versions did: straight into the version row, no variants table.
      const insert = async (name: string, subject: string, body: string, builtin: string | null = null) => {
        const template = await old.db
          .insertInto('templates')
          .values({ name, channel: 'email', builtin, current_version: 1, created_at: 1, updated_at: 1 })
          .returning('id')
          .executeTakeFirstOrThrow();
        return (
          await old.db
            .insertInto('template_versions')
            .values({ template_id: template.id, version: 1, subject, body_format: 'html', body, text_body: null, attachments: '[]', is_marketing: 1, created_at: 1 })
            .returning('id')
            .executeTakeFirstOrThrow()
        ).id;
      };
      const chinese = await insert('old-zh', '新春快乐', '<p>{{greeting}}新春快乐！</p>');
      const english = await insert('old-en', 'Season greetings', '<p>{{greeting}} Merry Christmas</p>');
      const builtin = await insert('christmas-en', '{{customer.displayName}}', '<p>{{greeting}}</p>', 'christmas-en');

      await applyMigrations(old.db, { dialect, schema: old.schema, migrations: ALL_MIGRATIONS });
      const repo = new TemplateRepository({ db: old.db });
      const variants = await repo.listVariants([chinese, english, builtin]);
      const one = (id: number) => (variants.get(Number(id)) ?? []).map((v) => ({ language: v.language, is_default: v.is_default, body: v.body }));
      expect(one(chinese)).toEqual([{ language: 'zh-CN', is_default: 1, body: '<p>{{greeting}}新春快乐！</p>' }]);
      expect(one(english)).toEqual([{ language: 'en', is_default: 1, body: '<p>{{greeting}} Merry Christmas</p>' }]);
      expect(one(builtin)).toEqual([{ language: 'en', is_default: 1, body: '<p>{{greeting}}</p>' }]);

      // The old Chinese template still sends, to everybody, in Chinese (greeting included).
      const compiled = await new TemplateRenderer({ db: old.db, logger }).compileVersion(chinese);
      const base = { account: { displayName: 'Li' }, campaign: { id: 1, name: 'c' }, links: { unsubscribe: '' }, now: new Date(0) };
      const rendered = compiled.renderEmail({ ...base, customer: { id: 1, displayName: 'John Brown', familyName: 'Brown', title: 'Mr', language: 'en-GB', custom: {} } }, 'send');
      expect(rendered.text).toContain('尊敬的Brown先生：新春快乐！');
      expect(rendered.variant.language).toBe('zh-CN');
    } finally {
      if (old.schema) await sql`drop schema if exists ${sql.id(old.schema)} cascade`.execute(old.db);
      await old.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
