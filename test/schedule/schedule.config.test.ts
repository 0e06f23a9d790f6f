import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/app/index.js';

describe('schedule config', () => {
  it('defaults: SMS quiet hours 21:00–08:00, a 30 s tick, 12 h lateness', () => {
    const config = loadConfig({});
    expect(config.SCHEDULE_QUIET_HOURS_SMS).toEqual({ start: '21:00', end: '08:00' });
    expect(config.SCHEDULE_TICK_SECONDS).toBe(30);
    expect(config.SCHEDULE_MAX_LATENESS_MINUTES).toBe(720);
  });

  it.each([
    { name: 'custom window', input: { SCHEDULE_QUIET_HOURS_SMS: '22:30-07:00' }, expected: { start: '22:30', end: '07:00' } },
    { name: 'off', input: { SCHEDULE_QUIET_HOURS_SMS: 'off' }, expected: undefined },
  ])('$name', ({ input, expected }) => {
    expect(loadConfig(input).SCHEDULE_QUIET_HOURS_SMS).toEqual(expected);
  });

  it.each([{ SCHEDULE_QUIET_HOURS_SMS: '9pm-8am' }, { SCHEDULE_TICK_SECONDS: '0' }, { SCHEDULE_QUIET_HOURS_EMAIL: '08:00-08:00' }])(
    'refuses %o naming the variable',
    (env) => {
      expect(() => loadConfig(env)).toThrow(expect.objectContaining({ code: 'CONFIG_INVALID', message: expect.stringContaining(Object.keys(env)[0]!) }));
    },
  );
});
