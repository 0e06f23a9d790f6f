import { describe, expect, it } from 'vitest';
import { isTidingsError } from '../../src/platform/errors/index.js';
import { compileTemplate, sampleContext, type MergeContext, type TemplateSource } from '../../src/modules/templates/index.js';

const email = (body: string, extra: Partial<TemplateSource> = {}): TemplateSource => ({
  channel: 'email',
  versionId: 1,
  subject: 'Hello',
  bodyFormat: 'html',
  body,
  textBody: null,
  attachments: [],
  isMarketing: false,
  ...extra,
});

const ctx = (over: Partial<MergeContext['customer']> = {}, rest: Partial<MergeContext> = {}): MergeContext => {
  const base = sampleContext('zh-CN');
  return { ...base, customer: { ...base.customer, ...over }, ...rest };
};

async function caught(promise: Promise<unknown> | (() => unknown)): Promise<unknown> {
  try {
    await (typeof promise === 'function' ? promise() : promise);
  } catch (error) {
    return error;
  }
  throw new Error('expected an error');
}

describe('strict and send modes', () => {
  const source = email('<p>{{greeting}}</p>\n<p>城市：{{customer.custom.city}}</p>\n<p>公司：{{customer.company}}</p>\n<p>{{default customer.givenName "朋友"}}</p>');

  it('strict preview fails on an unknown custom field naming the field and its line', async () => {
    const compiled = await compileTemplate(source);
    const error = await caught(() => compiled.renderEmail(ctx({ custom: {} }), 'strict'));
    expect(isTidingsError(error, 'TEMPLATE_UNKNOWN_FIELD')).toBe(true);
    expect((error as Error).message).toContain('customer.custom.city (body line 2)');
    expect((error as { context: object }).context).toMatchObject({ field: 'customer.custom.city', line: 2, part: 'body' });
  });

  it('strict preview fails on an empty value without a default, naming field and line', async () => {
    const compiled = await compileTemplate(source);
    const error = await caught(() => compiled.renderEmail(ctx({ company: null, custom: { city: '遵义' } }), 'strict'));
    expect(isTidingsError(error, 'TEMPLATE_MISSING_VALUE')).toBe(true);
    expect((error as Error).message).toContain('customer.company (body line 3)');
  });

  it('send mode never throws: missing values render empty and defaults apply', async () => {
    const compiled = await compileTemplate(source);
    const out = compiled.renderEmail(ctx({ company: null, givenName: null, custom: {} }), 'send');
    expect(out.html).toContain('<p>城市：</p>');
    expect(out.html).toContain('<p>公司：</p>');
    expect(out.html).toContain('<p>朋友</p>');
    expect(out.text).toContain('朋友');
    // A context missing whole objects (a malformed job) still renders.
    const broken = { customer: undefined, account: undefined, links: undefined, campaign: undefined, now: undefined } as unknown as MergeContext;
    expect(() => compiled.renderEmail(broken, 'send')).not.toThrow();
  });

  it('strict passes when every field has a value; guarded fields may be empty', async () => {
    const compiled = await compileTemplate(email('{{#if customer.company}}<p>{{customer.company}}</p>{{/if}}<p>{{default customer.title "x"}}</p>'));
    expect(() => compiled.renderEmail(ctx({ company: null, title: null }), 'strict')).not.toThrow();
  });

  it('rejects unknown fields at compile (save) time with the line, including subject and text part', async () => {
    const error = await caught(compileTemplate(email('<p>ok</p>\n\n<p>{{customer.nmae}}</p>')));
    expect(isTidingsError(error, 'TEMPLATE_UNKNOWN_FIELD')).toBe(true);
    expect((error as Error).message).toContain('customer.nmae (body line 3)');
    const subject = await caught(compileTemplate(email('<p/>', { subject: 'Hi {{customer.first}}' })));
    expect((subject as Error).message).toContain('customer.first (subject line 1)');
    const text = await caught(compileTemplate(email('<p/>', { textBody: 'a\n{{account.password}}' })));
    expect((text as Error).message).toContain('account.password (text line 2)');
  });

  it('checks custom field names against the defined ones when given', async () => {
    const source = email('<p>{{customer.custom.city}}</p>\n{{customer.custom.vip}}');
    const error = await caught(compileTemplate(source, { customFields: ['city'] }));
    expect((error as Error).message).toContain('customer.custom.vip (body line 2)');
    await expect(compileTemplate(source, { customFields: ['city', 'vip'] })).resolves.toBeTruthy();
  });

  it('rejects unknown helpers, partials, and malformed tags with their line', async () => {
    const helper = await caught(compileTemplate(email('<p>\n{{shout customer.displayName}}</p>')));
    expect(isTidingsError(helper, 'TEMPLATE_UNKNOWN_HELPER')).toBe(true);
    expect((helper as Error).message).toContain('line 2');
    expect(isTidingsError(await caught(compileTemplate(email('{{> header}}'))), 'TEMPLATE_UNKNOWN_HELPER')).toBe(true);
    const syntax = await caught(compileTemplate(email('<p>a</p>\n<p>{{#if customer.company}}</p>')));
    expect(isTidingsError(syntax, 'TEMPLATE_SYNTAX_INVALID')).toBe(true);
    expect((syntax as Error).message).toMatch(/line \d/);
  });
});

describe('MJML', () => {
  it('reports validation errors with line numbers', async () => {
    const mjml = ['<mjml>', '  <mj-body>', '    <mj-section>', '      <mj-column>', '        <mj-text colour="red">{{greeting}}</mj-text>', '        <mj-button href="{{unsubscribeUrl}}" color="nocolor">x</mj-button>', '      </mj-column>', '    </mj-section>', '  </mj-body>', '</mjml>'].join('\n');
    const error = await caught(compileTemplate(email(mjml, { bodyFormat: 'mjml' })));
    expect(isTidingsError(error, 'TEMPLATE_MJML_INVALID')).toBe(true);
    expect((error as Error).message).toContain('line 5: Attribute colour is illegal');
    expect((error as Error).message).toMatch(/line 6: Attribute color has invalid value: nocolor/);
  });

  it('reports unparseable MJML', async () => {
    expect(isTidingsError(await caught(compileTemplate(email('just text', { bodyFormat: 'mjml' }))), 'TEMPLATE_MJML_INVALID')).toBe(true);
  });
});

describe('escaping and header safety', () => {
  it('HTML-escapes merge values in HTML bodies, but not in the text part', async () => {
    const compiled = await compileTemplate(email('<p>{{customer.company}}</p><a href="{{customer.custom.site}}">x</a>'));
    const out = compiled.renderEmail(ctx({ company: '<script>alert("x")</script> & Co', custom: { site: '"><img src=x onerror=alert(1)>' } }), 'send');
    expect(out.html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; Co');
    expect(out.html).not.toContain('<script>');
    expect(out.html).not.toContain('<img');
    expect(out.text).toContain('<script>alert("x")</script> & Co');
  });

  it('allows triple braces only for the signature', async () => {
    const error = await caught(compileTemplate(email('<p>\n{{{customer.company}}}</p>')));
    expect(isTidingsError(error, 'TEMPLATE_UNSAFE_MERGE')).toBe(true);
    expect((error as Error).message).toContain('line 2');
    await expect(compileTemplate(email('<div>{{{signature}}}</div>'))).resolves.toBeTruthy();
  });

  it('folds CR/LF out of merged subjects so no header can be injected', async () => {
    const compiled = await compileTemplate(email('<p/>', { subject: '您好 {{customer.company}}' }));
    const out = compiled.renderEmail(ctx({ company: 'ACME\r\nBcc: victim@example.test\n\rX-Evil: 1' }), 'send');
    expect(out.subject).toBe('您好 ACME Bcc: victim@example.test X-Evil: 1');
    expect(out.subject).not.toMatch(/[\r\n]/);
  });

  it('sanitises the signature HTML: no scripts, event handlers or javascript: URLs', async () => {
    const compiled = await compileTemplate(email('<body><p>Hi</p></body>'));
    const out = compiled.renderEmail(
      ctx({}, {
        account: {
          displayName: 'Li <b>Na</b>',
          signatureHtml:
            '<p onclick="steal()" style="color:#333;position:fixed">李娜<script>alert(1)</script><a href="javascript:alert(1)">x</a><a href="https://example.test/">site</a><img src="data:text/html,x"><iframe src="https://x"></iframe></p>',
        },
      }),
      'send',
    );
    expect(out.html).not.toMatch(/<script|onclick|javascript:|<iframe|data:text|position/i);
    expect(out.html).toContain('<a href="https://example.test/">site</a>');
    expect(out.html).toContain('style="color:#333"');
    expect(out.html).toContain('Li &lt;b&gt;Na&lt;/b&gt;'); // the display name is escaped, not trusted
    expect(out.html.indexOf('tidings-signature')).toBeLessThan(out.html.indexOf('</body>'));
  });
});

describe('signature placement and text part', () => {
  const account = { displayName: '王芳', signatureText: '王芳\n销售部', signatureHtml: null };

  it('appends the signature when the template does not place it, in HTML and text', async () => {
    const compiled = await compileTemplate(email('<html><body><p>正文</p></body></html>'));
    const out = compiled.renderEmail(ctx({}, { account }), 'send');
    expect(out.html).toMatch(/<p>正文<\/p><div><div class="tidings-signature"><div>王芳<br>销售部<\/div><\/div><\/div>/);
    expect(out.text).toBe('正文\n\n王芳\n销售部');
  });

  it('does not append it again when the template places {{signature}}', async () => {
    const compiled = await compileTemplate(email('<p>{{signature}}</p><p>正文</p>', { textBody: '{{signature}}\n正文' }));
    const out = compiled.renderEmail(ctx({}, { account: { displayName: 'Li Na', signatureText: 'Sales' } }), 'send');
    expect(out.html.match(/tidings-signature/g)).toHaveLength(1);
    expect(out.text).toBe('Sales\nLi Na\n正文');
  });

  it('adds an unsubscribe link to marketing email that lacks one', async () => {
    const compiled = await compileTemplate(email('<p>News</p>', { isMarketing: true }));
    const out = compiled.renderEmail(ctx(), 'send');
    expect(out.html).toContain('href="https://unsubscribe.invalid/preview"');
    expect(out.text).toContain('https://unsubscribe.invalid/preview');
  });

  it('derives the text part once: the same text as converting each merged HTML', async () => {
    const body = '<h1>{{greeting}}</h1><p>{{#if customer.company}}Hello {{customer.company}}{{else}}Hello{{/if}} — <a href="{{unsubscribeUrl}}">unsubscribe</a></p><p>&#123;&#123;literal braces</p>';
    const derived = await compileTemplate(email(body));
    const perRecipient = await compileTemplate(email(body), { textStrategy: 'per-recipient' });
    for (const c of [ctx(), ctx({ company: null })]) {
      expect(derived.renderEmail(c, 'send').text).toBe(perRecipient.renderEmail(c, 'send').text);
    }
    expect(derived.renderEmail(ctx(), 'send').text).toContain('{{literal braces');
  });

  it('plain-text templates have no HTML part', async () => {
    const compiled = await compileTemplate(email('{{greeting}}\n内容', { bodyFormat: 'text' }));
    const out = compiled.renderEmail(ctx({}, { account }), 'send');
    expect(out.html).toBe('');
    expect(out.text).toBe('尊敬的张先生：\n内容\n\n王芳\n销售部');
  });

  it('passes attachments through with decoded content', async () => {
    const compiled = await compileTemplate(email('<p/>', { attachments: [{ filename: 'a.txt', contentType: 'text/plain', contentBase64: Buffer.from('hi').toString('base64') }, { filename: 'b.pdf', contentType: 'application/pdf', path: '/data/b.pdf' }] }));
    const out = compiled.renderEmail(ctx(), 'send');
    expect(out.attachments[0]?.content?.toString()).toBe('hi');
    expect(out.attachments[1]).toEqual({ filename: 'b.pdf', contentType: 'application/pdf', path: '/data/b.pdf' });
  });
});

describe('dates in the recipient language and time zone', () => {
  it('formats birthdays and now per customer', async () => {
    // No words of its own (language "und"): dates follow each customer's language.
    const compiled = await compileTemplate(email('<p>{{formatDate customer.birthday "long"}}|{{formatDate customer.birthday "monthDay"}}|{{date now "long"}}</p>', { subject: '{{customer.displayName}}' }));
    const now = new Date('2025-01-28T20:00:00Z'); // 29 Jan in Shanghai, 28 Jan in London
    const zh = compiled.renderEmail(ctx({ birthday: { month: 3, day: 8, year: 1985 } }, { now }), 'send').html;
    expect(zh).toContain('1985年3月8日|3月8日|2025年1月29日');
    const en = compiled.renderEmail(ctx({ language: 'en-GB', timeZone: 'Europe/London', birthday: { month: 3, day: 8 } }, { now }), 'send').html;
    expect(en).toContain('8 March|8 March|28 January 2025');
    const badZone = compiled.renderEmail(ctx({ timeZone: 'Mars/Olympus', birthday: null }, { now }), 'send').html;
    expect(badZone).toContain('||2025年1月28日');
    // Written in English: an English date for a Chinese customer too, in the words around it.
    const english = await compileTemplate(email('<p>Born {{formatDate customer.birthday "long"}}</p>', { language: 'en' }));
    expect(english.renderEmail(ctx({ birthday: { month: 3, day: 8, year: 1985 } }, { now }), 'send').html).toContain('Born March 8, 1985');
  });
});

describe('SMS', () => {
  const sms = (body: string, isMarketing = true): TemplateSource => ({ channel: 'sms', versionId: 9, subject: null, bodyFormat: 'text', body, textBody: null, attachments: [], isMarketing });

  it('adds the account signature once and the opt-out suffix for marketing', async () => {
    const compiled = await compileTemplate(sms('{{greeting}}新品上市，欢迎选购。'));
    const out = compiled.renderSms(ctx({}, { account: { displayName: 'x', smsSignature: '某某公司' } }), 'send');
    expect(out).toEqual({
      text: '【某某公司】尊敬的张先生：新品上市，欢迎选购。回T退订',
      characters: 27,
      body: '尊敬的张先生：新品上市，欢迎选购。回T退订',
      signature: '【某某公司】',
      variant: { language: 'zh-CN', chain: [{ language: 'zh-CN', reason: 'customer', matched: true }] },
    });
    // A Chinese-only text stays Chinese for an English customer: greeting and opt-out follow the
    // text's language (this used to give "Dear Ms Smith,新品上市… Reply STOP to opt out").
    const en = compiled.renderSms(ctx({ language: 'en', familyName: 'Smith', givenName: 'Jo', gender: 'female' }, { account: { displayName: 'x', smsSignature: '[Acme]' } }), 'send');
    expect(en.text).toBe('[Acme]尊敬的Smith女士：新品上市，欢迎选购。回T退订');
  });

  it('leaves transactional texts and texts with their own opt-out alone', async () => {
    const plain = await compileTemplate(sms('您的验证码已发送', false));
    expect(plain.renderSms(ctx(), 'send').text).toBe('您的验证码已发送');
    const own = await compileTemplate(sms('【某某公司】活动进行中，退订回T'));
    expect(own.renderSms(ctx({}, { account: { displayName: 'x', smsSignature: '【某某公司】' } }), 'send').text).toBe('【某某公司】活动进行中，退订回T');
  });

  it('refuses to render an SMS template as email and the other way round', async () => {
    const compiled = await compileTemplate(sms('hi'));
    expect(isTidingsError(await caught(() => compiled.renderEmail(ctx(), 'send')), 'TEMPLATE_CHANNEL_MISMATCH')).toBe(true);
    const mail = await compileTemplate(email('<p/>'));
    expect(isTidingsError(await caught(() => mail.renderSms(ctx(), 'send')), 'TEMPLATE_CHANNEL_MISMATCH')).toBe(true);
  });
});
