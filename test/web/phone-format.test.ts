// Phone numbers are stored E.164 and shown grouped, the way people write them.
import { expect, it } from 'vitest';
import { formatPhone } from '../../src/web/client/ui/phone-format.js';

it('groups mainland mobiles 3-4-4 and NANP numbers 3-3-4, and leaves what is not E.164 alone', () => {
  expect(formatPhone('+8613800138000')).toBe('+86 138 0013 8000');
  expect(formatPhone('+14155550100')).toBe('+1 415 555 0100');
  expect(formatPhone('+441632960961')).toBe('+44 1632 9609 61');
  expect(formatPhone('13800138000')).toBe('13800138000');
});
