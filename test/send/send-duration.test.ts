import { describe, expect, it } from 'vitest';
import { estimateSendDuration, quietSpanOf } from '../../src/modules/sending/index.js';

const start = new Date('2027-02-06T01:00:00Z'); // 09:00 in Shanghai

describe('estimateSendDuration: time left under the rate limits and quiet hours', () => {
  it('the slowest account window sets the pace: 1,000 at 50/min takes 19 minutes, whatever the per-second limit', () => {
    const d = estimateSendDuration({ messages: 1000, limits: { perSecond: 10, perMinute: 50 }, start });
    expect(d).toMatchObject({ seconds: 19 * 60, limitedBy: 'account', heldByQuietHours: false });
    expect(d.endsAt.toISOString()).toBe('2027-02-06T01:19:00.000Z');
  });

  it('a per-day cap spreads a large send over days', () => {
    expect(estimateSendDuration({ messages: 2500, limits: { perDay: 1000 }, start }).seconds).toBe(2 * 86_400);
  });

  it('one big recipient domain is capped by its concurrency, not by the account', () => {
    const perDomain = new Map([['qq.com', 900], ['163.com', 100]]);
    const d = estimateSendDuration({ messages: 1000, limits: { perSecond: 100 }, perDomain, domainConcurrency: 10, secondsPerMessage: 1, start });
    expect(d).toMatchObject({ seconds: 90, limitedBy: 'domain' });
  });

  it('no limits: no time to speak of', () => {
    expect(estimateSendDuration({ messages: 5, limits: {}, start })).toMatchObject({ seconds: 0, limitedBy: 'none' });
  });

  it('quiet hours stop the clock overnight: 14 h of sending from 09:00 goes on at 08:00 the next morning', () => {
    const quiet = quietSpanOf({ start: '21:00', end: '08:00' }, 'Asia/Shanghai');
    // 14 h at one per hour: 12 h until 21:00, the rest after 08:00 the next day.
    const d = estimateSendDuration({ messages: 15, limits: { perHour: 1 }, start, quiet });
    expect(d.endsAt.toISOString()).toBe('2027-02-07T02:00:00.000Z'); // 10:00 the next day, Shanghai
    expect(d.heldByQuietHours).toBe(true);
  });

  it('a send that starts inside quiet hours waits for the morning', () => {
    const quiet = quietSpanOf({ start: '21:00', end: '08:00' }, 'Asia/Shanghai');
    const night = new Date('2027-02-06T14:00:00Z'); // 22:00 Shanghai
    const d = estimateSendDuration({ messages: 1, limits: { perSecond: 1 }, start: night, quiet });
    expect(d.endsAt.toISOString()).toBe('2027-02-07T00:00:00.000Z');
    expect(d).toMatchObject({ seconds: 10 * 3600, heldByQuietHours: true });
  });
});
