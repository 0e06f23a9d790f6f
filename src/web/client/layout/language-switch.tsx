import { useId } from 'preact/hooks';
import { common } from '../i18n/common.js';
import { LOCALES, useLocale, useT, type Locale } from '../i18n/index.js';

const NAMES: Record<Locale, string> = { en: 'English', 'zh-CN': '简体中文' };

/** The language picker, labelled in the current language, each option in its own. */
export function LanguageSwitch() {
  const { locale, setLocale } = useLocale();
  const t = useT(common);
  const id = useId();
  return (
    <span class="language-switch">
      <label for={id}>{t('language')}</label>
      <select id={id} value={locale} onChange={(event) => setLocale((event.currentTarget as HTMLSelectElement).value as Locale)}>
        {LOCALES.map((l) => (
          <option key={l} value={l} lang={l}>
            {NAMES[l]}
          </option>
        ))}
      </select>
    </span>
  );
}
