import { pinyin } from 'pinyin-pro';

/**
 * Two-character surnames: without this list 欧阳修 would be greeted as "欧先生". The common ones
 * from the Hundred Family Surnames (百家姓), plus 司马/诸葛/上官 that customers actually have.
 */
export const COMPOUND_SURNAMES: ReadonlySet<string> = new Set([
  '欧阳', '司马', '诸葛', '上官', '东方', '皇甫', '尉迟', '公孙', '慕容', '令狐', '长孙', '宇文',
  '司徒', '司空', '夏侯', '轩辕', '端木', '独孤', '南宫', '西门', '闻人', '澹台', '太史', '申屠',
  '万俟', '钟离', '赫连', '呼延', '拓跋', '百里', '东郭', '公冶', '濮阳', '淳于', '单于', '仲孙',
]);

const HAN = /^[\p{Script=Han}·]+$/u;

/** True when the text is written in Chinese characters only (spaces ignored). */
export const isHan = (text: string): boolean => HAN.test(text.replace(/\s+/g, ''));

/** Splits a Chinese full name into surname and given name, honouring compound surnames. */
export function splitChineseName(full: string): { family: string; given: string } | undefined {
  const name = full.replace(/\s+/g, '');
  if (!isHan(name) || name.length < 2 || name.length > 5) return undefined;
  const two = name.slice(0, 2);
  const familyLength = COMPOUND_SURNAMES.has(two) && name.length > 2 ? 2 : 1;
  return { family: name.slice(0, familyLength), given: name.slice(familyLength) };
}

/**
 * Romanises a Chinese name part for English text: 张 → "Zhang", 欧阳 → "Ouyang", 单 (as a
 * surname) → "Shan". Surname readings differ from everyday ones, hence `surname: 'head'`.
 */
export function romanise(text: string, isSurname: boolean): string {
  const syllables = pinyin(text, { toneType: 'none', type: 'array', surname: isSurname ? 'head' : 'off', v: true });
  const joined = syllables.join('');
  return joined.charAt(0).toUpperCase() + joined.slice(1);
}
