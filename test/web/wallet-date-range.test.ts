// The wallet's date presets and day arithmetic (src/web/client/screens/wallet/date-range.ts): the
// statistics count a message on the SMS account's local day, so the presets must be the account's.
import { describe, expect, it } from 'vitest';
import { addDays, isDay, presetOf, presetRange, todayIn } from '../../src/web/client/screens/wallet/date-range.js';

describe('wallet date ranges', () => {
  it('today is the account time zone’s day, not the browser’s', () => {
    const instant = new Date('2026-03-01T17:00:00Z');
    expect(todayIn('Asia/Shanghai', instant)).toBe('2026-03-02');
    expect(todayIn('America/Los_Angeles', instant)).toBe('2026-03-01');
    expect(todayIn('UTC', instant)).toBe('2026-03-01');
  });

  it('presets: this month up to today, the whole previous month (leap years, January), the last 30 days', () => {
    expect(presetRange('thisMonth', '2024-03-15')).toEqual({ from: '2024-03-01', to: '2024-03-15' });
    expect(presetRange('lastMonth', '2024-03-15')).toEqual({ from: '2024-02-01', to: '2024-02-29' });
    expect(presetRange('lastMonth', '2025-03-31')).toEqual({ from: '2025-02-01', to: '2025-02-28' });
    expect(presetRange('lastMonth', '2026-01-10')).toEqual({ from: '2025-12-01', to: '2025-12-31' });
    expect(presetRange('last30', '2026-03-01')).toEqual({ from: '2026-01-31', to: '2026-03-01' });
    expect(presetOf({ from: '2026-01-31', to: '2026-03-01' }, '2026-03-01')).toBe('last30');
    expect(presetOf({ from: '2026-01-30', to: '2026-03-01' }, '2026-03-01')).toBeUndefined();
  });

  it('days: real calendar days only; arithmetic across months and years', () => {
    expect(isDay('2024-02-29')).toBe(true);
    expect(isDay('2026-02-29')).toBe(false);
    expect(isDay('2026-13-01')).toBe(false);
    expect(isDay('2026-1-01')).toBe(false);
    expect(addDays('2025-12-31', 1)).toBe('2026-01-01');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
  });
});
