import { parseDocument } from 'htmlparser2';
import { describe, expect, it } from 'vitest';
import {
  BUILTIN_TEMPLATES,
  compileTemplate,
  PREVIEW_UNSUBSCRIBE_URL,
  sampleContext,
  SAMPLE_CUSTOMERS,
  type BuiltinTemplate,
  type CompiledTemplate,
  type MergeContext,
} from '../../src/modules/templates/index.js';

const compile = (b: BuiltinTemplate, versionId: number): Promise<CompiledTemplate> =>
  compileTemplate({
    channel: b.channel,
    versionId,
    subject: b.version.subject ?? null,
    bodyFormat: b.version.bodyFormat,
    body: b.version.body,
    textBody: b.version.textBody ?? null,
    attachments: [],
    isMarketing: b.version.isMarketing ?? true,
  });

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
  it('cover the holidays, birthday, product news and handwritten letter in both languages', () => {
    const keys = new Set(BUILTIN_TEMPLATES.map((b) => b.key));
    for (const kind of ['spring-festival', 'mid-autumn', 'new-year', 'christmas', 'birthday', 'product-announcement', 'handwritten-letter']) {
      expect(keys.has(`${kind}-zh-cn`), kind).toBe(true);
      expect(keys.has(`${kind}-en`), kind).toBe(true);
    }
    expect(BUILTIN_TEMPLATES.some((b) => b.channel === 'sms')).toBe(true);
  });

  const emails = BUILTIN_TEMPLATES.filter((b) => b.channel === 'email');
  describe.each(emails.map((b, i) => ({ key: b.key, b, i })))('$key', ({ b, i }) => {
    it.each(contexts)('renders strictly for a $language customer', async ({ ctx, greeting }) => {
      const compiled = await compile(b, i + 1);
      const email = compiled.renderEmail(ctx, 'strict');
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
      expect(email.html).toMatch(new RegExp(`<html[^>]*lang="${b.language}"`));
    });
  });

  it('handwritten letters link a handwriting web font with system fallbacks and paper colours, no images', async () => {
    for (const b of emails.filter((x) => x.key.startsWith('handwritten-letter'))) {
      const html = (await compile(b, 99)).renderEmail(contexts[0]!.ctx, 'send').html;
      expect(html).toMatch(/<link href="https:\/\/fonts\.googleapis\.com\/css2\?family=(Ma\+Shan\+Zheng|Caveat)/);
      expect(html).toMatch(b.language === 'zh-CN' ? /'KaiTi', '楷体', 'STKaiti'/ : /cursive, Georgia, serif/);
      expect(html).toContain('#fbf6e7'); // paper colour as a background colour, survives stripped <style>
      expect(html).toContain('repeating-linear-gradient'); // ruled lines in CSS
      expect(html).not.toMatch(/<img/i);
      // The only url() is the font's @import; no background images.
      expect(html.match(/url\((?!https:\/\/fonts\.googleapis\.com\/)/gi)).toBeNull();
      expect(html).not.toContain('&amp;amp;');
    }
  });

  it('SMS built-ins render with the 【signature】 and the opt-out suffix per language', async () => {
    for (const b of BUILTIN_TEMPLATES.filter((x) => x.channel === 'sms')) {
      const { ctx } = contexts.find((c) => c.language === b.language)!;
      const sms = (await compile(b, 500)).renderSms(ctx, 'strict');
      expect(sms.text.startsWith('【Tidings茶业】')).toBe(true);
      expect(sms.text.endsWith(b.language === 'zh-CN' ? '回T退订' : 'Reply STOP to opt out')).toBe(true);
      expect(sms.text).toContain(b.language === 'zh-CN' ? '尊敬的张先生：' : 'Dear Ms Smith,');
      expect(sms.characters).toBe([...sms.text].length);
      expect(sms.text).not.toContain('{{');
    }
  });

  it('sample customers are complete, so strict previews of built-ins never fail on them', () => {
    expect(SAMPLE_CUSTOMERS['zh-CN'].birthday).toBeTruthy();
    expect(SAMPLE_CUSTOMERS.en.birthday).toBeTruthy();
  });
});
