import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';
import { TidingsError } from '../../platform/errors/index.js';
import type { E164 } from './sms-provider.js';

/**
 * Validates a phone number and returns it in E.164. Numbers without a country code are read as
 * `defaultCountry` (China by default: "138 0013 8000" → +8613800138000). Throws SMS_INVALID_NUMBER
 * before anything is reserved.
 */
export function normalisePhone(input: string, defaultCountry: CountryCode = 'CN'): E164 {
  const parsed = parsePhoneNumberFromString(input.trim(), defaultCountry);
  if (!parsed || !parsed.isValid()) {
    throw new TidingsError('SMS_INVALID_NUMBER', `"${input}" is not a valid phone number.`, { context: { input } });
  }
  return parsed.number;
}

/** Like {@link normalisePhone} but answers undefined for an invalid number. */
export function tryNormalisePhone(input: string, defaultCountry: CountryCode = 'CN'): E164 | undefined {
  const parsed = parsePhoneNumberFromString(input.trim(), defaultCountry);
  return parsed?.isValid() ? parsed.number : undefined;
}
