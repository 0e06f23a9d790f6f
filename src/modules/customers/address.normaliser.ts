import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max';

// Deliberately stricter than RFC 5322: what real mailboxes look like and what SMTP servers accept
// unquoted. Quoted local parts ("a b"@x) and IP literals are refused rather than mis-sent.
const EMAIL = /^[a-z0-9!#$%&'*+/=?^_`{|}~.-]+@(?:[a-z0-9\u00a1-\uffff](?:[a-z0-9\u00a1-\uffff-]{0,61}[a-z0-9\u00a1-\uffff])?\.)+[a-z\u00a1-\uffff]{2,63}$/u;

/** A lower-cased, trimmed email address, or undefined when it is not a deliverable-looking address. */
export function normaliseEmail(raw: string): string | undefined {
  // Chinese input methods produce full-width @ and dots; people paste "<a@b>" from mail clients.
  const email = raw
    .normalize('NFKC')
    .trim()
    .replace(/^mailto:/i, '')
    .replace(/^<(.*)>$/, '$1')
    .toLowerCase();
  if (email.length > 254 || !EMAIL.test(email)) return undefined;
  const local = email.slice(0, email.lastIndexOf('@'));
  if (local.length > 64 || local.startsWith('.') || local.endsWith('.') || local.includes('..')) return undefined;
  return email;
}

/** The part after the @, lower-cased. */
export const emailDomain = (email: string): string => email.slice(email.lastIndexOf('@') + 1).toLowerCase();

/**
 * A phone number in E.164 (+8613800138000), or undefined when it is not a valid number. National
 * numbers are read in `region` (the config's TIDINGS_DEFAULT_REGION, CN by default): 138 0013 8000
 * → +8613800138000. `00` / `+` prefixes, spaces, dashes, brackets and full-width digits are fine.
 */
export function normalisePhone(raw: string, region: string): string | undefined {
  const text = raw.normalize('NFKC').trim().replace(/^tel:/i, '');
  if (!/\d/.test(text) || /[a-z]{2,}/i.test(text.replace(/\b(ext|x)\.?\s*\d+$/i, ''))) return undefined;
  // Fast path for the overwhelmingly common case, a Chinese mobile (11 digits, 1[3-9]…): parsing
  // with full metadata costs ~0.3 ms, which a million-row import feels.
  const digits = text.replace(/[\s().-]/g, '');
  const mobile = /^(?:(?:\+|00)86)?(1[3-9]\d{9})$/.exec(digits);
  if (mobile && (region.toUpperCase() === 'CN' || /^(?:\+|00)86/.test(digits))) return `+86${mobile[1]}`;
  // "0086 138…" is how many Chinese spreadsheets spell the international prefix.
  const prepared = text.replace(/^00(?=[1-9])/, '+');
  const phone = parsePhoneNumberFromString(prepared, region.toUpperCase() as CountryCode);
  if (!phone || !phone.isValid()) return undefined;
  return phone.number;
}
