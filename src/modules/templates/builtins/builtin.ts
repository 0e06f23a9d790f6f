import type { VersionInput } from '../templates.repository.js';

/** The languages every built-in is bundled in. */
export type BuiltinLanguage = 'zh-CN' | 'en';

/** One language of a built-in, as the layout files write it. */
export interface BuiltinPart {
  /** What it is: "spring-festival", "birthday-sms"; the key of the template it goes into. */
  readonly kind: string;
  readonly channel: 'email' | 'sms';
  readonly language: BuiltinLanguage;
  readonly description: string;
  readonly version: { readonly subject?: string; readonly bodyFormat: 'mjml' | 'html' | 'text'; readonly body: string; readonly isMarketing: boolean };
}

/**
 * A template bundled with Tidings, installed by `tidings templates install-builtins`: one
 * template with a variant per language (Chinese the default, English the other), so each
 * customer gets the variant of their language.
 */
export interface BuiltinTemplate {
  /** Stable key stored in `templates.builtin`, also the template name: "spring-festival". */
  readonly key: string;
  readonly channel: 'email' | 'sms';
  /** Its languages, the default first. */
  readonly languages: readonly BuiltinLanguage[];
  /** One line for `templates list`, in both languages. */
  readonly description: string;
  readonly version: VersionInput;
}

/** Groups the per-language parts into one template per kind, Chinese as the default variant. */
export function combineParts(parts: readonly BuiltinPart[]): BuiltinTemplate[] {
  const kinds = [...new Set(parts.map((p) => p.kind))];
  return kinds.map((kind) => {
    const mine = parts.filter((p) => p.kind === kind).sort((a, b) => (a.language === 'zh-CN' ? -1 : b.language === 'zh-CN' ? 1 : 0));
    const [main, ...others] = mine;
    if (!main) throw new Error(`built-in ${kind} has no content`);
    return {
      key: kind,
      channel: main.channel,
      languages: mine.map((p) => p.language),
      description: mine.map((p) => p.description).join(' · '),
      version: {
        language: main.language,
        ...(main.version.subject === undefined ? {} : { subject: main.version.subject }),
        bodyFormat: main.version.bodyFormat,
        body: main.version.body,
        isMarketing: main.version.isMarketing,
        variants: others.map((p) => ({ language: p.language, ...(p.version.subject === undefined ? {} : { subject: p.version.subject }), body: p.version.body })),
      },
    };
  });
}

/**
 * A built-in with `language` as its default variant (the company profile's language), the other
 * languages after it; unchanged when it has no such variant or it is already the default.
 */
export function withDefaultLanguage(builtin: BuiltinTemplate, language: string): BuiltinTemplate {
  const { version } = builtin;
  const others = version.variants ?? [];
  const chosen = others.find((v) => v.language === language);
  if (!chosen || version.language === language) return builtin;
  const main = { language: version.language ?? 'und', ...(version.subject == null ? {} : { subject: version.subject }), body: version.body };
  return {
    ...builtin,
    languages: [chosen.language as BuiltinLanguage, ...builtin.languages.filter((l) => l !== chosen.language)],
    version: {
      ...version,
      language: chosen.language,
      subject: chosen.subject ?? null,
      body: chosen.body,
      variants: [main, ...others.filter((v) => v !== chosen)],
    },
  };
}
