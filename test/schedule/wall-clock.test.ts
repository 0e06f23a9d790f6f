import { describe, expect, it } from 'vitest';
import { isTimeZone } from '../../src/modules/schedule/index.js';

describe('isTimeZone', () => {
  it('knows IANA zones and refuses anything else, the same on every call', () => {
    for (let round = 0; round < 2; round++) {
      expect(isTimeZone('Asia/Shanghai')).toBe(true);
      expect(isTimeZone('Asia/Kathmandu')).toBe(true);
      expect(isTimeZone('UTC')).toBe(true);
      expect(isTimeZone('Asia/Beijing')).toBe(false);
      expect(isTimeZone('')).toBe(false);
      expect(isTimeZone('+08:00 or so')).toBe(false);
    }
  });

  it('stays right after more distinct strings than it remembers', () => {
    for (let i = 0; i < 2_500; i++) expect(isTimeZone(`Nowhere/Place${i}`)).toBe(false);
    expect(isTimeZone('Europe/Berlin')).toBe(true);
    expect(isTimeZone('Nowhere/Place1')).toBe(false);
  });
});
