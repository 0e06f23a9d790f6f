/** Names fixed for the tags we write most, so they read the same in every browser. */
const FIXED: Readonly<Record<string, string>> = {
  en: 'English',
  'zh-cn': '简体中文',
  'zh-hans': '简体中文',
  zh: '简体中文',
  'zh-tw': '繁體中文',
  'zh-hk': '繁體中文',
  'zh-hant': '繁體中文',
};

/**
 * A language tag (`zh-CN`, `en`, `ja`) as a person reads it, in that language itself ("简体中文",
 * "English", "日本語"), the way language pickers name languages; the tag itself when the browser
 * knows no name for it.
 */
export function languageName(tag: string): string {
  const fixed = FIXED[tag.toLowerCase()];
  if (fixed) return fixed;
  try {
    return new Intl.DisplayNames([tag], { type: 'language' }).of(tag) ?? tag;
  } catch {
    return tag;
  }
}
