// Issue "journeys", item 2: prices and amounts in 厘 (0.001 yuan), parsed and formatted as text.
import { describe, expect, it } from 'vitest';
import { formatMinor, MAX_AMOUNT_MINOR, parseMajor } from '../../src/modules/billing/index.js';
import { formatMinor as formatForReader, parseMinor } from '../../src/web/client/i18n/format.js';

describe('money in 厘', () => {
  const parsed = [
    { input: '0.045', expected: 45 },
    { input: '0.10', expected: 100 },
    { input: '100', expected: 100_000 },
    { input: '12.34', expected: 12_340 },
    { input: '-5.5', expected: -5_500 },
    // 0.07 × 1000 is 70.00000000000001 in floating point: the text path never sees it.
    { input: '0.07', expected: 70 },
    { input: '1.005', expected: 1_005 },
    { input: '10000000000', expected: MAX_AMOUNT_MINOR },
  ];
  for (const c of parsed) {
    it(`parses "${c.input}" exactly`, () => {
      expect(parseMajor(c.input)).toBe(c.expected);
    });
  }

  it('refuses a fourth decimal and amounts above the cap', () => {
    expect(() => parseMajor('0.0451')).toThrow(expect.objectContaining({ code: 'BILLING_INVALID_AMOUNT' }));
    expect(() => parseMajor('10000000000.001')).toThrow(expect.objectContaining({ code: 'BILLING_AMOUNT_TOO_LARGE' }));
    expect(() => parseMajor('99999999999999999999')).toThrow(expect.objectContaining({ code: 'BILLING_AMOUNT_TOO_LARGE' }));
  });

  it('formats with two decimals, three when the 厘 digit is set', () => {
    expect([45, 100, 100_000, 12_345, -2_000, 0].map(formatMinor)).toEqual(['0.045', '0.10', '100.00', '12.345', '-2.00', '0.00']);
  });

  it('the browser formats and parses the same unit', () => {
    expect(formatForReader(45, 'CNY', 'en')).toBe('¥0.045');
    expect(formatForReader(315, 'CNY', 'zh-CN')).toBe('¥0.315');
    expect(formatForReader(1_000_000, 'CNY', 'en')).toBe('¥1,000.00');
    expect(parseMinor('0.045')).toBe(45);
    expect(parseMinor('1,000.5')).toBe(1_000_500);
    expect(parseMinor('0.0451')).toBeNull();
  });
});
