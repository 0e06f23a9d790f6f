/**
 * An E.164 number grouped for reading: +86 138 0013 8000 for mainland China mobiles, +1 415 555
 * 0100 for NANP, otherwise the country code and groups of four. Display only; the stored value stays E.164.
 */
export function formatPhone(e164: string): string {
  const m = /^\+(\d+)$/.exec(e164);
  if (!m) return e164;
  const digits = m[1]!;
  if (digits.startsWith('86') && digits.length === 13) return `+86 ${digits.slice(2, 5)} ${digits.slice(5, 9)} ${digits.slice(9)}`;
  if (digits.startsWith('1') && digits.length === 11) return `+1 ${digits.slice(1, 4)} ${digits.slice(4, 7)} ${digits.slice(7)}`;
  const cc = digits.length > 10 ? digits.slice(0, digits.length - 10) : digits.slice(0, 2);
  const rest = digits.slice(cc.length).replace(/(\d{4})(?=\d)/g, '$1 ');
  return `+${cc} ${rest}`;
}
