import { describe, expect, it } from 'vitest';
import { isOptOut } from '../../src/modules/billing/index.js';
import { loadConfig } from '../../src/app/index.js';

const cases = [
  { name: 'STOP', input: 'STOP', expected: true },
  { name: 'lower case with spaces', input: '  stop ', expected: true },
  { name: 'UNSUBSCRIBE', input: 'Unsubscribe', expected: true },
  { name: 'TD with a Chinese full stop', input: 'TD。', expected: true },
  { name: 'full-width ＴＤ', input: 'ＴＤ', expected: true },
  { name: 'single letters T / N / R', input: 'r', expected: true },
  { name: '退订 with an exclamation mark', input: '退订！', expected: true },
  { name: 'a sentence containing stop is a reply, not an opt-out', input: 'please stop by', expected: false },
  { name: 'empty', input: '   ', expected: false },
  { name: 'thanks', input: '谢谢', expected: false },
];

describe('opt-out keywords', () => {
  for (const c of cases) it(c.name, () => expect(isOptOut(c.input)).toBe(c.expected));

  it('reads a configured list from BILLING_SMS_OPT_OUT_KEYWORDS', () => {
    const config = loadConfig({ BILLING_SMS_OPT_OUT_KEYWORDS: 'QUIT, 取消' });
    expect(config.BILLING_SMS_OPT_OUT_KEYWORDS).toEqual(['QUIT', '取消']);
    expect(isOptOut('quit', config.BILLING_SMS_OPT_OUT_KEYWORDS)).toBe(true);
    expect(isOptOut('STOP', config.BILLING_SMS_OPT_OUT_KEYWORDS)).toBe(false);
    expect(loadConfig({}).BILLING_SMS_OPT_OUT_KEYWORDS).toContain('退订');
  });
});
