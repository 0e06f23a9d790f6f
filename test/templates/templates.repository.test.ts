import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { isTidingsError } from '../../src/platform/errors/index.js';
import { createLogger } from '../../src/platform/logger/index.js';
import {
  BUILTIN_TEMPLATES,
  installBuiltins,
  renderPreview,
  TemplateRenderer,
  TemplateRepository,
} from '../../src/modules/templates/index.js';
// Real MJML runs (in the compile thread) are counted by the compiler itself.
import { mjmlCompiles } from '../../src/modules/templates/mjml.compiler.js';
import { describeStoreContract } from '../helpers/store-contract.js';

const logger = createLogger({ level: 'silent' });
let counter = 0;
const unique = (prefix: string) => `${prefix}-${Date.now().toString(36)}-${(counter++).toString(36)}`;

const MJML = (text: string) =>
  `<mjml>\n  <mj-body>\n    <mj-section>\n      <mj-column>\n        <mj-text>{{greeting}} ${text}</mj-text>\n      </mj-column>\n    </mj-section>\n  </mj-body>\n</mjml>`;

describeStoreContract('template repository', (store) => {
  const repo = () => new TemplateRepository({ db: store().db });

  it('creates a template with version 1 and adds immutable versions that become current', async () => {
    const name = unique('news');
    const { template, version } = await repo().create({ name, channel: 'email', version: { subject: 'v1 {{customer.displayName}}', bodyFormat: 'mjml', body: MJML('one') } });
    expect(template).toMatchObject({ name, channel: 'email', current_version: 1 });
    expect(version).toMatchObject({ template_id: template.id, version: 1, body_format: 'mjml', is_marketing: 1 });

    const v2 = await repo().addVersion(name, { subject: 'v2', bodyFormat: 'html', body: '<p>two</p>', isMarketing: false });
    expect(v2.version).toBe(2);
    expect((await repo().getTemplate(template.id)).current_version).toBe(2);
    // Version 1 is exactly as written.
    const again = await repo().getVersion(version.id);
    expect(again.version).toEqual(version);
    expect((await repo().getVersionByNumber(name)).version.id).toBe(v2.id);
    expect((await repo().getVersionByNumber(name, 1)).version.id).toBe(version.id);
    expect((await repo().listVersions(template.id)).map((v) => v.version)).toEqual([1, 2]);
  });

  it('refuses to update a stored version at the database level', async () => {
    const { version } = await repo().create({ name: unique('frozen'), channel: 'sms', version: { bodyFormat: 'text', body: 'hi' } });
    await expect(sql`update template_versions set body = 'changed' where id = ${version.id}`.execute(store().db)).rejects.toThrow(/immutable/);
    expect((await repo().getVersion(version.id)).version.body).toBe('hi');
  });

  it('numbers concurrent versions without gaps or duplicates', async () => {
    const name = unique('busy');
    await repo().create({ name, channel: 'sms', version: { bodyFormat: 'text', body: 'v1' } });
    const added = await Promise.all([2, 3, 4, 5].map((n) => repo().addVersion(name, { bodyFormat: 'text', body: `v${n}` })));
    expect(added.map((v) => v.version).sort()).toEqual([2, 3, 4, 5]);
    expect((await repo().getTemplate(name)).current_version).toBe(5);
  });

  it('validates at save time: duplicate names, MJML errors with lines, unknown fields, subjects', async () => {
    const name = unique('dup');
    await repo().create({ name, channel: 'sms', version: { bodyFormat: 'text', body: 'x' } });
    await expect(repo().create({ name, channel: 'sms', version: { bodyFormat: 'text', body: 'y' } })).rejects.toMatchObject({ code: 'CONFLICT' });
    await expect(repo().create({ name: unique('bad'), channel: 'email', version: { subject: 's', bodyFormat: 'mjml', body: MJML('x').replace('<mj-text>', '<mj-text align="middle">') } })).rejects.toMatchObject({
      code: 'TEMPLATE_MJML_INVALID',
      message: expect.stringContaining('line 5: '),
    });
    await expect(repo().create({ name: unique('bad'), channel: 'email', version: { subject: 's', bodyFormat: 'html', body: '<p>\n{{customer.givenNmae}}</p>' } })).rejects.toMatchObject({
      code: 'TEMPLATE_UNKNOWN_FIELD',
      message: expect.stringContaining('customer.givenNmae (body line 2)'),
    });
    await expect(repo().create({ name: unique('bad'), channel: 'email', version: { subject: 'a\r\nBcc: x@example.test', bodyFormat: 'html', body: '<p/>' } })).rejects.toMatchObject({ code: 'TEMPLATE_HEADER_INVALID' });
    await expect(repo().create({ name: unique('bad'), channel: 'email', version: { bodyFormat: 'html', body: '<p/>' } })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    await expect(repo().create({ name: unique('bad'), channel: 'sms', version: { bodyFormat: 'mjml', body: MJML('x') } })).rejects.toMatchObject({ code: 'TEMPLATE_CHANNEL_MISMATCH' });
    await expect(repo().getTemplate(unique('missing'))).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('compiles a version once: 1,000 recipients run MJML once and only the merge per recipient', async () => {
    const { version } = await repo().create({ name: unique('bulk'), channel: 'email', version: { subject: '{{customer.displayName}}', bodyFormat: 'mjml', body: MJML('{{customer.company}}') } });
    const renderer = new TemplateRenderer({ db: store().db, logger });
    const before = mjmlCompiles();
    const compiled = await Promise.all(Array.from({ length: 1000 }, () => renderer.compileVersion(version.id)));
    const outputs = compiled.map((c, i) =>
      c.renderEmail(
        { customer: { id: i, displayName: `客户${i}`, familyName: '张', gender: 'male', language: 'zh-CN', company: `公司${i}`, custom: {} }, account: { displayName: '李娜' }, campaign: { id: 1, name: 'c' }, links: { unsubscribe: 'https://u.test/x' }, now: new Date() },
        'send',
      ),
    );
    expect(mjmlCompiles() - before).toBe(1);
    expect(renderer.stats).toMatchObject({ compiles: 1, misses: 1, hits: 999 });
    expect(outputs[999]?.subject).toBe('客户999');
    expect(outputs[999]?.html).toContain('尊敬的张先生： 公司999');
  });

  it('keeps the cache bounded and recompiles an evicted version', async () => {
    const renderer = new TemplateRenderer({ db: store().db, logger, maxCached: 1 });
    const a = await repo().create({ name: unique('a'), channel: 'sms', version: { bodyFormat: 'text', body: 'a' } });
    const b = await repo().create({ name: unique('b'), channel: 'sms', version: { bodyFormat: 'text', body: 'b' } });
    await renderer.compileVersion(a.version.id);
    await renderer.compileVersion(b.version.id);
    await renderer.compileVersion(a.version.id);
    expect(renderer.stats.compiles).toBe(3);
    await expect(renderer.compileVersion(987_654)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('installs the built-ins idempotently', async () => {
    const first = await installBuiltins(repo());
    expect(first.length).toBe(BUILTIN_TEMPLATES.length);
    const second = await installBuiltins(repo());
    expect(second.every((r) => r.action === 'unchanged')).toBe(true);
    const key = 'christmas';
    await repo().addVersion(key, { subject: 'Edited', bodyFormat: 'html', body: '<p>mine</p>' });
    expect((await installBuiltins(repo())).find((r) => r.key === key)?.action).toBe('differs');
    const updated = (await installBuiltins(repo(), { update: true })).find((r) => r.key === key);
    expect(updated).toMatchObject({ action: 'updated', version: 3 });
    expect((await repo().list({ channel: 'sms' })).some((t) => t.builtin === 'birthday-sms')).toBe(true);
  });

  it('previews for a stored customer and account, strictly and in send mode', async () => {
    const { db } = store();
    const now = Date.now();
    const customer = await db
      .insertInto('customers')
      .values({ family_name: '欧阳', given_name: '娜', display_name: '欧阳娜', gender: 'female', language: 'zh-CN', time_zone: 'Asia/Shanghai', custom: '{"city":"遵义"}', birthday_month: 5, birthday_day: 20, locked: 0, created_at: now, updated_at: now })
      .returning('id')
      .executeTakeFirstOrThrow();
    await db.insertInto('customer_emails').values({ customer_id: customer.id, email: 'ouyang@example.test', is_primary: 1 }).execute();
    await db
      .insertInto('mail_accounts')
      .values({ name: unique('acct'), display_name: '王经理', email: 'wang@example.test', signature_text: '王经理\n电话 123', signature_html: '<p>王经理<br>电话 123</p>', smtp_host: 'localhost', smtp_port: 25, smtp_security: 'none', leave_copy: 1, smtp_auth: 0, plus_addressing: 0, is_default: 1, created_at: now, updated_at: now })
      .execute();
    const name = unique('city');
    await repo().create({ name, channel: 'email', version: { subject: '{{customer.custom.city}}的朋友', bodyFormat: 'html', body: '<p>{{greeting}}</p>\n<p>{{customer.custom.level}}</p>' } });
    const renderer = new TemplateRenderer({ db, logger });
    const send = await renderPreview({ db, renderer }, { template: name, customerId: customer.id });
    expect(send).toMatchObject({ channel: 'email', subject: '遵义的朋友' });
    if (send.channel !== 'email') throw new Error('email expected');
    expect(send.html).toContain('尊敬的欧阳女士：');
    expect(send.html).toContain('王经理<br />电话 123');
    const strict = await renderPreview({ db, renderer }, { template: name, customerId: customer.id, strict: true }).catch((e: unknown) => e);
    expect(isTidingsError(strict, 'TEMPLATE_UNKNOWN_FIELD')).toBe(true);
    expect((strict as Error).message).toContain('customer.custom.level (body line 2)');
  });

  it('previews an SMS with character count and parts from the provider counter', async () => {
    const { db } = store();
    const now = Date.now();
    const account = await db
      .insertInto('sms_accounts')
      .values({ name: unique('sms'), provider: 'aliyun', credentials_enc: 'x', settings: '{}', signature: '某某茶业', currency: 'CNY', time_zone: 'Asia/Shanghai', is_default: 0, created_at: now, updated_at: now })
      .returning('id')
      .executeTakeFirstOrThrow();
    const name = unique('smsprev');
    await repo().create({ name, channel: 'sms', version: { bodyFormat: 'text', body: '{{greeting}}' + '新春快乐'.repeat(16) } });
    const result = await renderPreview({ db, renderer: new TemplateRenderer({ db, logger }) }, { template: name, accountId: account.id });
    if (result.channel !== 'sms') throw new Error('sms expected');
    expect(result.text.startsWith('【某某茶业】尊敬的张先生：')).toBe(true);
    // Aliyun's opt-out line (issue #20: the provider's rule, 拒收请回复R), counted in the parts.
    expect(result.text.endsWith('拒收请回复R')).toBe(true);
    expect(result.characters).toBe(6 + 7 + 64 + 6);
    expect(result.segments).toEqual({ encoding: 'UCS-2', characters: 83, segments: 2 });
  });
});
