import { pinyin } from 'pinyin-pro';
import type { CustomerData } from './customer.schema.js';

/** Full pinyin without tones or spaces, and the initials: 张伟 → ["zhangwei", "zw"]. */
export function pinyinKeys(value: string, isName: boolean): string[] {
  // Only the Chinese characters matter, and pinyin-pro is several times slower on mixed text;
  // this runs for every imported row.
  const han = value.replace(/[^\p{Script=Han}]/gu, '');
  if (han === '') return [];
  // `surname: 'head'` reads a leading surname the way surnames are read: 单 → shan, 曾 → zeng.
  const syllables = pinyin(han, { toneType: 'none', type: 'array', surname: isName ? 'head' : 'off' });
  return [syllables.join(''), syllables.map((s) => s.charAt(0)).join('')];
}

/**
 * The lower-cased text `search` matches against with a substring test: names, company, emails,
 * phone numbers (E.164 and without the country code, so 138… finds +86138…), and the pinyin and
 * initials of the Chinese name and company (zw finds 张伟).
 */
export function buildSearchText(c: Pick<CustomerData, 'displayName' | 'familyName' | 'givenName' | 'company' | 'emails' | 'phones'>): string {
  const parts = new Set<string>();
  for (const value of [c.displayName, c.familyName, c.givenName, c.company]) {
    if (value) parts.add(value.toLowerCase());
  }
  for (const key of pinyinKeys(c.displayName, true)) parts.add(key);
  if (c.company) for (const key of pinyinKeys(c.company, false)) parts.add(key);
  for (const email of c.emails) parts.add(email);
  for (const phone of c.phones) parts.add(phone);
  return [...parts].join(' ');
}

/** A LIKE pattern for a substring match of `query`, wildcards in the query escaped with `\`. */
export const likeContains = (query: string): string => `%${query.trim().toLowerCase().replace(/[\\%_]/g, (m) => `\\${m}`)}%`;
