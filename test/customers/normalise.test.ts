import { describe, expect, it } from 'vitest';
import { formatBirthday, normaliseEmail, normalisePhone, parseBirthday, splitName } from '../../src/modules/customers/index.js';
import { neutraliseCell, unneutraliseCell } from '../../src/modules/customers/index.js';

describe('splitName', () => {
  const cases = [
    { name: 'two-character Chinese name', input: '张伟', expected: { familyName: '张', givenName: '伟', displayName: '张伟' } },
    { name: 'three-character Chinese name', input: '王小明', expected: { familyName: '王', givenName: '小明', displayName: '王小明' } },
    { name: 'compound surname 欧阳', input: '欧阳娜娜', expected: { familyName: '欧阳', givenName: '娜娜', displayName: '欧阳娜娜' } },
    { name: 'compound surname 诸葛', input: '诸葛亮', expected: { familyName: '诸葛', givenName: '亮', displayName: '诸葛亮' } },
    { name: 'compound surname 司马', input: '司马懿', expected: { familyName: '司马', givenName: '懿', displayName: '司马懿' } },
    { name: 'two characters that look compound stay single', input: '欧阳', expected: { familyName: '欧', givenName: '阳', displayName: '欧阳' } },
    { name: 'Chinese name typed with a space', input: '张 伟', expected: { familyName: '张', givenName: '伟', displayName: '张伟' } },
    { name: 'middle dot name', input: '买买提·艾力', expected: { familyName: '艾力', givenName: '买买提', displayName: '买买提·艾力' } },
    { name: 'Western name', input: 'Alex Smith', expected: { familyName: 'Smith', givenName: 'Alex', displayName: 'Alex Smith' } },
    { name: 'Western name with middle name', input: 'Mary Ann  Lee', expected: { familyName: 'Lee', givenName: 'Mary Ann', displayName: 'Mary Ann Lee' } },
    { name: 'family name first with a comma', input: 'Smith, Alex', expected: { familyName: 'Smith', givenName: 'Alex', displayName: 'Alex Smith' } },
    { name: 'single word', input: 'Madonna', expected: { familyName: null, givenName: 'Madonna', displayName: 'Madonna' } },
  ];
  for (const { name, input, expected } of cases) it(name, () => expect(splitName(input)).toEqual(expected));
  it('gives nothing for an empty name', () => expect(splitName('   ')).toBeUndefined());
});

describe('normalisePhone', () => {
  const cases = [
    { name: 'CN mobile, national', input: '13800138000', region: 'CN', expected: '+8613800138000' },
    { name: 'CN mobile with spaces and dashes', input: '138-0013 8000', region: 'CN', expected: '+8613800138000' },
    { name: 'international with +', input: '+86 138 0013 8000', region: 'US', expected: '+8613800138000' },
    { name: '0086 prefix', input: '0086 13800138000', region: 'CN', expected: '+8613800138000' },
    { name: 'full-width digits', input: '１３８００１３８０００', region: 'CN', expected: '+8613800138000' },
    { name: 'Beijing landline', input: '010-12345678', region: 'CN', expected: '+861012345678' },
    { name: 'US number in region US', input: '(415) 555-2671', region: 'US', expected: '+14155552671' },
    { name: 'too short', input: '12345', region: 'CN', expected: undefined },
    { name: 'letters', input: 'call me', region: 'CN', expected: undefined },
    { name: 'invalid CN mobile prefix', input: '12800138000', region: 'CN', expected: undefined },
  ];
  for (const { name, input, region, expected } of cases) it(name, () => expect(normalisePhone(input, region)).toBe(expected));
});

describe('normaliseEmail', () => {
  const cases = [
    { name: 'lower-cases', input: ' Wang.Wei@Example.TEST ', expected: 'wang.wei@example.test' },
    { name: 'full-width @', input: 'li＠qq.com', expected: 'li@qq.com' },
    { name: 'angle brackets', input: '<li@qq.com>', expected: 'li@qq.com' },
    { name: 'plus tag', input: 'li+news@qq.com', expected: 'li+news@qq.com' },
    { name: 'no @', input: 'li.qq.com', expected: undefined },
    { name: 'two @', input: 'li@@qq.com', expected: undefined },
    { name: 'no TLD', input: 'li@localhost', expected: undefined },
    { name: 'double dot', input: 'li..wei@qq.com', expected: undefined },
    { name: 'space inside', input: 'li wei@qq.com', expected: undefined },
  ];
  for (const { name, input, expected } of cases) it(name, () => expect(normaliseEmail(input)).toBe(expected));
});

describe('parseBirthday', () => {
  const cases = [
    { name: 'ISO date', input: '1990-03-15', expected: { year: 1990, month: 3, day: 15 } },
    { name: 'slashes, no padding', input: '1990/3/5', expected: { year: 1990, month: 3, day: 5 } },
    { name: 'compact', input: '19900315', expected: { year: 1990, month: 3, day: 15 } },
    { name: 'month-day', input: '03-15', expected: { year: null, month: 3, day: 15 } },
    { name: 'ISO without year', input: '--03-15', expected: { year: null, month: 3, day: 15 } },
    { name: 'Chinese with year', input: '1990年3月15日', expected: { year: 1990, month: 3, day: 15 } },
    { name: 'Chinese without year', input: '3月15号', expected: { year: null, month: 3, day: 15 } },
    { name: 'Feb 29 without a year', input: '02-29', expected: { year: null, month: 2, day: 29 } },
    { name: 'Feb 29 in a leap year', input: '2000-02-29', expected: { year: 2000, month: 2, day: 29 } },
    { name: 'Feb 29 in a common year', input: '1991-02-29', expected: undefined },
    { name: 'Feb 30', input: '02-30', expected: undefined },
    { name: 'April 31', input: '1990-04-31', expected: undefined },
    { name: 'month 13', input: '1990-13-01', expected: undefined },
    { name: 'year in the future', input: '2999-01-01', expected: undefined },
    { name: 'words', input: 'next tuesday', expected: undefined },
  ];
  for (const { name, input, expected } of cases) it(name, () => expect(parseBirthday(input)).toEqual(expected));
  it('formats with and without year', () => {
    expect(formatBirthday({ year: null, month: 3, day: 5 })).toBe('--03-05');
    expect(formatBirthday({ year: 1990, month: 12, day: 25 })).toBe('1990-12-25');
  });
});

describe('CSV cell neutralisation', () => {
  const cases = [
    { name: 'formula', input: '=HYPERLINK("http://x")', exported: `'=HYPERLINK("http://x")` },
    { name: 'phone number', input: '+8613800138000', exported: "'+8613800138000" },
    { name: 'minus', input: '-5', exported: "'-5" },
    { name: 'at', input: '@SUM(A1)', exported: "'@SUM(A1)" },
    { name: 'tab', input: '\tx', exported: "'\tx" },
    { name: 'carriage return', input: '\rx', exported: "'\rx" },
    { name: 'already apostrophed formula', input: "'=1", exported: "''=1" },
    { name: 'plain text', input: '张伟', exported: '张伟' },
    { name: 'apostrophe text', input: "'quoted'", exported: "'quoted'" },
  ];
  for (const { name, input, exported } of cases) {
    it(name, () => {
      expect(neutraliseCell(input)).toBe(exported);
      expect(unneutraliseCell(exported)).toBe(input);
    });
  }
});
