import { describe, expect, it } from 'vitest';
import { dayKey } from '../../src/modules/billing/index.js';

const at = (iso: string) => Date.parse(iso);

// Consecutive lookups in one zone, so the remembered day is hit, left and re-entered.
const cases: { name: string; input: { at: string; zone: string }[]; expected: string[] }[] = [
  {
    name: 'Shanghai: the day turns at 16:00 UTC, in both directions',
    input: [
      { at: '2026-03-01T15:59:59.999Z', zone: 'Asia/Shanghai' },
      { at: '2026-03-01T00:00:00.000Z', zone: 'Asia/Shanghai' },
      { at: '2026-03-01T16:00:00.000Z', zone: 'Asia/Shanghai' },
      { at: '2026-03-01T15:59:59.999Z', zone: 'Asia/Shanghai' },
      { at: '2026-03-02T15:59:59.999Z', zone: 'Asia/Shanghai' },
    ],
    expected: ['2026-03-01', '2026-03-01', '2026-03-02', '2026-03-01', '2026-03-02'],
  },
  {
    name: 'New York: the 23-hour day of the spring change and the 25-hour day of the autumn one',
    input: [
      { at: '2026-03-08T04:59:59.999Z', zone: 'America/New_York' },
      { at: '2026-03-08T05:00:00.000Z', zone: 'America/New_York' },
      { at: '2026-03-09T03:59:59.999Z', zone: 'America/New_York' },
      { at: '2026-03-09T04:00:00.000Z', zone: 'America/New_York' },
      { at: '2026-11-01T04:00:00.000Z', zone: 'America/New_York' },
      { at: '2026-11-02T04:59:59.999Z', zone: 'America/New_York' },
      { at: '2026-11-02T05:00:00.000Z', zone: 'America/New_York' },
    ],
    expected: ['2026-03-07', '2026-03-08', '2026-03-08', '2026-03-09', '2026-11-01', '2026-11-01', '2026-11-02'],
  },
  {
    name: 'zones do not share the remembered day',
    input: [
      { at: '2026-03-01T17:00:00.000Z', zone: 'Asia/Shanghai' },
      { at: '2026-03-01T17:00:00.000Z', zone: 'UTC' },
      { at: '2026-03-01T17:00:00.000Z', zone: 'Asia/Shanghai' },
    ],
    expected: ['2026-03-02', '2026-03-01', '2026-03-02'],
  },
];

describe('dayKey', () => {
  for (const c of cases) {
    it(c.name, () => {
      expect(c.input.map((i) => dayKey(at(i.at), i.zone))).toEqual(c.expected);
    });
  }

  it('refuses an unknown time zone', () => {
    expect(() => dayKey(0, 'Mars/Olympus')).toThrow(/Unknown time zone/);
  });
});
