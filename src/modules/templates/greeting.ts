import { isHan, romanise, splitChineseName } from './chinese-name.js';

/** The name facts a greeting is built from; every one may be missing. */
export interface GreetingInput {
  readonly familyName?: string | null;
  readonly givenName?: string | null;
  readonly displayName?: string | null;
  /** 先生 / 女士 / 总 / 经理 / 老师 / Mr / Ms / Mrs / Dr / Prof … */
  readonly title?: string | null;
  readonly gender?: 'female' | 'male' | 'other' | null;
  /** BCP 47; `zh*` greets in Chinese, anything else in English. Unknown: guessed from the name. */
  readonly language?: string | null;
}

/** Western honorifics and the Chinese forms they correspond to. */
const EN_TO_ZH: Readonly<Record<string, string>> = {
  mr: '先生', ms: '女士', mrs: '女士', miss: '小姐', dr: '博士', prof: '教授', professor: '教授',
};
/** Chinese titles with an English counterpart; the rest (总, 经理, 老师) have none and fall back to gender. */
const ZH_TO_EN: Readonly<Record<string, string>> = {
  先生: 'Mr', 女士: 'Ms', 小姐: 'Ms', 太太: 'Mrs', 夫人: 'Mrs', 博士: 'Dr', 医生: 'Dr', 教授: 'Prof',
};
const EN_TITLES: Readonly<Record<string, string>> = {
  mr: 'Mr', ms: 'Ms', mrs: 'Mrs', miss: 'Miss', dr: 'Dr', prof: 'Prof', professor: 'Professor', mx: 'Mx', sir: 'Sir',
};

const clean = (value: string | null | undefined): string => (value ?? '').replace(/[\r\n\t]+/g, ' ').trim();

interface Name {
  family: string;
  given: string;
  /** The whole name as displayed. */
  full: string;
  chinese: boolean;
}

/** Works out family and given name, splitting a Chinese display name when the parts are absent. */
function resolveName(input: GreetingInput): Name {
  let family = clean(input.familyName);
  let given = clean(input.givenName);
  const display = clean(input.displayName);
  if (!family && !given && display) {
    const split = splitChineseName(display);
    if (split) ({ family, given } = split);
  }
  const chinese = isHan(family + given) && (family + given).length > 0;
  const full = family || given ? (chinese ? family + given : [given, family].filter(Boolean).join(' ')) : display;
  return { family, given, full, chinese: chinese || (full !== '' && isHan(full)) };
}

/** Chinese unless the language says otherwise; with no language, a Chinese name means Chinese. */
export function greetingLanguage(input: GreetingInput, name = resolveName(input)): 'zh-CN' | 'en' {
  const language = clean(input.language);
  if (language) return /^zh\b/i.test(language) ? 'zh-CN' : 'en';
  return name.chinese ? 'zh-CN' : 'en';
}

/**
 * A locale-aware salutation with its punctuation: "尊敬的张先生：", "尊敬的欧阳女士：",
 * "尊敬的张总：", "亲爱的朋友：", "Dear Mr Smith,", "Dear Dr Zhang,", "Dear Alex,", "Dear customer,".
 *
 * Rules, in order: a title wins over gender (张总, Dr Smith); gender gives 先生/女士 or Mr/Ms; with
 * neither, Chinese uses the full name (尊敬的张伟：) and English the given name (Dear Alex,);
 * a given name alone is greeted warmly (亲爱的小明：); nothing known gives 亲爱的朋友： / Dear
 * customer,. A Chinese name in English is romanised (Dear Mr Zhang,); a Western name in Chinese
 * keeps its letters (尊敬的Smith先生：).
 */
export function greeting(input: GreetingInput): string {
  const name = resolveName(input);
  return greetingLanguage(input, name) === 'zh-CN' ? zhGreeting(input, name) : enGreeting(input, name);
}

function zhGreeting(input: GreetingInput, name: Name): string {
  const rawTitle = clean(input.title);
  const title = EN_TO_ZH[rawTitle.toLowerCase().replace(/\.$/, '')] ?? rawTitle;
  const honorific = title || (input.gender === 'male' ? '先生' : input.gender === 'female' ? '女士' : '');
  if (name.family && honorific) return `尊敬的${name.family}${honorific}：`;
  // A surname alone cannot stand on its own in Chinese ("尊敬的张："); letters write 先生/女士.
  if (name.family) return name.given ? `尊敬的${name.full}：` : `尊敬的${name.family}先生/女士：`;
  if (name.given) return `亲爱的${name.given}：`;
  if (name.full) return `尊敬的${name.full}：`;
  return '亲爱的朋友：';
}

function enGreeting(input: GreetingInput, name: Name): string {
  const rawTitle = clean(input.title);
  const key = rawTitle.toLowerCase().replace(/\.$/, '');
  const title = EN_TITLES[key] ?? ZH_TO_EN[rawTitle] ?? (input.gender === 'male' ? 'Mr' : input.gender === 'female' ? 'Ms' : '');
  const family = name.chinese && name.family ? romanise(name.family, true) : name.family;
  const given = name.chinese && name.given ? romanise(name.given, false) : name.given;
  if (family && title) return `Dear ${title} ${family},`;
  // Chinese names keep family-first order romanised ("Dear Zhang Wei,"): a bare "Dear Wei,"
  // reads as overly familiar to most Chinese customers.
  if (name.chinese && family && given) return `Dear ${family} ${given},`;
  if (given) return `Dear ${given},`;
  if (family) return `Dear Mr/Ms ${family},`;
  if (name.full) return `Dear ${name.full},`;
  return 'Dear customer,';
}
