import { SegmentedMessage } from './segments-lib.js';

// GSM 03.38 extension table: each costs an escape plus the character (two septets).
const GSM_EXTENSION = new Set(['^', '{', '}', '\\', '[', '~', ']', '|', '€', '\f']);

/**
 * Splits a text into the parts a GSM network carries: GSM-7 153 septets per part (160 when it
 * fits in one), UCS-2 67 code units per part (70 when it fits in one). An extension character's
 * escape pair and a surrogate pair are never split, the same rule {@link countSegments} counts by.
 */
export function splitParts(text: string): { encoding: 'GSM-7' | 'UCS-2'; parts: string[] } {
  const encoding = new SegmentedMessage(text).encodingName;
  const gsm = encoding === 'GSM-7';
  const cost = (ch: string) => (gsm ? (GSM_EXTENSION.has(ch) ? 2 : 1) : ch.length);
  const chars = [...text];
  const total = chars.reduce((n, ch) => n + cost(ch), 0);
  const single = gsm ? 160 : 70;
  if (total <= single) return { encoding, parts: [text] };
  const capacity = gsm ? 153 : 67;
  const parts: string[] = [];
  let current = '';
  let used = 0;
  for (const ch of chars) {
    const c = cost(ch);
    if (used + c > capacity) {
      parts.push(current);
      current = '';
      used = 0;
    }
    current += ch;
    used += c;
  }
  if (current) parts.push(current);
  return { encoding, parts };
}
