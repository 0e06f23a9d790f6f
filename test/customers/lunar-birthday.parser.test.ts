import { describe, expect, it } from 'vitest';
import { formatLunarBirthday, parseLunarBirthday, type LunarBirthday } from '../../src/modules/customers/index.js';
import { FakeClock } from '../helpers/clock.js';
import { referenceLeapMonth, referenceLunarMonth } from '../fixtures/schedule/chinese-years.js';

const clock = new FakeClock(Date.UTC(2026, 11, 7));
const lb = (month: number, day: number, leap = false, year: number | null = null): LunarBirthday => ({ month, day, leap, year });

describe('lunar birthday forms people write', () => {
  const forms: [string, LunarBirthday][] = [
    ['八月十五', lb(8, 15)],
    ['农历八月十五', lb(8, 15)],
    ['阴历 八月 十五', lb(8, 15)],
    ['闰四月初八', lb(4, 8, true)],
    ['正月初一', lb(1, 1)],
    ['腊月廿三', lb(12, 23)],
    ['冬月初十', lb(11, 10)],
    ['十一月三十', lb(11, 30)],
    ['十二月二十', lb(12, 20)],
    ['十月初十', lb(10, 10)],
    ['三月廿九', lb(3, 29)],
    ['五月二十一', lb(5, 21)],
    ['8月15日', lb(8, 15)],
    ['1990年八月十五', lb(8, 15, false, 1990)],
    ['农历2020年闰四月初八', lb(4, 8, true, 2020)],
    ['2020年农历闰四月初八', lb(4, 8, true, 2020)],
    ['L08-15', lb(8, 15)],
    ['l8-15', lb(8, 15)],
    ['L04-08L', lb(4, 8, true)],
    ['L闰04-08', lb(4, 8, true)],
    ['L1990-08-15', lb(8, 15, false, 1990)],
    ['Ｌ０８－１５', lb(8, 15)], // full-width, NFKC
    ['１９９０年八月十五', lb(8, 15, false, 1990)],
  ];
  it.each(forms)('%s', (raw, expected) => {
    expect(parseLunarBirthday(raw, clock)).toEqual({ ok: true, value: expected });
  });

  it('writes a form it reads back', () => {
    for (const [, value] of forms) {
      expect(parseLunarBirthday(formatLunarBirthday(value), clock)).toEqual({ ok: true, value });
    }
    expect(formatLunarBirthday(lb(4, 8, true, 2020))).toBe('2020年闰四月初八');
    expect(formatLunarBirthday(lb(12, 23))).toBe('腊月廿三');
  });
});

describe('errors say what to fix', () => {
  const reason = (raw: string) => {
    const r = parseLunarBirthday(raw, clock);
    return r.ok ? 'parsed' : r.reason;
  };
  it('day 31 or 0', () => {
    expect(reason('八月三十一')).toMatch(/at most 30 days/);
    expect(reason('L08-31')).toMatch(/at most 30 days/);
    expect(reason('L08-00')).toMatch(/at most 30 days/);
  });
  it('month 13', () => expect(reason('L13-01')).toMatch(/1 to 12/));
  it('a leap month that never occurs (闰腊月)', () => expect(reason('闰腊月初一')).toMatch(/闰腊月 does not occur.*write 腊月/));
  it('a leap month the given year did not have, naming the one it had', () => {
    // Per the published table: 2020's leap month was 闰四月, 2025's 闰六月; 2024 had none.
    expect(referenceLeapMonth(2020)).toBe(4);
    expect(reason('2025年闰四月初八')).toMatch(/2025 had no 闰四月 \(its leap month was 闰六月\)/);
    expect(reason('2024年闰四月初八')).toMatch(/2024 had no 闰四月 \(no leap month\)/);
  });
  it('day 30 of a month that had 29 days in the birth year', () => {
    const short = referenceLunarMonth(2024, 1, false)!;
    expect(short.days).toBe(29);
    expect(reason('2024年正月三十')).toMatch(/正月 of lunar year 2024 had only 29 days/);
    expect(reason('正月三十')).toBe('parsed'); // without a year the rule moves it to the 29th in short years
  });
  it('a year in the future', () => expect(reason('2030年八月十五')).toMatch(/outside 1901–2026/));
  it('Gregorian and other text', () => {
    expect(reason('1990-08-15')).toMatch(/not a lunar date.*八月十五/);
    expect(reason('中秋')).toMatch(/not a lunar date/);
  });
});
