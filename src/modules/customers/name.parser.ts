/** A person's name split into its parts. */
export interface PersonName {
  readonly familyName: string | null;
  readonly givenName: string | null;
  /** How the name is shown and greeted: 张伟, Alex Smith (without the title). */
  readonly displayName: string;
  /** An honorific typed with the name ("Mr", "Dr", "先生", "女士"); absent when there was none. */
  readonly title?: string;
}

/** English honorifics typed before a name, by their lower-case form without the dot. */
const EN_TITLES: Readonly<Record<string, string>> = {
  mr: 'Mr', mrs: 'Mrs', ms: 'Ms', miss: 'Miss', mx: 'Mx', dr: 'Dr', prof: 'Prof', professor: 'Prof', sir: 'Sir', madam: 'Madam',
};

/** Chinese honorifics typed after a name (张伟先生, 王女士, 李总), longest first so 夫人 wins over 人. */
const ZH_TITLES: readonly string[] = ['先生', '女士', '小姐', '太太', '夫人', '博士', '教授', '老师', '医生', '经理', '总'];

/** Takes a leading English or trailing Chinese honorific off a name; the name is left untouched when nothing but the title would remain. */
function takeTitle(name: string): { name: string; title?: string } {
  const words = name.split(' ');
  const first = EN_TITLES[(words[0] ?? '').toLowerCase().replace(/\.$/, '')];
  if (first && words.length > 1) return { name: words.slice(1).join(' '), title: first };
  if (isChineseName(name)) {
    const compact = name.replace(/ /g, '');
    const zh = ZH_TITLES.find((t) => compact.endsWith(t) && compact.length > t.length);
    if (zh) return { name: compact.slice(0, -zh.length), title: zh };
  }
  return { name };
}

/**
 * Two-character Chinese surnames (复姓). A name starting with one of these keeps both characters
 * as the family name: 欧阳娜娜 → 欧阳 + 娜娜, not 欧 + 阳娜娜.
 */
export const COMPOUND_SURNAMES: ReadonlySet<string> = new Set([
  '欧阳', '司马', '诸葛', '上官', '东方', '皇甫', '尉迟', '公孙', '慕容', '长孙', '宇文', '司徒',
  '夏侯', '令狐', '轩辕', '端木', '独孤', '南宫', '西门', '百里', '呼延', '万俟', '澹台', '公冶',
  '宗政', '濮阳', '淳于', '单于', '太叔', '申屠', '仲孙', '闻人', '东郭', '南门', '拓跋', '钟离',
  '赫连', '司空', '第五', '亓官', '左丘', '谷梁', '公羊', '梁丘', '闾丘', '东门', '羊舌', '微生',
]);

const HAN = /\p{Script=Han}/u;
const ALL_HAN = /^[\p{Script=Han}·・•]+$/u;

/** True when the text is written in Chinese characters (the name order is family first, no space). */
export const isChineseName = (name: string): boolean => ALL_HAN.test(name.replace(/\s+/g, ''));

/**
 * Splits a full name as people type it. Chinese names have no space: the first character (or a
 * compound surname) is the family name. Names with a middle dot (买买提·艾力, 阿沛·阿旺晋美)
 * follow given·family order. Western names: "Alex Smith" → given Alex, family Smith; "Smith,
 * Alex" → the comma puts the family name first. A single word is a given name. Returns undefined
 * for an empty name. An honorific goes to `title`, not into a name part: "Mr John Smith" → Mr +
 * John + Smith, "张伟先生" → 先生 + 张 + 伟, "王女士" → 女士 + family 王.
 */
export function splitName(raw: string): PersonName | undefined {
  const whole = raw.normalize('NFC').replace(/\s+/g, ' ').trim();
  if (whole === '') return undefined;
  const { name, title } = takeTitle(whole);
  // With a title, a compound surname alone is the family name (欧阳女士), not 欧 + 阳.
  const parts = title !== undefined && COMPOUND_SURNAMES.has(name) ? { familyName: name, givenName: null, displayName: name } : splitPlainName(name);
  return title === undefined ? parts : { ...parts, title };
}

/** A name without honorific into its parts. */
function splitPlainName(name: string): PersonName {
  if (isChineseName(name)) {
    const compact = name.replace(/ /g, '');
    const dotted = compact.split(/[·・•]/).filter((p) => p !== '');
    if (dotted.length > 1) {
      return { givenName: dotted[0] ?? null, familyName: dotted.slice(1).join('·'), displayName: dotted.join('·') };
    }
    const chars = [...compact];
    if (chars.length === 1) return { familyName: compact, givenName: null, displayName: compact };
    const head = chars.slice(0, 2).join('');
    const familyLength = chars.length > 2 && COMPOUND_SURNAMES.has(head) ? 2 : 1;
    return {
      familyName: chars.slice(0, familyLength).join(''),
      givenName: chars.slice(familyLength).join('') || null,
      displayName: compact,
    };
  }
  const comma = name.indexOf(',');
  if (comma > 0) {
    const family = name.slice(0, comma).trim();
    const given = name.slice(comma + 1).trim();
    if (given) return { familyName: family, givenName: given, displayName: `${given} ${family}` };
  }
  const words = name.split(' ');
  if (words.length === 1) return { familyName: null, givenName: name, displayName: name };
  return { givenName: words.slice(0, -1).join(' '), familyName: words.at(-1) ?? null, displayName: name };
}

/** The display name from parts: family first without a space for Chinese, given first otherwise. */
export function joinName(familyName: string | null | undefined, givenName: string | null | undefined): string {
  const family = familyName?.trim() ?? '';
  const given = givenName?.trim() ?? '';
  if (!family || !given) return family || given;
  return HAN.test(family) && HAN.test(given) ? `${family}${given}` : `${given} ${family}`;
}
