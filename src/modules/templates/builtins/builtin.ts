import type { VersionInput } from '../templates.repository.js';

/** The languages every built-in is bundled in. */
export type BuiltinLanguage = 'zh-CN' | 'en';

/** A template bundled with Tidings, installed by `tidings templates install-builtins`. */
export interface BuiltinTemplate {
  /** Stable key stored in `templates.builtin`, also the template name: "spring-festival-zh-cn". */
  readonly key: string;
  readonly channel: 'email' | 'sms';
  readonly language: BuiltinLanguage;
  /** One line for `templates list`. */
  readonly description: string;
  readonly version: VersionInput;
}

export const builtinKey = (kind: string, language: BuiltinLanguage): string => `${kind}-${language.toLowerCase()}`;
