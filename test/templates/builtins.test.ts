import { parseDocument } from 'htmlparser2';
import { describe, expect, it } from 'vitest';
import {
  BUILTIN_TEMPLATES,
  compileVersionInput,
  PREVIEW_UNSUBSCRIBE_URL,
  sampleContext,
  SAMPLE_CUSTOMERS,
  type BuiltinTemplate,
  type CompiledTemplate,
  type MergeContext,
} from '../../src/modules/templates/index.js';

const compile = (b: BuiltinTemplate, _versionId: number): Promise<CompiledTemplate> =>
  compileVersionInput(b.channel, { ...b.version, attachments: [], isMarketing: b.version.isMarketing ?? true });

/** Every piece of text a built-in ships (subjects and bodies of every language). */
const sources = (b: BuiltinTemplate): string[] => [
  b.version.subject ?? '',
  b.version.body,
  ...(b.version.variants ?? []).flatMap((v) => [v.subject ?? '', v.body]),
];

const company = { name: '示例贸易有限公司', address: '上海市浦东新区世纪大道 100 号', logo: 'data:image/png;base64,iVBORw0KGgo=' };

const account = {
  displayName: '李娜 Li Na',
  email: 'li.na@example.test',
  signatureHtml: '<p><strong>李娜</strong> · 客户经理<br>Tidings 茶业</p>',
  signatureText: '李娜 · 客户经理\nTidings 茶业',
  smsSignature: 'Tidings茶业',
};

const contexts: Array<{ language: 'zh-CN' | 'en'; ctx: MergeContext; greeting: string }> = [
  { language: 'zh-CN', ctx: sampleContext('zh-CN', { account }), greeting: '尊敬的张先生：' },
  { language: 'en', ctx: sampleContext('en', { account }), greeting: 'Dear Ms Smith,' },
];

/** Tags HTML requires to be closed that a broken merge or layout would leave open. */
function assertWellFormed(html: string): void {
  expect(html).toMatch(/^<!doctype html>/i);
  expect(html).toMatch(/<\/html>\s*$/i);
  const document = parseDocument(html);
  expect(document.children.length).toBeGreaterThan(0);
  for (const tag of ['table', 'tr', 'td', 'div', 'p', 'a']) {
    const open = (html.match(new RegExp(`<${tag}[\\s>]`, 'gi')) ?? []).length;
    const close = (html.match(new RegExp(`</${tag}>`, 'gi')) ?? []).length;
    expect(close, `<${tag}> balance`).toBe(open);
  }
}

describe('built-in templates', () => {
  it('ship the holidays, birthday, product news and handwritten letter as one template each, in Chinese and English', () => {
    const keys = new Set(BUILTIN_TEMPLATES.map((b) => b.key));
    for (const kind of ['spring-festival', 'mid-autumn', 'new-year', 'christmas', 'birthday', 'product-announcement', 'handwritten-letter', 'spring-festival-sms', 'birthday-sms']) {
      expect(keys.has(kind), kind).toBe(true);
      const b = BUILTIN_TEMPLATES.find((x) => x.key === kind)!;
      expect(b.languages, kind).toEqual(['zh-CN', 'en']);
      expect(b.version.language).toBe('zh-CN');
      expect(b.version.variants?.map((v) => v.language)).toEqual(['en']);
    }
    expect(BUILTIN_TEMPLATES.some((b) => b.channel === 'sms')).toBe(true);
  });

  it('load nothing from another host: no http(s) URL in any built-in, no web font, no remote image', async () => {
    for (const b of BUILTIN_TEMPLATES) {
      for (const text of sources(b)) {
        expect(text, b.key).not.toMatch(/https?:\/\//i);
        expect(text, b.key).not.toMatch(/<mj-font|@import|<link/i);
      }
      if (b.channel !== 'email') continue;
      for (const { ctx } of contexts) {
        const html = (await compile(b, 1)).renderEmail({ ...ctx, company }, 'send').html;
        // The only URLs are merge links (the unsubscribe link) and the inline data: logo; MJML's own
        // boilerplate namespaces (xmlns) are not fetched.
        const urls = [...html.matchAll(/(?:src|href)="([^"]*)"|url\(([^)]*)\)/gi)].map((m) => m[1] ?? m[2] ?? '');
        expect(urls.filter((u) => u !== PREVIEW_UNSUBSCRIBE_URL && !u.startsWith('data:')), b.key).toEqual([]);
        expect(html).not.toMatch(/fonts\.googleapis|<link\b/i);
      }
    }
  });

  const emails = BUILTIN_TEMPLATES.filter((b) => b.channel === 'email');
  describe.each(emails.map((b, i) => ({ key: b.key, b, i })))('$key', ({ b, i }) => {
    it.each(contexts)('renders strictly for a $language customer in their language', async ({ ctx, greeting, language }) => {
      const compiled = await compile(b, i + 1);
      const email = compiled.renderEmail(ctx, 'strict');
      expect(email.variant.language).toBe(language);
      expect(email.subject.length).toBeGreaterThan(0);
      expect(email.subject).not.toMatch(/[\r\n]/);
      for (const part of [email.subject, email.html, email.text]) expect(part).not.toContain('{{');
      assertWellFormed(email.html);
      expect(email.html).toContain(greeting);
      expect(email.text).toContain(greeting);
      // signature (HTML and text) with the sender's display name
      expect(email.html).toContain('<strong>李娜</strong>');
      expect(email.html).toContain('李娜 Li Na');
      expect(email.text).toContain('客户经理');
      expect(email.html).toContain(`href="${PREVIEW_UNSUBSCRIBE_URL}"`);
      expect(email.text).toContain(PREVIEW_UNSUBSCRIBE_URL);
      expect(email.html).toMatch(new RegExp(`<html[^>]*lang="${language}"`));
      // Written in one language: no Chinese in the English variant's words.
      if (language === 'en') expect(email.subject).not.toMatch(/\p{Script=Han}/u);
    });

    it('signs with the company profile: logo, name and address', async () => {
      const email = (await compile(b, i + 1)).renderEmail({ ...contexts[1]!.ctx, company }, 'strict');
      expect(email.html).toContain('<img src="data:image/png;base64,iVBORw0KGgo&#x3D;"');
      expect(email.html).toContain('示例贸易有限公司 · 上海市浦东新区世纪大道 100 号');
      expect(email.text).toContain('示例贸易有限公司 · 上海市浦东新区世纪大道 100 号');
      const without = (await compile(b, i + 1)).renderEmail({ ...contexts[1]!.ctx, company: { name: '', address: '', logo: '' } }, 'strict');
      expect(without.html).not.toMatch(/<img/i);
    });
  });

  it('handwritten letters use handwriting system fonts and paper colours, no web font and no images', async () => {
    const letter = emails.find((x) => x.key === 'handwritten-letter')!;
    for (const { ctx, language } of contexts) {
      const html = (await compile(letter, 99)).renderEmail(ctx, 'send').html;
      expect(html).toMatch(language === 'zh-CN' ? /'KaiTi', '楷体', 'STKaiti'/ : /'Segoe Script', 'Bradley Hand'/);
      expect(html).toContain('#fbf6e7'); // paper colour as a background colour, survives stripped <style>
      expect(html).toContain('repeating-linear-gradient'); // ruled lines in CSS
      expect(html).not.toMatch(/<img/i);
      expect(html).not.toMatch(/url\(/i);
      expect(html).not.toContain('&amp;amp;');
    }
  });

  it('SMS built-ins render with the 【signature】 and the opt-out suffix in the chosen language', async () => {
    for (const b of BUILTIN_TEMPLATES.filter((x) => x.channel === 'sms')) {
      for (const { ctx, language } of contexts) {
        const sms = (await compile(b, 500)).renderSms(ctx, 'strict');
        expect(sms.variant.language).toBe(language);
        expect(sms.text.startsWith('【Tidings茶业】')).toBe(true);
        expect(sms.text.endsWith(language === 'zh-CN' ? '回T退订' : 'Reply STOP to opt out')).toBe(true);
        expect(sms.text).toContain(language === 'zh-CN' ? '尊敬的张先生：' : 'Dear Ms Smith,');
        expect(sms.characters).toBe([...sms.text].length);
        expect(sms.text).not.toContain('{{');
      }
    }
  });

  it('an SMS account without a signature uses the company SMS signature', async () => {
    const b = BUILTIN_TEMPLATES.find((x) => x.key === 'birthday-sms')!;
    const ctx = { ...contexts[0]!.ctx, account: { displayName: 'x' }, company: { ...company, smsSignature: '示例贸易' } };
    expect((await compile(b, 501)).renderSms(ctx, 'strict').text.startsWith('【示例贸易】')).toBe(true);
  });

  it('sample customers are complete, so strict previews of built-ins never fail on them', () => {
    expect(SAMPLE_CUSTOMERS['zh-CN'].birthday).toBeTruthy();
    expect(SAMPLE_CUSTOMERS.en.birthday).toBeTruthy();
  });
});
