import { createContext, type ComponentChildren } from 'preact';
import { useCallback, useContext, useEffect, useMemo, useState } from 'preact/hooks';

/** The languages the UI speaks. */
export const LOCALES = ['en', 'zh-CN'] as const;
export type Locale = (typeof LOCALES)[number];

/** One screen's texts in every language; the type makes a missing translation a compile error. */
export type Messages<K extends string> = { readonly [L in Locale]: Readonly<Record<K, string>> };

/** Declares a screen's texts (identity at run time; the point is the type check). */
export function defineMessages<K extends string>(messages: Messages<K>): Messages<K> {
  return messages;
}

/** Values put into `{name}` placeholders. */
export type Vars = Readonly<Record<string, string | number>>;

/** Translates a key of one message table, filling `{name}` placeholders. */
export type Translate<K extends string> = (key: K, vars?: Vars) => string;

const STORAGE_KEY = 'tidings.locale';

/** The saved choice, else the browser's first language we speak, else English. */
export function initialLocale(): Locale {
  const saved = globalThis.localStorage?.getItem(STORAGE_KEY);
  if (saved === 'en' || saved === 'zh-CN') return saved;
  for (const language of globalThis.navigator?.languages ?? []) {
    if (/^zh\b/i.test(language)) return 'zh-CN';
    if (/^en\b/i.test(language)) return 'en';
  }
  return 'en';
}

interface LocaleState {
  readonly locale: Locale;
  readonly setLocale: (locale: Locale) => void;
}

const LocaleContext = createContext<LocaleState>({ locale: 'en', setLocale: () => undefined });

/** Holds the current language; remembers a choice in localStorage and sets `<html lang>`. */
export function LocaleProvider({ children }: { children: ComponentChildren }) {
  const [locale, setLocaleState] = useState<Locale>(initialLocale);
  useEffect(() => {
    document.documentElement.lang = locale;
  }, [locale]);
  const setLocale = useCallback((next: Locale) => {
    globalThis.localStorage?.setItem(STORAGE_KEY, next);
    setLocaleState(next);
  }, []);
  const value = useMemo(() => ({ locale, setLocale }), [locale, setLocale]);
  return <LocaleContext.Provider value={value}>{children}</LocaleContext.Provider>;
}

/** The current language and its setter. */
export function useLocale(): LocaleState {
  return useContext(LocaleContext);
}

/** Fills `{name}` placeholders; an unknown placeholder stays visible so it is noticed. */
export function format(template: string, vars?: Vars): string {
  if (!vars) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in vars ? String(vars[name]) : whole));
}

/** A translate function over one message table, in the current language. */
export function useT<K extends string>(messages: Messages<K>): Translate<K> {
  const { locale } = useLocale();
  return useCallback((key: K, vars?: Vars) => format(messages[locale][key], vars), [messages, locale]);
}
