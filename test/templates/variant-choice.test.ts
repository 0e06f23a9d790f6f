import { describe, expect, it } from 'vitest';
import { chooseVariant, compileVersionInput, describeChain, inferLanguage } from '../../src/modules/templates/index.js';

describe('chooseVariant: the one rule for which language a customer gets', () => {
  const both = ['zh-CN', 'en'];
  const cases: Array<{ why: string; languages: string[]; fallback: string; customer: Parameters<typeof chooseVariant>[2]; chosen: string; chain: string }> = [
    { why: 'exact match', languages: both, fallback: 'zh-CN', customer: { language: 'en' }, chosen: 'en', chain: 'en ✓' },
    { why: 'regional tag falls back to its base', languages: both, fallback: 'zh-CN', customer: { language: 'en-GB' }, chosen: 'en', chain: 'en-GB → en ✓' },
    { why: 'case and underscores do not matter', languages: both, fallback: 'zh-CN', customer: { language: 'ZH_cn' }, chosen: 'zh-CN', chain: 'zh-CN ✓' },
    { why: 'base language finds a regional variant', languages: ['zh-CN', 'en-US'], fallback: 'zh-CN', customer: { language: 'en-GB' }, chosen: 'en-US', chain: 'en-GB → en → en-US ✓' },
    { why: 'script subtags shorten one by one', languages: ['zh', 'en'], fallback: 'en', customer: { language: 'zh-Hant-TW' }, chosen: 'zh', chain: 'zh-Hant-TW → zh-Hant → zh ✓' },
    { why: 'an unknown language gets the default', languages: both, fallback: 'zh-CN', customer: { language: 'fr-FR' }, chosen: 'zh-CN', chain: 'fr-FR → fr → zh-CN ✓' },
    { why: 'no language, Chinese name: guessed Chinese', languages: ['en', 'zh-CN'], fallback: 'en', customer: { displayName: '王芳' }, chosen: 'zh-CN', chain: 'zh-CN ✓' },
    { why: 'no language, Latin name: the default', languages: both, fallback: 'en', customer: { displayName: 'Alex' }, chosen: 'en', chain: 'en ✓' },
    { why: 'a default that is not a variant falls to the first', languages: ['en', 'de'], fallback: 'zh-CN', customer: { language: 'fr' }, chosen: 'en', chain: 'fr → zh-CN → en ✓' },
  ];
  for (const c of cases) {
    it(c.why, () => {
      const choice = chooseVariant(c.languages, c.fallback, c.customer);
      expect(choice.language).toBe(c.chosen);
      expect(describeChain(choice.chain)).toBe(c.chain);
      expect(choice.chain.at(-1)?.matched).toBe(true);
    });
  }
});

describe('inferLanguage: the language of content saved without one', () => {
  it('reads the words, not the merge tags or markup', () => {
    expect(inferLanguage('<p>{{greeting}}新春快乐</p>')).toBe('zh-CN');
    expect(inferLanguage('<p>{{greeting}} Happy new year</p>')).toBe('en');
    expect(inferLanguage('<mjml><mj-body><mj-text>{{greeting}} {{customer.company}}</mj-text></mj-body></mjml>')).toBe('und');
    expect(inferLanguage('x', 'christmas-en')).toBe('en');
  });
});

describe('a variant with a problem', () => {
  it('names its language in the error, with the field and line', async () => {
    const version = { language: 'zh-CN', subject: '你好', bodyFormat: 'text' as const, body: '{{greeting}}', attachments: [], isMarketing: false, variants: [{ language: 'en', subject: 'Hi', body: 'Hello\n{{customer.nmae}}' }] };
    await expect(compileVersionInput('email', version)).rejects.toMatchObject({ code: 'TEMPLATE_UNKNOWN_FIELD', message: expect.stringMatching(/^en: .*customer\.nmae.*line 2/), context: expect.objectContaining({ language: 'en' }) });
  });
});
