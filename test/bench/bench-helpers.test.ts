import { describe, expect, it } from 'vitest';
import { parseOptions } from '../../bench/lib/options.js';
import { formatRows } from '../../bench/lib/table.js';

describe('bench options', () => {
  const cases = [
    { name: 'defaults', input: [], expected: { messages: 20_000, inboxMessages: 10_000, million: false, skipDistributed: false } },
    { name: 'quick', input: ['--quick'], expected: { messages: 2_000, inboxMessages: 1_000 } },
    { name: 'explicit count wins over quick', input: ['--quick', '--messages', '5000'], expected: { messages: 5_000 } },
    { name: 'flags', input: ['--million', '--skip-distributed'], expected: { million: true, skipDistributed: true } },
  ];
  for (const c of cases) it(c.name, () => expect(parseOptions(c.input)).toMatchObject(c.expected));

  it('rejects unknown options and bad counts', () => {
    expect(() => parseOptions(['--nope'])).toThrow(/unknown option/);
    expect(() => parseOptions(['--messages', '-1'])).toThrow(/positive integer/);
    expect(() => parseOptions(['--only', 'everything'])).toThrow(/unknown step/);
  });
});

describe('bench table', () => {
  it('aligns numbers right and prints ratios', () => {
    const out = formatRows([
      { name: 'limit', count: 1000, ms: 500, perSecond: 2000 },
      { name: 'tidings', count: 1000, ms: 1000, perSecond: 1000, vsLimit: 0.5, vsBaseline: 2 },
    ]).split('\n');
    expect(out).toHaveLength(4);
    expect(out[3]).toMatch(/^tidings\s+1000\s+1\.00\s+1000\s+50%\s+2\.00×$/);
  });
});
