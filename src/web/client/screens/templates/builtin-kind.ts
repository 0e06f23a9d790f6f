/** What a bundled template is for, read from its key (`spring-festival-zh-cn`, `birthday-sms-en`…). */
export type TemplateKind = 'holiday' | 'birthday' | 'letter' | 'announcement' | 'custom';

const HOLIDAYS = ['spring-festival', 'mid-autumn', 'new-year', 'christmas'];

/** The kind of a template; anything not bundled is `custom`. */
export function templateKind(builtin: string | null): TemplateKind {
  if (!builtin) return 'custom';
  if (HOLIDAYS.some((h) => builtin.startsWith(`${h}-`))) return 'holiday';
  if (builtin.startsWith('birthday-')) return 'birthday';
  if (builtin.startsWith('handwritten-letter-')) return 'letter';
  if (builtin.startsWith('product-announcement-')) return 'announcement';
  return 'custom';
}

/** The language a bundled template is written in (keys end in `-en` or `-zh-cn`). */
export function builtinLanguage(builtin: string | null): 'en' | 'zh-CN' | null {
  if (!builtin) return null;
  return builtin.endsWith('-en') ? 'en' : 'zh-CN';
}
