import { describe, expect, it } from 'vitest';
import { greeting, type GreetingInput } from '../../src/modules/templates/index.js';

const cases: Array<{ name: string; input: GreetingInput; expected: string }> = [
  // Chinese
  { name: 'zh male', input: { familyName: '张', givenName: '伟', gender: 'male', language: 'zh-CN' }, expected: '尊敬的张先生：' },
  { name: 'zh female', input: { familyName: '张', givenName: '丽', gender: 'female', language: 'zh-CN' }, expected: '尊敬的张女士：' },
  { name: 'zh title 总', input: { familyName: '张', givenName: '伟', title: '总', language: 'zh-CN' }, expected: '尊敬的张总：' },
  { name: 'zh title wins over gender', input: { familyName: '王', givenName: '芳', title: '经理', gender: 'female', language: 'zh-CN' }, expected: '尊敬的王经理：' },
  { name: 'zh title 老师', input: { familyName: '李', title: '老师', language: 'zh' }, expected: '尊敬的李老师：' },
  { name: 'zh compound 欧阳 male', input: { familyName: '欧阳', givenName: '修', gender: 'male', language: 'zh-CN' }, expected: '尊敬的欧阳先生：' },
  { name: 'zh compound 司马 from display name', input: { displayName: '司马光', gender: 'male', language: 'zh-CN' }, expected: '尊敬的司马先生：' },
  { name: 'zh compound 诸葛 female title', input: { displayName: '诸葛青', title: '总', language: 'zh-CN' }, expected: '尊敬的诸葛总：' },
  { name: 'zh display name split, single surname', input: { displayName: '刘德华', gender: 'male', language: 'zh-CN' }, expected: '尊敬的刘先生：' },
  { name: 'zh no gender: full name', input: { familyName: '张', givenName: '伟', language: 'zh-CN' }, expected: '尊敬的张伟：' },
  { name: 'zh given name only', input: { givenName: '小明', language: 'zh-CN' }, expected: '亲爱的小明：' },
  { name: 'zh surname only, no gender', input: { familyName: '陈', language: 'zh-CN' }, expected: '尊敬的陈先生/女士：' },
  { name: 'zh nothing known', input: { language: 'zh-CN' }, expected: '亲爱的朋友：' },
  { name: 'zh blank strings', input: { familyName: ' ', givenName: '', displayName: '  ', language: 'zh-CN' }, expected: '亲爱的朋友：' },
  { name: 'zh Western name with gender', input: { familyName: 'Smith', givenName: 'John', gender: 'male', language: 'zh-CN' }, expected: '尊敬的Smith先生：' },
  { name: 'zh English title Dr mapped', input: { familyName: '王', title: 'Dr', language: 'zh-CN' }, expected: '尊敬的王博士：' },
  { name: 'zh English title Ms.', input: { familyName: 'Brown', title: 'Ms.', language: 'zh-CN' }, expected: '尊敬的Brown女士：' },
  { name: 'zh language guessed from Chinese name', input: { familyName: '赵', givenName: '敏', gender: 'female' }, expected: '尊敬的赵女士：' },
  { name: 'zh company display name (not a person)', input: { displayName: 'ACME Ltd', language: 'zh-CN' }, expected: '尊敬的ACME Ltd：' },
  { name: 'zh-TW tag still Chinese', input: { familyName: '林', gender: 'male', language: 'zh-TW' }, expected: '尊敬的林先生：' },
  // English
  { name: 'en Mr', input: { familyName: 'Smith', givenName: 'John', gender: 'male', language: 'en' }, expected: 'Dear Mr Smith,' },
  { name: 'en Ms', input: { familyName: 'Smith', givenName: 'Jane', gender: 'female', language: 'en' }, expected: 'Dear Ms Smith,' },
  { name: 'en Dr wins over gender', input: { familyName: 'Smith', givenName: 'Jane', gender: 'female', title: 'Dr', language: 'en' }, expected: 'Dear Dr Smith,' },
  { name: 'en title with dot', input: { familyName: 'Jones', title: 'Mrs.', language: 'en-GB' }, expected: 'Dear Mrs Jones,' },
  { name: 'en Prof', input: { familyName: 'Hawking', title: 'prof', language: 'en' }, expected: 'Dear Prof Hawking,' },
  { name: 'en given name only', input: { givenName: 'Alex', language: 'en' }, expected: 'Dear Alex,' },
  { name: 'en no gender: given name', input: { familyName: 'Taylor', givenName: 'Alex', language: 'en' }, expected: 'Dear Alex,' },
  { name: 'en other gender: given name', input: { familyName: 'Taylor', givenName: 'Sam', gender: 'other', language: 'en' }, expected: 'Dear Sam,' },
  { name: 'en surname only', input: { familyName: 'Taylor', language: 'en' }, expected: 'Dear Mr/Ms Taylor,' },
  { name: 'en display name only', input: { displayName: 'Alex Smith', language: 'en' }, expected: 'Dear Alex Smith,' },
  { name: 'en nothing known', input: { language: 'en' }, expected: 'Dear customer,' },
  { name: 'en no language, no name', input: {}, expected: 'Dear customer,' },
  { name: 'en Chinese name romanised', input: { familyName: '张', givenName: '伟', gender: 'male', language: 'en' }, expected: 'Dear Mr Zhang,' },
  { name: 'en compound surname romanised', input: { familyName: '欧阳', givenName: '娜', gender: 'female', language: 'en' }, expected: 'Dear Ms Ouyang,' },
  { name: 'en surname reading 单 = Shan', input: { familyName: '单', gender: 'male', language: 'en' }, expected: 'Dear Mr Shan,' },
  { name: 'en Chinese title 先生 mapped', input: { familyName: '李', title: '先生', language: 'en' }, expected: 'Dear Mr Li,' },
  { name: 'en Chinese name, no gender: family first', input: { displayName: '司马光', language: 'en' }, expected: 'Dear Sima Guang,' },
  { name: 'en Chinese title 总 has no English form: gender', input: { familyName: '王', title: '总', gender: 'male', language: 'en' }, expected: 'Dear Mr Wang,' },
  { name: 'en Western name, language guessed', input: { familyName: 'Smith', gender: 'male' }, expected: 'Dear Mr Smith,' },
  { name: 'CR/LF in a name is flattened', input: { familyName: 'Smith\r\nBcc: x', gender: 'male', language: 'en' }, expected: 'Dear Mr Smith Bcc: x,' },
];

describe('greeting', () => {
  it('has at least 30 cases across both languages', () => {
    expect(cases.length).toBeGreaterThanOrEqual(30);
    expect(cases.filter((c) => c.expected.endsWith('：')).length).toBeGreaterThanOrEqual(15);
    expect(cases.filter((c) => c.expected.endsWith(',')).length).toBeGreaterThanOrEqual(15);
  });
  it.each(cases)('$name', ({ input, expected }) => {
    expect(greeting(input)).toBe(expected);
  });
});
