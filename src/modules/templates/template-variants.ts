import { z } from 'zod';
import { isHan } from './chinese-name.js';

/**
 * A template version holds one variant per language (its subject, body and hand-written text
 * part; for SMS the body is the text). One variant is the default. Which variant a recipient gets
 * is decided by {@link chooseVariant} alone, for sends, previews and test sends.
 */

/** The content of one language variant. */
export interface VariantContent {
  /** Canonical BCP 47 tag: `zh-CN`, `en`, `en-GB`. */
  readonly language: string;
  readonly subject: string | null;
  readonly body: string;
  readonly textBody: string | null;
}

/** Canonical form of a language tag (`en_gb` → `en-GB`), or undefined for something that is not one. */
export function canonicalLanguageTag(tag: string): string | undefined {
  const trimmed = tag.trim().replace(/_/g, '-');
  if (!/^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$/.test(trimmed)) return undefined;
  try {
    return Intl.getCanonicalLocales(trimmed)[0];
  } catch {
    return undefined;
  }
}

/** A language tag at the edge (HTTP, CLI, module input), stored canonical. */
export const LanguageTagSchema = z
  .string()
  .trim()
  .max(35)
  .transform((tag, ctx) => {
    const canonical = canonicalLanguageTag(tag);
    if (canonical === undefined) {
      ctx.addIssue({ code: 'custom', message: `"${tag}" is not a language such as zh-CN, en or en-GB` });
      return z.NEVER;
    }
    return canonical;
  });

/** One more language of a version, besides its default content. */
export const VariantInputSchema = z.object({
  language: LanguageTagSchema,
  /** Required for email, ignored for SMS. Merge tags allowed; must be one line. */
  subject: z.string().trim().max(998).nullish(),
  body: z.string().min(1, 'the body is empty').max(1_000_000),
  textBody: z.string().max(1_000_000).nullish(),
});
export type VariantInput = z.input<typeof VariantInputSchema>;

/** "Undetermined" (BCP 47): content with no words of its own, only merge tags and markup. */
export const UNDETERMINED = 'und';

/**
 * The language of content saved without one (versions written before variants existed, API
 * callers that do not say): a built-in's key suffix, else Chinese when the words (outside merge
 * tags and markup) have Chinese characters, English when they have Latin words, else `und` —
 * content such as "{{greeting}} {{customer.company}}" speaks whatever the customer reads.
 */
export function inferLanguage(text: string, builtin?: string | null): string {
  if (builtin?.endsWith('-en')) return 'en';
  if (builtin?.endsWith('-zh-cn')) return 'zh-CN';
  const words = text.replace(/\{\{[\s\S]*?\}\}/g, ' ').replace(/<[^>]*>/g, ' ').replace(/&[#\w]+;/g, ' ');
  if (/\p{Script=Han}/u.test(words)) return 'zh-CN';
  return /\p{L}{2,}/u.test(words) ? 'en' : UNDETERMINED;
}

/** One step of the fallback chain, as previews show it ("en-GB → en ✓"). */
export interface ChainStep {
  /** The language tried. */
  readonly language: string;
  /**
   * Why it was tried: the customer's language, a shorter form of it, a variant of the same base
   * language, the customer's language guessed from a Chinese name, the template default, or the
   * first variant.
   */
  readonly reason: 'customer' | 'parent' | 'sibling' | 'guessed' | 'default' | 'first';
  /** This step found the variant that is used (always the last step). */
  readonly matched: boolean;
}

/** The variant chosen for one recipient and how it was found. */
export interface VariantChoice {
  /** The chosen variant's language (as stored). */
  readonly language: string;
  readonly chain: readonly ChainStep[];
}

/** What the choice reads of a customer: their language, and their name when no language is set. */
export interface VariantCustomer {
  readonly language?: string | null;
  readonly displayName?: string | null;
  readonly familyName?: string | null;
  readonly givenName?: string | null;
}

const lower = (tag: string): string => tag.toLowerCase();

/**
 * THE rule for which language variant a recipient gets: the customer's language (`en-GB`), then
 * ever shorter forms of it (`en`), then another variant of the same base language (`en-US`), then
 * the template's default language, then the first variant. A customer without a language but
 * with a Chinese name is taken to read Chinese. Tags compare case-insensitively.
 */
export function chooseVariant(languages: readonly string[], defaultLanguage: string, customer: VariantCustomer): VariantChoice {
  const chain: ChainStep[] = [];
  const find = (tag: string) => languages.find((l) => lower(l) === lower(tag));
  const tried = new Set<string>();
  const attempt = (tag: string, reason: ChainStep['reason']): VariantChoice | undefined => {
    if (tried.has(lower(tag))) return undefined;
    tried.add(lower(tag));
    const hit = find(tag);
    chain.push({ language: hit ?? tag, reason, matched: hit !== undefined });
    return hit === undefined ? undefined : { language: hit, chain };
  };

  const stated = customer.language ? canonicalLanguageTag(customer.language) : undefined;
  const name = `${customer.familyName ?? ''}${customer.givenName ?? ''}` || (customer.displayName ?? '');
  const wanted = stated ?? (isHan(name) ? 'zh-CN' : undefined);
  if (wanted !== undefined) {
    const found = attempt(wanted, stated ? 'customer' : 'guessed');
    if (found) return found;
    const subtags = wanted.split('-');
    for (let n = subtags.length - 1; n >= 1; n -= 1) {
      const shorter = attempt(subtags.slice(0, n).join('-'), 'parent');
      if (shorter) return shorter;
    }
    const base = lower(subtags[0] ?? '');
    const sibling = languages.find((l) => lower(l.split('-')[0] ?? '') === base);
    if (sibling) {
      const found = attempt(sibling, 'sibling');
      if (found) return found;
    }
  }
  const byDefault = attempt(defaultLanguage, 'default');
  if (byDefault) return byDefault;
  const first = languages[0] ?? defaultLanguage;
  tried.delete(lower(first));
  return attempt(first, 'first') ?? { language: first, chain };
}

/** The chain as one line: "en-GB → en ✓". */
export function describeChain(chain: readonly ChainStep[]): string {
  return chain.map((step) => (step.matched ? `${step.language} ✓` : step.language)).join(' → ');
}
