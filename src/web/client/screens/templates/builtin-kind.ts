/** What a bundled template is for, read from its key (`spring-festival-zh-cn`, `birthday-sms-en`…). */
export type TemplateKind = 'holiday' | 'birthday' | 'letter' | 'announcement' | 'custom';

const HOLIDAYS = ['spring-festival', 'mid-autumn', 'new-year', 'christmas'];

/** The kind of a template; anything not bundled is `custom`. */
export function templateKind(builtin: string | null): TemplateKind {
  if (!builtin) return 'custom';
  if (HOLIDAYS.some((h) => builtin === h || builtin.startsWith(`${h}-`))) return 'holiday';
  if (builtin.startsWith('birthday')) return 'birthday';
  if (builtin.startsWith('handwritten-letter')) return 'letter';
  if (builtin.startsWith('product-announcement')) return 'announcement';
  return 'custom';
}

/**
 * The language a bundled template is written in: older ones were one language each (keys end in
 * `-en` or `-zh-cn`); current ones carry both (`both`).
 */
export function builtinLanguage(builtin: string | null): 'en' | 'zh-CN' | 'both' | null {
  if (!builtin) return null;
  if (builtin.endsWith('-en')) return 'en';
  if (builtin.endsWith('-zh-cn')) return 'zh-CN';
  return 'both';
}
